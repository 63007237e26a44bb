package io.goroutines.context;

import java.time.Duration;
import java.time.Instant;

/**
 * A context together with its cancel function: what Go's {@code WithCancel},
 * {@code WithTimeout} and {@code WithDeadline} return as {@code (ctx, cancel)}.
 *
 * <p>Go code writes {@code defer cancel()}; here try-with-resources does the same,
 * since {@link #close()} cancels:
 * <pre>{@code
 * try (CancelContext ctx = Context.withTimeout(parent, Duration.ofSeconds(5))) {
 *     work(ctx);
 * }
 * }</pre>
 *
 * @see Context#withCancel(Context)
 * @see Context#withTimeout(Context, Duration)
 * @see Context#withDeadline(Context, Instant)
 */
public interface CancelContext extends Context, AutoCloseable {

    /**
     * Go's {@code cancel()}: cancels this context and its descendants with
     * {@link Context#CANCELED}, closes {@link #done()}, and releases the link to the
     * parent. Idempotent: calls after the first, or after the context was canceled
     * otherwise, do nothing.
     */
    void cancel();

    /**
     * Same as {@link #cancel()}, so that try-with-resources is Go's
     * {@code defer cancel()}.
     */
    @Override
    default void close() {
        cancel();
    }
}
