package io.goroutines.impl.context;

import io.goroutines.RecvChan;
import io.goroutines.context.Context;

import java.time.Instant;
import java.util.Optional;

/**
 * Go's {@code valueCtx} (context.go): one key/value pair over a parent; everything
 * else is the parent's. Keys compare with {@code equals}, as Go compares interface
 * values with {@code ==}. Immutable.
 */
final class ValueCtx implements Context {

    final Context parent;
    final Object key;
    final Object val;

    ValueCtx(Context parent, Object key, Object val) {
        this.parent = parent;
        this.key = key;
        this.val = val;
    }

    @Override
    public RecvChan<Void> done() {
        return parent.done();
    }

    @Override
    public Exception err() {
        return parent.err();
    }

    @Override
    public Optional<Instant> deadline() {
        return parent.deadline();
    }

    @Override
    public Object value(Object k) {
        return Contexts.value(this, k);
    }

    @Override
    public String toString() {
        return parent + ".WithValue(" + key + ", " + val + ")";
    }
}
