package io.goroutines.net;

import java.io.Serial;
import java.net.SocketTimeoutException;

/**
 * Go's {@code os.ErrDeadlineExceeded}: "i/o timeout". Thrown by a read, write, accept
 * or dial whose deadline passed, whether it was already past when the call began or it
 * passed while the call waited. The connection stays usable: move the deadline and
 * call again.
 */
public class DeadlineExceededException extends SocketTimeoutException {

    @Serial
    private static final long serialVersionUID = 1L;

    /** Go's message for {@code os.ErrDeadlineExceeded}. */
    public static final String MESSAGE = "i/o timeout";

    /** Makes the exception with Go's message. */
    public DeadlineExceededException() {
        super(MESSAGE);
    }

    /**
     * Makes the exception with Go's message prefixed as Go's {@code net.OpError} prints
     * it (for example {@code "read tcp 127.0.0.1:8080->127.0.0.1:5555"}).
     *
     * @param op the operation and addresses, or null for the bare message
     */
    public DeadlineExceededException(String op) {
        super(op == null ? MESSAGE : op + ": " + MESSAGE);
    }
}
