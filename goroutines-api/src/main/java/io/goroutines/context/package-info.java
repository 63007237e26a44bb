/**
 * Go's package {@code context}: cancellation, deadlines and request-scoped values
 * carried between goroutines. Start from {@link io.goroutines.context.Context}.
 *
 * <p>Cancellation is how blocked work is stopped: blocking operations of this
 * library are not interruptible, as Go has no interrupts, so wait on
 * {@link io.goroutines.context.Context#done()} in a {@code select} instead.
 *
 * <p>Status: not implemented yet; the factory methods throw
 * {@link java.lang.UnsupportedOperationException} naming the tracking issue (see
 * {@link io.goroutines.spi.NotYetImplemented}). The constants
 * {@link io.goroutines.context.Context#CANCELED} and
 * {@link io.goroutines.context.Context#DEADLINE_EXCEEDED} and the argument checks
 * of the factory methods already work.
 */
package io.goroutines.context;
