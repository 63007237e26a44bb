package io.goroutines;

import java.util.Iterator;

/**
 * The receive side of a channel: Go's {@code <-chan T}.
 *
 * <p>A {@link Chan} is both a {@code RecvChan} and a {@link SendChan}; pass a
 * channel as {@code RecvChan} to a function that should only receive from it, as
 * Go code passes a {@code <-chan T}.
 *
 * <p>{@code null} is a legal element and stands for Go's zero value, so
 * {@link #recv()} cannot tell a received {@code null} from a closed channel; use
 * {@link #recvOk()} for that, as Go's {@code v, ok := <-ch}. Values buffered before
 * the channel was closed are still received, in order.
 *
 * <p>Any thread may receive: goroutines, other virtual threads and platform
 * threads.
 *
 * <p><b>Interrupts.</b> {@link #recv()}, {@link #recvOk()} and the {@link #iterator()}
 * are not interruptible, in a goroutine and in any other thread alike, as Go has no
 * interrupts: an interrupt neither ends nor shortens the wait, and the thread's
 * interrupt status is set again when the receive returns. Go code cancels through a
 * {@link io.goroutines.context.Context} and a {@link Select}. Java code that cancels by
 * interrupt ({@code Future.cancel(true)}, {@code ExecutorService.shutdownNow()}, a
 * {@code StructuredTaskScope} that shuts down, a test's timeout) receives with
 * {@link #recvInterruptibly()} or {@link #recvOkInterruptibly()}, which follow Java's
 * rule for interruptible waits: they throw {@link InterruptedException}.
 *
 * @param <T> the element type
 */
public interface RecvChan<T> extends Iterable<T> {

    /**
     * Go's {@code v := <-ch}: receives a value, blocking until one is sent or the
     * channel is closed.
     *
     * @return the value received, or {@code null} (the zero value) once the channel
     *         is closed and drained
     */
    T recv();

    /**
     * Go's {@code v, ok := <-ch}: receives a value, blocking until one is sent or
     * the channel is closed.
     *
     * @return {@code (value, true)} for a value that was sent (which may be
     *         {@code null}), or {@code (null, false)} once the channel is closed and
     *         drained
     */
    Received<T> recvOk();

    /**
     * {@link #recv()} that an interrupt ends, for Java code that cancels by interrupt;
     * otherwise the same. As Java's interruptible waits
     * ({@code Lock.lockInterruptibly()}, {@code BlockingQueue.take()}):
     * <ul>
     *   <li>if the calling thread's interrupt status is set on entry, or it is
     *       interrupted while waiting, the receive is withdrawn and this throws
     *       {@link InterruptedException} with the status cleared; nothing was received
     *       (a value sent later goes to another receiver or stays in the buffer);</li>
     *   <li>if a sender or a close already completed the receive when the interrupt
     *       comes, it returns as {@code recv()} does, with the interrupt status set: a
     *       value handed over is never lost.</li>
     * </ul>
     * The same in a goroutine and in any other thread.
     *
     * @return the value received, or {@code null} (the zero value) once the channel
     *         is closed and drained
     * @throws InterruptedException if the thread was interrupted before or while waiting
     */
    T recvInterruptibly() throws InterruptedException;

    /**
     * {@link #recvOk()} that an interrupt ends, with the rules of
     * {@link #recvInterruptibly()}.
     *
     * @return {@code (value, true)} for a value that was sent, or {@code (null, false)}
     *         once the channel is closed and drained
     * @throws InterruptedException if the thread was interrupted before or while waiting
     */
    Received<T> recvOkInterruptibly() throws InterruptedException;

    /**
     * Receives without blocking: Go's {@code select} with this receive and a
     * {@code default} case.
     *
     * @return what {@link #recvOk()} would return, or {@code null} when the receive
     *         would block
     */
    Received<T> tryRecv();

    /**
     * Go's {@code len(ch)}.
     *
     * @return the number of values queued in the buffer
     */
    int len();

    /**
     * Go's {@code cap(ch)}.
     *
     * @return the capacity of the buffer; 0 for an unbuffered channel
     */
    int cap();

    /**
     * Go's {@code for v := range ch}: an iterator whose {@code hasNext()} blocks
     * until a value arrives and returns {@code false} once the channel is closed and
     * drained. Each {@code hasNext()} that returns {@code true} has already received
     * the value that the following {@code next()} returns.
     *
     * @return an iterator that receives from this channel
     */
    @Override
    Iterator<T> iterator();
}
