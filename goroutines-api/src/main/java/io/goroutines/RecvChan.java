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
 * threads. Blocking receives are not interruptible (Go has no interrupts): they
 * keep waiting and leave the thread's interrupt status set; cancel through
 * {@link io.goroutines.context.Context} and {@link Select} instead.
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
