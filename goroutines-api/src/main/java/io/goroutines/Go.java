package io.goroutines;

import io.goroutines.spi.Providers;

import java.util.Objects;
import java.util.function.Supplier;

/**
 * Go's built-in statements: {@code go}, {@code select}, {@code defer},
 * {@code recover()}, and a way to run a program's main goroutine.
 *
 * <h2>Goroutines</h2>
 * {@link #go(Runnable)} is Go's {@code go f()}: it starts {@code body} as a new
 * goroutine and returns at once. Goroutines are virtual threads scheduled by the
 * runtime's G/M/P scheduler (see {@link GoRuntime#scheduler()}); they are cheap,
 * so start one per task. {@link #main(Runnable)} runs a body as the program's main
 * goroutine and waits for it, the way a Go program's {@code main} function runs.
 *
 * <h2>Defer, panic and recover</h2>
 * Every goroutine body runs in its own root <em>frame</em>, and
 * {@link #func(Runnable)} runs a body in a new, nested frame: a frame is what Go's
 * function call is for {@code defer}. Inside a frame:
 * <ul>
 *   <li>{@link #defer(Runnable)} pushes a call that runs when the innermost frame
 *       ends, however it ends; deferred calls run in LIFO order. With no frame on
 *       the calling thread it throws {@link IllegalStateException} saying to wrap
 *       the code in {@code Go.func}.</li>
 *   <li>Any {@link Throwable} that unwinds through a frame is a <em>panic</em>;
 *       {@link Panic} carries a value the way Go's {@code panic(v)} does. A panic
 *       thrown by a deferred call replaces the one in flight; the earlier one stays
 *       reachable through {@link Throwable#getSuppressed()}.</li>
 *   <li>{@link #recover()}, called directly from a deferred call while its frame
 *       is panicking, returns the panic value ({@link Panic#value()} for a
 *       {@code Panic}, else the {@code Throwable} itself) and stops the panic: the
 *       frame then returns normally, and {@link #func(Supplier)} returns
 *       {@code null}. Anywhere else, including inside a {@code Go.func} nested in
 *       the deferred call, it returns {@code null}, as Go's recover must be called
 *       directly by the deferred function.</li>
 * </ul>
 * An unrecovered panic ends its goroutine and is reported Go-style
 * ({@code panic: <value>} and the goroutine's trace): through SLF4J at ERROR (logger
 * {@code io.goroutines}) when a provider is bound, on standard error when none is. In a
 * goroutine of a running {@link #main(Runnable)} it also ends that {@code main}, which
 * rethrows it. Any other (a goroutine started outside every {@code Go.main}, or whose
 * {@code Go.main} already returned) then goes to the thread's
 * {@link Thread.UncaughtExceptionHandler}, its own or else the default one, if either
 * was set; with {@code -Dgoroutines.panic=exit} it exits the process with status 2
 * instead, as Go does.
 *
 * <p>Example:
 * <pre>{@code
 * Go.main(() -> {
 *     Chan<String> results = Chan.make();
 *     Go.go(() -> results.send("hello"));
 *     System.out.println(results.recv());
 * });
 * }</pre>
 *
 * <p>Everything here needs the runtime artifact {@code io.goroutines:goroutines-impl}
 * on the class path; without it the first call throws {@link IllegalStateException}
 * naming that artifact.
 */
public final class Go {

    private Go() {
    }

    /**
     * Go's {@code go f()}: starts {@code body} as a new goroutine and returns
     * without waiting for it.
     *
     * <p>The body runs in its own root frame, so {@link #defer(Runnable)} works at
     * its top. A panic that leaves the body unrecovered ends the goroutine and is
     * logged; it does not reach the caller.
     *
     * @param body what the goroutine runs
     * @throws NullPointerException  if {@code body} is {@code null} (Go: "go of nil func value")
     * @throws IllegalStateException if no runtime is on the class path
     */
    public static void go(Runnable body) {
        Objects.requireNonNull(body, "body must not be null");
        Providers.get().go(null, body);
    }

