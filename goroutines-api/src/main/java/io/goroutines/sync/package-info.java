/**
 * Go's package {@code sync} and {@code golang.org/x/sync/errgroup}:
 * {@link io.goroutines.sync.WaitGroup}, {@link io.goroutines.sync.Mutex},
 * {@link io.goroutines.sync.RWMutex}, {@link io.goroutines.sync.Once} and
 * {@link io.goroutines.sync.ErrGroup}, built on the runtime's semaphores rather than
 * on {@code java.util.concurrent.locks}, so that blocked goroutines show in dumps
 * and take part in deadlock detection.
 *
 * <p>As in Go, the sync package holds the algorithms (mutex modes, reader and writer
 * counts) and the runtime the semaphores that goroutines sleep on
 * ({@code runtime/sema.go}); {@code ErrGroup} is, like Go's, a library over the rest.
 */
package io.goroutines.sync;
