package io.goroutines.impl.panic;

/**
 * One function activation that can hold deferred calls: the frame opened by
 * {@code Go.func} or by a goroutine's root. Go keeps defers in a per-goroutine list
 * tagged by stack pointer ({@code _defer.sp}, runtime/panic.go); Java has no such
 * frame identity, so each {@code Go.func} opens an explicit frame.
 *
 * <p>Confined to one thread: only the thread that opened the frame touches it.
 */
final class DeferFrame {

    private static final Runnable[] NONE = new Runnable[0];

    /** The enclosing frame on this thread, or null. */
    final DeferFrame parent;
    /** Deferred calls, run from the last to the first. */
    Runnable[] calls = NONE;
    int ncalls;
    /**
     * The panic in flight while the deferred calls run: the Throwable that unwound the
     * body, then replaced by any later one thrown by a deferred call; null when none or
     * recovered.
     */
    Throwable panic;
    /** A deferred call of this frame is running: {@code recover} may act. */
    boolean runningDefer;
    /** A panic of this frame was recovered: the frame returns normally. */
    boolean recovered;
    /** A goexit reached this frame; it resumes once the frame's panics are recovered. */
    GoexitSignal goexit;

    DeferFrame(DeferFrame parent) {
        this.parent = parent;
    }

    void push(Runnable call) {
        if (ncalls == calls.length) {
            calls = java.util.Arrays.copyOf(calls, Math.max(4, ncalls * 2));
        }
        calls[ncalls++] = call;
    }

    Runnable pop() {
        if (ncalls == 0) {
            return null;
        }
        Runnable call = calls[--ncalls];
        calls[ncalls] = null;
        return call;
    }
}
