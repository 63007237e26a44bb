package io.goroutines;

import java.io.Serial;

/**
 * A fatal error of the runtime other than a deadlock: Go's {@code fatal error: ...}
 * (Go's {@code throw}), such as {@code thread exhaustion} when the program needs more
 * carrier threads than {@link GoRuntime#setMaxThreads(int)} allows.
 *
 * <p>Go ends the process; here the error ends every running {@link Go#main(Runnable)},
 * which throws it, and the runtime prints Go's lines to standard error. The message is
 * the text after {@code fatal error: }.
 *
 * <p>It is an {@link Error}, not an exception: it is not meant to be recovered from.
 */
public class FatalError extends Error {

    @Serial
    private static final long serialVersionUID = 1L;

    /**
     * Makes the error.
     *
     * @param message what went wrong, in Go's words (for example {@code "thread exhaustion"})
     */
    public FatalError(String message) {
        super(message);
    }
}