    /**
     * Same as {@link #go(Runnable)}, with a name that shows in goroutine dumps
     * ({@link GoRuntime#stack(boolean)}).
     *
     * @param name a name for the goroutine, or {@code null} for none
     * @param body what the goroutine runs
     * @throws NullPointerException  if {@code body} is {@code null}
     * @throws IllegalStateException if no runtime is on the class path
     */
    public static void go(String name, Runnable body) {
        Objects.requireNonNull(body, "body must not be null");
        Providers.get().go(name, body);
    }

    /**
     * Starts building a {@code select} statement: add cases to the returned
     * {@link Select}, then call {@link Select#run()}.
     *
     * <pre>{@code
     * Go.select()
     *     .recv(in, v -> handle(v))
     *     .send(out, next, null)
     *     .defaultCase(() -> idle())
     *     .run();
     * }</pre>
     *
     * @return a new {@code Select} with no cases
     */
    public static Select select() {
        return new Select();
    }

    /**
     * Go's {@code defer call()}: pushes {@code call} on the innermost frame of the
     * calling thread; it runs when that frame ends, normally or by a panic, after
     * the calls deferred later than it (LIFO).
     *
     * <p>Unlike Go, which panics only when a deferred nil function is finally
     * called, a {@code null} call is rejected here at once.
     *
     * @param call the deferred call
     * @throws NullPointerException  if {@code call} is {@code null}
     * @throws IllegalStateException if the calling thread has no frame (neither in a
     *                               goroutine body nor in {@link #func(Runnable)}),
     *                               or if no runtime is on the class path
     */
    public static void defer(Runnable call) {
        Objects.requireNonNull(call, "call must not be null");
        Providers.get().defer(call);
    }

    /**
     * Go's {@code recover()}.
     *
     * <p>Called directly from a deferred call while that call's frame is panicking,
     * it stops the panic and returns its value: {@link Panic#value()} for a
     * {@link Panic}, else the {@code Throwable} itself. A panic whose value is
     * {@code null} is seen as a {@link PanicNilError}, as in Go 1.21. Called
     * anywhere else it returns {@code null} and does nothing.
     *
     * @return the value of the panic that was stopped, or {@code null}
     * @throws IllegalStateException if no runtime is on the class path
     */
    public static Object recover() {
        return Providers.get().recover();
    }

    /**
     * Runs {@code body} in a new frame, like calling a Go function: calls that
     * {@code body} {@linkplain #defer(Runnable) defers} run when it ends.
     *
     * <p>If the body panics and a deferred call {@linkplain #recover() recovers},
     * this method returns normally; an unrecovered panic is rethrown to the caller
     * (the {@link Panic} or other {@code Throwable} as thrown).
     *
     * @param body the function body
     * @throws NullPointerException  if {@code body} is {@code null}
     * @throws IllegalStateException if no runtime is on the class path
     */
    public static void func(Runnable body) {
        Objects.requireNonNull(body, "body must not be null");
        Providers.get().func(() -> {
            body.run();
            return null;
        });
    }

    /**
     * Runs {@code body} in a new frame and returns its result; see
     * {@link #func(Runnable)}.
     *
     * @param <R>  the result type
     * @param body the function body
     * @return what {@code body} returned, or {@code null} when it panicked and a
     *         deferred call recovered (Go's zero value for an unnamed result)
     * @throws NullPointerException  if {@code body} is {@code null}
     * @throws IllegalStateException if no runtime is on the class path
     */
    public static <R> R func(Supplier<R> body) {
        Objects.requireNonNull(body, "body must not be null");
        return Providers.get().func(body);
    }

    /**
     * Runs {@code body} as the main goroutine of a program and waits for it.
     *
     * <p>Returns when {@code body} returns; other goroutines keep running, on daemon
     * threads. An unrecovered panic in {@code body} ends it and is rethrown here
     * (Go exits the program instead). When every goroutine of the runtime is blocked
     * in channel, select, sync or context operations with no timer pending, this
     * method throws {@link DeadlockError}.
     *
     * @param body the main goroutine's body
     * @throws NullPointerException  if {@code body} is {@code null}
     * @throws DeadlockError         if all goroutines are asleep
     * @throws IllegalStateException if no runtime is on the class path
     */
    public static void main(Runnable body) {
        Objects.requireNonNull(body, "body must not be null");
        Providers.get().main(body);
    }
}
