package io.goroutines.impl.context;

import io.goroutines.RecvChan;
import io.goroutines.context.Context;

import java.time.Instant;
import java.util.Optional;

/**
 * Go's {@code backgroundCtx} and {@code todoCtx} (context.go): never canceled, no
 * values, no deadline. Go's {@code Done()} returns nil here; the API
 * ({@code Context.done()}, docs/api.md) asks for a channel that is never closed, so both
 * share {@link Contexts#NEVER}.
 */
final class EmptyCtx implements Context {

    private final String name;

    EmptyCtx(String name) {
        this.name = name;
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
        return null;
    }

    @Override
    public String toString() {
        return name;
    }
}
