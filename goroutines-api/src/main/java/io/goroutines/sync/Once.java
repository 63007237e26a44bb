package io.goroutines.sync;

import io.goroutines.spi.Providers;
import io.goroutines.spi.SyncSpi;

import java.util.Objects;

/**
 * Go's {@code sync.Once}: performs exactly one action.
 *
 * <p>{@link #run(Runnable)} (Go's {@code Do}) runs its function only on the first
 * call for this {@code Once}, even when called with different functions. No call
 * returns before that one function has returned, so every caller sees its effects.
 * If the function panics, the {@code Once} still counts it as done: later calls do
 * not run anything. A function that calls {@code run} on the same {@code Once}
 * deadlocks, as in Go.
 *
 * <p>Any thread may use a {@code Once}.
 */
public final class Once {

    private final SyncSpi.OnceOps impl;

    /** Makes a {@code Once} that has not run yet (Go's zero value). */
    public Once() {
        impl = Providers.get().sync().newOnce();
    }

    /**
     * Go's {@code once.Do(f)}: runs {@code f} if and only if this is the first call
     * of {@code run} on this {@code Once}; otherwise waits until the first call's
     * function has returned.
     *
     * @param f the function to run at most once
     * @throws NullPointerException if {@code f} is {@code null}
     */
    public void run(Runnable f) {
        Objects.requireNonNull(f, "f must not be null");
        impl.run(f);
    }
}
