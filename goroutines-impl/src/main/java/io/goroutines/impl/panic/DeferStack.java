package io.goroutines.impl.panic;

import io.goroutines.Panic;
import io.goroutines.PanicNilError;

import java.util.function.Supplier;

/**
 * One thread's {@code defer}, {@code panic} and {@code recover}: Go's
 * runtime/panic.go ({@code deferproc}, {@code gopanic}, {@code gorecover},
 * {@code Goexit}) on Java's exceptions.
 *
 * <h2>Implementation overview</h2>
 * <ul>
 *   <li>A stack of {@link DeferFrame}s. A goroutine owns one (its G holds it, so no
 *       thread-local lookup is needed), whose root frame opens at the first top-level
 *       {@code defer} ({@link #forGoroutine()}); any other thread gets one from
 *       {@link #forCurrentThread()}. {@link #func} opens a frame, runs the body, and
 *       whatever the body threw is the panic in flight; then the frame's deferred calls
 *       run last-in first-out.</li>
 *   <li>{@link #recover} acts only when the innermost frame is running one of its
 *       deferred calls and has a panic in flight: that is Go's rule that recover must be
 *       called by the deferred function itself, since a {@code Go.func} nested in the
 *       deferred call opens a new innermost frame. (A plain Java helper method called by
 *       the deferred call is not a frame, so recover there still acts: more lenient than
 *       Go, which tells call depth apart.)</li>
 *   <li>A Throwable thrown by a deferred call replaces the panic in flight; the earlier
 *       one is attached to it as suppressed, as Go prints both.</li>
 *   <li>{@code goexit} is a {@link GoexitSignal} unwinding the same way; recover ignores
 *       it. If a deferred call panics during a goexit and that panic is recovered, the
 *       goexit resumes (Go 1.14+).</li>
 *   <li>{@code panic(nil)}: a {@link Panic} whose value is null recovers as a
 *       {@link PanicNilError} (Go 1.21).</li>
 * </ul>
 * Confined to its thread: only the owning thread calls these methods.
 */
public final class DeferStack {

    private static final ThreadLocal<DeferStack> FOR_THREAD = ThreadLocal.withInitial(DeferStack::new);

    /** The innermost open frame, or null. */
    private DeferFrame top;
    /** A goroutine's stack: the first top-level defer opens the root frame. */
    private boolean implicitRoot;

    /** Made by {@link #forCurrentThread} and {@link #forGoroutine} only. */
    private DeferStack() {
    }

    /** {@return the stack of the current thread, when it is not a goroutine} */
    public static DeferStack forCurrentThread() {
        return FOR_THREAD.get();
    }

    /**
     * Runs {@code body} in a new frame (Go: a function call with defers) and returns
     * its result, or null when a panic was recovered. An unrecovered panic propagates.
     *
     * @param body the frame's code
     * @param <R> the result type
     * @return what {@code body} returned, or null when a panic was recovered
     */
    public <R> R func(Supplier<R> body) {
        DeferFrame frame = new DeferFrame(top);
        top = frame;
        R result = null;
        Throwable thrown = null;
        try {
            result = body.get();
        } catch (Throwable t) {
            thrown = t;
        }
        return finish(frame, result, thrown);
    }

    /**
     * A goroutine's stack: its root frame exists implicitly, created by the first
     * {@code defer} at the top level of the goroutine's body (most goroutines never
     * defer, and pay nothing for it).
     *
     * @return an empty stack for a new goroutine
     */
    public static DeferStack forGoroutine() {
        DeferStack s = new DeferStack();
        s.implicitRoot = true;
        return s;
    }

    /**
     * Ends a goroutine's root frame: runs its deferred calls, if any, with
     * {@code thrown} (what unwound the body, or null) as the panic in flight. Returns the
     * panic that is still unrecovered, a {@link GoexitSignal} when the goroutine ended by
     * goexit, or null when the body returned or the panic was recovered.
     *
     * @param thrown what unwound the goroutine's body, or null
     * @return the unrecovered panic, a {@link GoexitSignal}, or null
     */
    public Throwable finishRoot(Throwable thrown) {
        DeferFrame root = top;
        if (root == null) {
            return thrown;
        }
        try {
            finish(root, null, thrown);
            return null;
        } catch (Throwable t) {
            return t;
        }
    }

    /**
     * Go's {@code defer call()} on the innermost frame.
     *
     * @param call the deferred call
     * @throws IllegalStateException when there is no frame
     */
    public void defer(Runnable call) {
        DeferFrame frame = top;
        if (frame == null && implicitRoot) {
            frame = top = new DeferFrame(null);
        }
        if (frame == null) {
            throw new IllegalStateException("Go.defer called outside any frame: wrap the code in "
                    + "Go.func(() -> { ... }) (a goroutine body already has one)");
        }
        frame.push(call);
    }

    /**
     * Go's {@code recover()}: the value of the panic in flight when called from a
     * deferred call of the panicking frame, which then returns normally; else null.
     *
     * @return the panic's value, or null
     */
    public Object recover() {
        DeferFrame frame = top;
        if (frame == null || !frame.runningDefer) {
            return null;
        }
        Throwable p = frame.panic;
        if (p == null || p instanceof GoexitSignal) {
            return null;
        }
        frame.panic = null;
        frame.recovered = true;
        return valueOf(p);
    }

    /** The value {@code recover} returns for a panic: Panic's value, else the Throwable. */
    static Object valueOf(Throwable p) {
        if (p instanceof PanicNilError) {
            return p;
        }
        if (p instanceof Panic panic) {
            return panic.value() == null ? new PanicNilError() : panic.value();
        }
        return p;
    }

    private <R> R finish(DeferFrame frame, R result, Throwable thrown) {
        frame.panic = thrown;
        if (thrown instanceof GoexitSignal g) {
            frame.goexit = g;
        }
        Runnable call;
        while ((call = frame.pop()) != null) {
            frame.runningDefer = true;
            try {
                call.run();
            } catch (Throwable t) {
                Throwable inFlight = frame.panic;
                if (t instanceof GoexitSignal g) {
                    // goexit from a deferred call abandons the panic in flight (Go's
                    // TestGoexitInPanic): the remaining defers run, then the goroutine exits
                    frame.goexit = g;
                    frame.panic = g;
                    frame.recovered = false;
                } else {
                    if (inFlight != null && inFlight != t && !(inFlight instanceof GoexitSignal)) {
                        t.addSuppressed(inFlight);
                    }
                    frame.panic = t;
                    frame.recovered = false;
                }
            } finally {
                frame.runningDefer = false;
            }
        }
        top = frame.parent;
        Throwable p = frame.panic;
        if (p == null && frame.goexit != null) {
            p = frame.goexit; // a panic during goexit was recovered: goexit resumes
        }
        if (p != null) {
            throw DeferStack.<RuntimeException>sneaky(p);
        }
        return frame.recovered ? null : result;
    }

    @SuppressWarnings("unchecked")
    private static <T extends Throwable> T sneaky(Throwable t) throws T {
        throw (T) t;
    }
}
