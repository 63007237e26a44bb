/**
 * Go's package {@code time}: {@link io.goroutines.time.Time#sleep sleep},
 * {@link io.goroutines.time.Timer timers} and {@link io.goroutines.time.Ticker tickers},
 * with Go 1.23 semantics (synchronous timer channels, no stale values after
 * {@code stop} or {@code reset}, unreferenced timers collectable).
 *
 * <p>Status: not implemented yet; the operations throw
 * {@link java.lang.UnsupportedOperationException} naming the tracking issue (see
 * {@link io.goroutines.spi.NotYetImplemented}). Argument checks that need no
 * runtime ({@code tick(d <= 0)}, {@code newTicker(d <= 0)}) already work.
 */
package io.goroutines.time;
