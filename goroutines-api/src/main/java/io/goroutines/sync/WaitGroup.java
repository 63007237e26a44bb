package io.goroutines.sync;

import io.goroutines.Go;
import io.goroutines.spi.Providers;
import io.goroutines.spi.SyncSpi;

import java.util.Objects;

/**
 * Go's {@code sync.WaitGroup}: waits for a collection of goroutines to finish.
 *
 * <p>The group holds a counter. {@link #add(int)} changes it, {@link #done()}
 * decrements it, and {@link #await()} (Go's {@code Wait}) blocks until it is zero.
 * {@link #go(Runnable)} (Go 1.25's {@code WaitGroup.Go}) does the usual
 * {@code add(1)}, start a goroutine, {@code done()} in one call:
 * <pre>{@code
 * WaitGroup wg = new WaitGroup();
 * for (String url : urls) {
 *     wg.go(() -> fetch(url));
 * }
 * wg.await();
 * }</pre>
 *
 * <p>As in Go, calls of {@code add} with a positive delta that start from a zero
 * counter must happen before {@code await}. A counter that goes negative throws
 * {@code Panic("sync: negative WaitGroup counter")}. A goroutine blocked in
 * {@code await} shows as {@code sync.WaitGroup.Wait} in dumps. Any thread may use a
 * {@code WaitGroup}. {@link #await()} is not interruptible, in a goroutine and in any
 * other thread alike, as Go has no interrupts: an interrupt neither ends nor shortens
 * the wait, and the thread's interrupt status is set again when it returns. Java code
 * that cancels by interrupt waits with {@link #awaitInterruptibly()}.
 */
public final class WaitGroup {

    private final SyncSpi.WaitGroupOps impl;

    /** Makes a group with a zero counter, ready to use (Go's zero value). */
    public WaitGroup() {
        impl = Providers.get().sync().newWaitGroup();
    }

    /**
     * Go's {@code wg.Add(delta)}: adds {@code delta}, which may be negative, to the
     * counter. When the counter reaches zero, every goroutine blocked in
     * {@link #await()} is released.
     *
     * @param delta the amount to add
     * @throws io.goroutines.Panic {@code "sync: negative WaitGroup counter"} if the
     *                             counter would go below zero
     */
    public void add(int delta) {
        impl.add(delta);
    }

    /**
     * Go's {@code wg.Done()}: decrements the counter by one.
     *
     * @throws io.goroutines.Panic {@code "sync: negative WaitGroup counter"} if the
     *                             counter was zero
     */
    public void done() {
        impl.add(-1);
    }

    /**
     * Go's {@code wg.Wait()}: blocks until the counter is zero. Named {@code await}
     * because {@link Object#wait()} is final.
     */
    public void await() {
        impl.await();
    }

    /**
     * {@link #await()} that an interrupt ends, for Java code that cancels by interrupt;
     * otherwise the same. As Java's interruptible waits
     * ({@link java.util.concurrent.CountDownLatch#await()}):
     * <ul>
     *   <li>if the calling thread's interrupt status is set on entry, or it is
     *       interrupted while the counter is above zero, it stops waiting and throws
     *       {@link InterruptedException} with the status cleared; the group no longer
     *       counts it as a waiter;</li>
     *   <li>if the counter already reached zero when the interrupt comes, it returns
     *       normally, with the interrupt status set.</li>
     * </ul>
     * The same in a goroutine and in any other thread.
     *
     * @throws InterruptedException if the thread was interrupted before or while waiting
     */
    public void awaitInterruptibly() throws InterruptedException {
        impl.awaitInterruptibly();
    }

    /**
     * Go 1.25's {@code wg.Go(f)}: adds one to the counter, then runs {@code f} in a
     * new goroutine that calls {@link #done()} when {@code f} returns, normally or by
     * a panic.
     *
     * @param f the function to run
     * @throws NullPointerException if {@code f} is {@code null}
     */
    public void go(Runnable f) {
        Objects.requireNonNull(f, "f must not be null");
        impl.add(1);
        Go.go(() -> {
            try {
                f.run();
            } finally {
                impl.add(-1); // Go: defer wg.Done()
            }
        });
    }
}
