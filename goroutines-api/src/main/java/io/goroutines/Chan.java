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
 * <p>Any thread may use a channel. Blocking operations are not interruptible.
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
     * @param <T>      the element type
     * @param capacity the size of the buffer
     * @return a new, open channel
     * @throws IllegalArgumentException if {@code capacity < 0} (Go: "makechan: size out of range")
     * @throws IllegalStateException    if no runtime is on the class path
     */
    static <T> Chan<T> make(int capacity) {
        if (capacity < 0) {
            throw new IllegalArgumentException("capacity must be >= 0, got " + capacity);
        }
        return Providers.get().makeChan(capacity);
    }
}
