/**
 * Go's concurrency for Java: goroutines, channels, {@code select}, and
 * {@code defer}/{@code panic}/{@code recover}.
 *
 * <ul>
 *   <li>{@link io.goroutines.Go}: the statements {@code go}, {@code select},
 *       {@code defer}, {@code recover()}, and {@code Go.main} to run a program's
 *       main goroutine.</li>
 *   <li>{@link io.goroutines.Chan}, {@link io.goroutines.SendChan},
 *       {@link io.goroutines.RecvChan}: Go's {@code chan T}, {@code chan<- T} and
 *       {@code <-chan T}; {@link io.goroutines.Select} is the {@code select}
 *       statement.</li>
 *   <li>{@link io.goroutines.Panic}, {@link io.goroutines.PanicNilError},
 *       {@link io.goroutines.DeadlockError}: Go's panics and its deadlock fatal
 *       error.</li>
 *   <li>{@link io.goroutines.GoRuntime}: Go's package {@code runtime}.</li>
 * </ul>
 *
 * <p>Semantics follow the Go language specification and standard library unless a
 * type's documentation says otherwise. The runtime lives in the artifact
 * {@code io.goroutines:goroutines-impl}, found through
 * {@link java.util.ServiceLoader}; with this API alone on the class path the first
 * call that needs the runtime throws {@link java.lang.IllegalStateException}
 * naming that artifact.
 */
package io.goroutines;
