/**
 * Go's package {@code context}: cancellation, deadlines and request-scoped values
 * carried between goroutines. Start from {@link io.goroutines.context.Context}.
 *
 * <p>Cancellation is how blocked work is stopped: blocking operations of this
 * library are not interruptible, as Go has no interrupts, so wait on
 * {@link io.goroutines.context.Context#done()} in a {@code select} instead.
 *
 * <p>Deadlines ({@code withDeadline}, {@code withTimeout}) are runtime timers
 * ({@code Time.afterFunc}): a context whose deadline passes is canceled with
 * {@link io.goroutines.context.Context#DEADLINE_EXCEEDED}; canceling it first stops
 * the timer. Closing a {@link io.goroutines.context.CancelContext} (try-with-resources)
 * is Go's {@code defer cancel()}.
 */
package io.goroutines.context;
