package io.goroutines.testkit;

import io.goroutines.RecvChan;
import io.goroutines.context.Context;

import java.time.Instant;
import java.util.Optional;

/**
 * Go's otherContext: a foreign Context that delegates everything to another one.
 *
 * @param inner the context delegated to
 */
public record OtherContext(Context inner) implements Context {
    @Override
    public RecvChan<Void> done() {
        return inner.done();
    }

    @Override
    public Exception err() {
        return inner.err();
    }

    @Override
    public Optional<Instant> deadline() {
        return inner.deadline();
    }

    @Override
    public Object value(Object key) {
        return inner.value(key);
    }
}
