package io.goroutines.sync;

import io.goroutines.context.Context;
import io.goroutines.spi.Providers;
import io.goroutines.spi.SyncSpi;

import java.util.Objects;

/**
 * Go's {@code golang.org/x/sync/semaphore.Weighted}: bounds concurrent access to a
 * resource by weight. Callers acquire a weight of their choosing and release it when
 * done; at no time do the weights held add up to more than the semaphore's size.
 * <pre>{@code
 * Semaphore sem = new Semaphore(GoRuntime.gomaxprocs(0));
 * for (Task t : tasks) {
 *     sem.acquire(ctx, 1);       // throws ctx.err() if ctx is done first
 *     Go.go(() -> {
 *         try {
 *             t.run();
 *         } finally {
 *             sem.release(1);
 *         }
 *     });
 * }
 * }</pre>
 *
 * <ul>
 *   <li><b>FIFO</b>: {@link #acquire} waits in a queue, and a release admits waiters
 *       from its front only while the next one fits. A large waiter at the front is not
 *       overtaken by smaller ones behind it, so it is not starved; {@link #tryAcquire}
 *       fails while anyone waits.</li>
 *   <li><b>Cancellation</b>: a waiter whose context is done leaves the queue, the
 *       semaphore unchanged, and throws {@code ctx.err()}; if it was at the front, the
 *       waiters behind it that now fit are admitted. A context already done when
 *       {@code acquire} is called fails it even if the weight is free.</li>
 *   <li>A weight larger than the size can never be held: {@code acquire} of it waits
 *       until the context is done, without holding up anyone else.</li>
 *   <li>Memory: a {@code release} happens before the return of an {@code acquire} that
 *       it let through.</li>
 * </ul>
 *
 * <p>Weights are not owned: any goroutine may release what another acquired. Any thread
 * may use a {@code Semaphore}. A goroutine waiting in {@code acquire} shows as
 * {@code select} in dumps, as in Go (x/sync waits in a select on the context). Waiting is
 * not interruptible; cancel it through the context.
 */
public final class Semaphore {

    private final SyncSpi.WeightedOps impl;

    /**
     * Go's {@code semaphore.NewWeighted(n)}: a semaphore whose held weights may add up
     * to {@code n}, with nothing held.
     *
     * @param n the size: the total weight that may be held at once
     * @throws IllegalArgumentException if {@code n} is negative
     */
    public Semaphore(long n) {
        if (n < 0) {
            throw new IllegalArgumentException("semaphore size must not be negative, got " + n
                    + ": the size is the total weight the holders may have at once (0 or more)");
        }
        impl = Providers.get().sync().newWeighted(n);
    }

    /**
     * Go's {@code s.Acquire(ctx, n)}: acquires weight {@code n}, waiting in FIFO order
     * until it is available or {@code ctx} is done. On failure nothing is held and the
     * semaphore is as if this call had not been made.
     *
     * @param ctx ends the wait when done; {@link Context#background()} waits as long as
     *            it takes
     * @param n   the weight to acquire; {@code 0} succeeds as soon as nobody waits ahead
     * @throws Exception                {@code ctx.err()}, that very instance (for example
     *                                  {@link Context#CANCELED} or
     *                                  {@link Context#DEADLINE_EXCEEDED}), when
     *                                  {@code ctx} was done before the weight could be
     *                                  acquired
     * @throws NullPointerException     if {@code ctx} is {@code null}
     * @throws IllegalArgumentException if {@code n} is negative
     */
    public void acquire(Context ctx, long n) throws Exception {
        Objects.requireNonNull(ctx, "ctx must not be null: pass Context.background() to wait without a deadline");
        impl.acquire(ctx, requireWeight(n, "acquire"));
    }

    /**
     * Go's {@code s.TryAcquire(n)}: acquires weight {@code n} if it is available and
     * nobody is waiting, without blocking.
     *
     * @param n the weight to acquire
     * @return {@code true} if the weight was acquired; {@code false} leaves the
     *         semaphore unchanged
     * @throws IllegalArgumentException if {@code n} is negative
     */
    public boolean tryAcquire(long n) {
        return impl.tryAcquire(requireWeight(n, "tryAcquire"));
    }

    /**
     * Go's {@code s.Release(n)}: releases weight {@code n}, then admits the waiters at
     * the front of the queue that now fit.
     *
     * @param n the weight to release
     * @throws io.goroutines.Panic      {@code "semaphore: released more than held"} if
     *                                  less than {@code n} is held; the semaphore is
     *                                  left unchanged
     * @throws IllegalArgumentException if {@code n} is negative
     */
    public void release(long n) {
        impl.release(requireWeight(n, "release"));
    }

    private static long requireWeight(long n, String method) {
        if (n < 0) {
            throw negativeWeight(n, method);
        }
        return n;
    }

    /** Out of line, so that the checks above stay small enough to inline. */
    private static IllegalArgumentException negativeWeight(long n, String method) {
        return new IllegalArgumentException("semaphore " + method + ": weight must not be negative, got " + n
                + (method.equals("release") ? "" : "; to give weight back, call release with a positive weight"));
    }

    /** {@return the size, the weight held and whether anyone waits, racily read: for debugging} */
    @Override
    public String toString() {
        return impl.toString();
    }
}
