package io.goroutines.net;

import java.io.Serial;
import java.net.SocketException;

/**
 * Go's {@code net.ErrClosed}: "use of closed network connection". Thrown by an
 * operation on a {@link Conn} or {@link Listener} that was closed, including one that
 * was blocked when {@code close()} was called from another thread.
 */
public class NetClosedException extends SocketException {

    @Serial
    private static final long serialVersionUID = 1L;

    /** Go's message for {@code net.ErrClosed}. */
    public static final String MESSAGE = "use of closed network connection";

    /** Makes the exception with Go's message. */
    public NetClosedException() {
        super(MESSAGE);
    }

    /**
     * Makes the exception with Go's message prefixed the way Go's {@code net.OpError}
     * prints it (for example {@code "read tcp 127.0.0.1:8080->127.0.0.1:5555"}).
     *
     * @param op the operation and addresses, or null for the bare message
     */
    public NetClosedException(String op) {
        super(op == null ? MESSAGE : op + ": " + MESSAGE);
    }
}
