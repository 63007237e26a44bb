package io.goroutines;

import io.goroutines.spi.Providers;

/**
 * A channel: Go's {@code chan T}, both the {@link SendChan send} and the
 * {@link RecvChan receive} side.
 *
 * <p>Made by {@link #make()} (unbuffered: a send waits for a receiver, and the two
 * meet) or {@link #make(int)} (buffered: a send waits only while the buffer is
 * full). Semantics are Go's:
 * <ul>
 *   <li>{@code null} is a legal element, Go's zero value; {@link #recvOk()} tells a
 *       sent {@code null} from a closed channel.</li>
 *   <li>Sending on or closing a closed channel throws {@link Panic}
 *       ({@code "send on closed channel"}, {@code "close of closed channel"}), and
 *       so does a send that is blocked when the channel gets closed.</li>
 *   <li>Values buffered before {@code close} are still received, in order; after
 *       that, receives return {@code null} with {@code ok == false} at once.</li>
 *   <li>A {@code null} channel in a {@link Select} case never proceeds, as Go's nil
 *       channel.</li>
 * </ul>
 *
 * <p>Any thread may use a channel. Blocking operations are not interruptible, as in
 * Go; their {@code ...Interruptibly} variants are, for Java code that cancels by
 * interrupt (see {@link RecvChan}).
 *
 * @param <T> the element type
 */
public interface Chan<T> extends SendChan<T>, RecvChan<T> {

    /**
     * Go's {@code make(chan T)}: an unbuffered channel.
     *
     * @param <T> the element type
     * @return a new, open channel with capacity 0
     * @throws IllegalStateException if no runtime is on the class path
     */
    static <T> Chan<T> make() {
        return make(0);
    }

    /**
     * Go's {@code make(chan T, capacity)}: a channel whose buffer holds up to
     * {@code capacity} values; 0 makes an unbuffered channel.
     *
     * <p>As Go's {@code makechan}, a size that is negative or whose buffer could not
     * be allocated panics with {@code "makechan: size out of range"}. The runtime's
     * bound: the buffer is one array of references, so a size above
     * {@code Integer.MAX_VALUE - 8} (the largest array length every JVM allows) is out
     * of range, and so is a size whose array would need more than
     * {@link Runtime#maxMemory()} bytes at 4 bytes a reference (the smallest a
     * reference takes), as Go's is when its buffer would exceed the largest
     * allocation. A size within the bound still needs that memory: when the heap
     * cannot give it, {@link OutOfMemoryError} is thrown, as Go throws "out of memory".
     *
     * @param <T>      the element type
     * @param capacity the size of the buffer
     * @return a new, open channel
     * @throws Panic                 if {@code capacity} is negative or above the bound, with the
     *                               value {@code "makechan: size out of range"}
     * @throws IllegalStateException if no runtime is on the class path
     */
    static <T> Chan<T> make(int capacity) {
        if (capacity < 0) { // checked here too, so that it panics without a runtime
            throw new Panic("makechan: size out of range");
        }
        return Providers.get().makeChan(capacity);
    }
}
