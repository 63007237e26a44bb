package io.goroutines.impl.panic;

/**
 * Thrown by {@code GoRuntime.goexit()} to unwind the goroutine through its defer
 * frames (Go's {@code Goexit}, runtime/panic.go). It is not a panic: {@code recover}
 * never returns it, and the goroutine's root frame ends quietly when it arrives.
 *
 * <p>It extends {@link Error} so that application code catching {@code Exception}
 * does not swallow it. No stack trace, no suppression: it carries no information.
 */
public final class GoexitSignal extends Error {

    private static final long serialVersionUID = 1L;

    /** The signal; {@code GoRuntime.goexit()} throws a new one each time. */
    public GoexitSignal() {
        super("runtime.Goexit", null, false, false);
    }
}
