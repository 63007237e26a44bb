package io.goroutines;

/**
 * The send side of a channel: Go's {@code chan<- T}.
 *
 * <p>A {@link Chan} is both a {@code SendChan} and a {@link RecvChan}; pass a
 * channel as {@code SendChan} to a function that should only send on it, as Go
 * code passes a {@code chan<- T}.
 *
 * <p>{@code null} is a legal element and stands for Go's zero value: a
 * {@code Chan<Void>} on which {@code send(null)} is called is a signal channel.
 *
 * <p>Any thread may send. {@link #send(Object)} is not interruptible, in a goroutine
 * and in any other thread alike, as Go has no interrupts: an interrupt neither ends
 * nor shortens the wait, and the thread's interrupt status is set again when the send
 * returns. Java code that cancels by interrupt sends with
 * {@link #sendInterruptibly(Object)}, which throws {@link InterruptedException}.
 *
 * @param <T> the element type
 */
public interface SendChan<T> {

    /**
     * Go's {@code ch <- v}: sends a value, blocking until a receiver takes it or,
     * for a buffered channel, until there is room in the buffer.
     *
     * @param value the value to send; may be {@code null}
     * @throws Panic {@code "send on closed channel"} if the channel is closed, or
     *               gets closed while this send is blocked
     */
    void send(T value);

    /**
     * {@link #send(Object)} that an interrupt ends, for Java code that cancels by
     * interrupt; otherwise the same. As Java's interruptible waits:
     * <ul>
     *   <li>if the calling thread's interrupt status is set on entry, or it is
     *       interrupted while waiting, the send is withdrawn and this throws
     *       {@link InterruptedException} with the status cleared; the value was not
     *       sent (no receiver gets it, and it is not in the buffer);</li>
     *   <li>if a receiver already took the value when the interrupt comes, it returns
     *       normally, with the interrupt status set.</li>
     * </ul>
     * The same in a goroutine and in any other thread.
     *
     * @param value the value to send; may be {@code null}
     * @throws InterruptedException if the thread was interrupted before or while waiting
     * @throws Panic {@code "send on closed channel"} if the channel is closed, or gets
     *               closed while this send is blocked
     */
    void sendInterruptibly(T value) throws InterruptedException;

    /**
     * Sends without blocking: Go's {@code select} with this send and a
     * {@code default} case.
     *
     * @param value the value to send; may be {@code null}
     * @return {@code true} if the value was sent, {@code false} if the send would
     *         have blocked
     * @throws Panic {@code "send on closed channel"} if the channel is closed
     */
    boolean trySend(T value);

    /**
     * Go's {@code close(ch)}: no more values will be sent. Blocked receivers get
     * the zero value with {@code ok == false}; blocked senders panic; values already
     * buffered can still be received.
     *
     * @throws Panic {@code "close of closed channel"} if the channel is already closed
     */
    void close();

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
}
