package io.goroutines.impl.context;

import io.goroutines.RecvChan;
import io.goroutines.context.Context;

import java.time.Instant;
import java.util.Optional;

/**
 * Go's {@code withoutCancelCtx} (context.go): the parent's values, but never
 * canceled and no deadline. Immutable.
 */
final class WithoutCancelCtx implements Context {

    final Context parent;

    WithoutCancelCtx(Context parent) {
        this.parent = parent;
    }

    @Override
    public RecvChan<Void> done() {
        return Contexts.NEVER;
    }

    @Override
    public Exception err() {
        return null;
    }

    @Override
    public Optional<Instant> deadline() {
        return Optional.empty();
    }

    @Override
    public Object value(Object key) {
        return Contexts.value(this, key);
    }

    @Override
    public String toString() {
        return parent + ".WithoutCancel";
    }
}
