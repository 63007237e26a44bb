/**
 * Go's package {@code sync} and {@code golang.org/x/sync}'s {@code errgroup},
 * {@code semaphore} and {@code singleflight}: {@link io.goroutines.sync.WaitGroup},
 * {@link io.goroutines.sync.Mutex}, {@link io.goroutines.sync.RWMutex} (both
 * {@link io.goroutines.sync.Locker}s), {@link io.goroutines.sync.Cond},
 * {@link io.goroutines.sync.Once} (with {@code Once.func} and {@code Once.value}),
 * {@link io.goroutines.sync.ErrGroup}, {@link io.goroutines.sync.Semaphore} and
 * {@link io.goroutines.sync.SingleFlight}, built on the runtime's semaphores, notify
 * lists and parking rather than on {@code java.util.concurrent.locks}, so that blocked
 * goroutines show in dumps and take part in deadlock detection.
 *
 * <p>As in Go, the sync package holds the algorithms (mutex modes, reader and writer
 * counts) and the runtime the semaphores and notify lists that goroutines sleep on
 * ({@code runtime/sema.go}); {@code ErrGroup} and {@code SingleFlight} are, like Go's,
 * libraries over the rest, and {@code Semaphore} is x/sync's FIFO algorithm on the
 * runtime's parking.
 */
package io.goroutines.sync;
