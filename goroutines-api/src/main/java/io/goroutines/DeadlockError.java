package io.goroutines;

import java.io.Serial;

/**
 * Go's fatal error {@code all goroutines are asleep - deadlock!}.
 *
 * <p>Thrown by {@link Go#main(Runnable)} when every goroutine of the runtime is
 * blocked in channel, select, sync or context operations and no timer is pending,
 * so that none can ever run again. Go ends the program in this case; here the
 * error ends {@code Go.main} instead. When made by the runtime, the message starts
 * with {@code "all goroutines are asleep - deadlock!"} followed by a dump of all
 * goroutines in the format of {@link GoRuntime#stack(boolean) GoRuntime.stack(true)}.
 *
 * <p>It is an {@link Error}, not an exception: like Go's fatal errors it is not
 * meant to be recovered from.
 */
public class DeadlockError extends Error {

    @Serial
    private static final long serialVersionUID = 1L;

    /** The start of the message of a deadlock found by the runtime (Go's words). */
    public static final String MESSAGE_PREFIX = "all goroutines are asleep - deadlock!";

    /**
     * Makes the error.
     *
     * @param message the detail message; the runtime's starts with
     *                {@value #MESSAGE_PREFIX}
     */
    public DeadlockError(String message) {
        super(message);
    }
}
