/**
 * Go's package {@code sync} and the runtime semaphores under it (runtime/sema.go):
 * {@link io.goroutines.impl.sync.Sema} parks goroutines in its own wait queue; the
 * mutexes, the WaitGroup and Once are Go's algorithms on top of it, not wrappers of
 * {@code java.util.concurrent} locks.
 *
 * <p>Internal: not an API. Programs use {@code io.goroutines} (goroutines-api); what is
 * public here is public for another impl package (ADR 0018 lists each class and why).
 */
package io.goroutines.impl.sync;
