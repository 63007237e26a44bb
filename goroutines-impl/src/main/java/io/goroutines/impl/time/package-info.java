/**
 * Go's package {@code time} as users reach it (time/sleep.go, time/tick.go and
 * runtime/time.go's {@code timeSleep}): sleep, {@code Timer}, {@code Ticker} and
 * {@code AfterFunc}, as subclasses of the scheduler's runtime timers feeding channels.
 *
 * <p>Internal: not an API. Programs use {@code io.goroutines} (goroutines-api); what is
 * public here is public for another impl package (ADR 0018 lists each class and why).
 */
package io.goroutines.impl.time;
