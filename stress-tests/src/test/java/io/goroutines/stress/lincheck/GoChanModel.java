package io.goroutines.stress.lincheck;

import io.goroutines.Received;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Objects;

/**
 * The sequential specification of a Go channel with no goroutine parked on it, as the
 * Javadoc of {@code io.goroutines.Chan}, {@code SendChan} and {@code RecvChan}
 * (goroutines-api) states it and {@code HChan} (goroutines-impl) implements it: a
 * FIFO buffer of {@code capacity} values and a closed flag.
 * <ul>
 *   <li>send or trySend on a closed channel panics {@code "send on closed channel"};
 *       close of a closed channel panics {@code "close of closed channel"};</li>
 *   <li>trySend succeeds while the buffer has room; an unbuffered channel (capacity
 *       0) has none, and with no receiver parked (these tests park none) every
 *       trySend fails;</li>
 *   <li>receives take the oldest buffered value, even after close; a closed, drained
 *       channel gives the zero value ({@code null}) with {@code ok == false}; an open,
 *       empty one would block;</li>
 *   <li>len is the number of buffered values.</li>
 * </ul>
 * The tests' sequential specifications extend it, naming their capacity. Results
 * use the same types as the tests' calls on the real channel: a
 * {@link Received}, a {@link Boolean}, an {@link Integer}, {@link LincheckMode#OK},
 * {@link #WOULD_BLOCK} or a panic's text ({@link LincheckMode#panicked}).
 */
public class GoChanModel {

    /** The result of a non-blocking receive that would have blocked. */
    static final String WOULD_BLOCK = "would block";

    private final int capacity;
    private final ArrayDeque<Integer> buf = new ArrayDeque<>();
    private boolean closed;

    protected GoChanModel(int capacity) {
        this.capacity = capacity;
    }

    /** Appends without checks: the values a test puts in its channel before the scenario. */
    protected void prefill(int value) {
        buf.addLast(value);
    }

    public Object send(int value) {
        if (closed) {
            return "panic: send on closed channel";
        }
        if (buf.size() == capacity) {
            // The tests that call send size the buffer so that this cannot happen.
            throw new IllegalStateException("model: the send would block; the test must not allow it");
        }
        buf.addLast(value);
        return LincheckMode.OK;
    }

    public Object trySend(int value) {
        if (closed) {
            return "panic: send on closed channel";
        }
        if (buf.size() == capacity) {
            return false;
        }
        buf.addLast(value);
        return true;
    }

    /** recvOk, tryRecv and recv share this: the value, or null for a would-block. */
    private Received<Integer> receive() {
        if (!buf.isEmpty()) {
            return new Received<>(buf.pollFirst(), true);
        }
        return closed ? new Received<>(null, false) : null;
    }

    public Object tryRecv() {
        Received<Integer> r = receive();
        return r == null ? WOULD_BLOCK : r;
    }

    public Object recvOk() {
        Received<Integer> r = receive();
        if (r == null) {
            throw new IllegalStateException("model: the receive would block; the test must not allow it");
        }
        return r;
    }

    /** Go's {@code v := <-ch}: the value, or the zero value (null) from a closed, drained channel. */
    public Object recv() {
        return ((Received<?>) recvOk()).value();
    }

    public Object close() {
        if (closed) {
            return "panic: close of closed channel";
        }
        closed = true;
        return LincheckMode.OK;
    }

    public int len() {
        return buf.size();
    }

    @Override
    public boolean equals(Object o) {
        if (o == null || o.getClass() != getClass()) {
            return false;
        }
        GoChanModel m = (GoChanModel) o;
        return capacity == m.capacity && closed == m.closed
                && new ArrayList<>(buf).equals(new ArrayList<>(m.buf));
    }

    @Override
    public int hashCode() {
        return Objects.hash(capacity, closed, new ArrayList<>(buf));
    }
}
