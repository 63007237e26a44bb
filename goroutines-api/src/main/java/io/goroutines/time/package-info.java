/**
 * Go's package {@code time}: {@link io.goroutines.time.Time#sleep sleep},
 * {@link io.goroutines.time.Timer timers} and {@link io.goroutines.time.Ticker tickers},
 * with Go 1.23 semantics (synchronous timer channels, no stale values after
 * {@code stop} or {@code reset}, unreferenced timers collectable).
 *
 * <p>Timers live in the runtime's per-P timer heaps (Go's runtime/time.go), run by the
 * scheduler's Ms while they look for work; an M with nothing to run sleeps until the
 * earliest timer. There is no timer thread.
 */
package io.goroutines.time;
