/**
 * Go's package {@code sync} and {@code golang.org/x/sync/errgroup}:
 * {@link io.goroutines.sync.WaitGroup}, {@link io.goroutines.sync.Mutex},
 * {@link io.goroutines.sync.RWMutex}, {@link io.goroutines.sync.Once} and
 * {@link io.goroutines.sync.ErrGroup}, built on the runtime's semaphores rather than
 * on {@code java.util.concurrent.locks}, so that blocked goroutines show in dumps
 * and take part in deadlock detection.
 *
 * <p>Status: not implemented yet; the constructors work but the operations throw
 * {@link java.lang.UnsupportedOperationException} naming the tracking issue (see
 * {@link io.goroutines.spi.NotYetImplemented}).
 */
package io.goroutines.sync;
