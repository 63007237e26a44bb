/**
 * JFR events of the goroutines runtime (category "Goroutines"): goroutine start, end,
 * block (with Go's wait reason, from block to unblock) and panic, and scheduler events
 * (steal, handoff, preempt, timer). Always compiled in; when no recording enables them
 * each emitting site costs an {@code isEnabled()} check that the JIT folds away.
 * Enable them with {@code -XX:StartFlightRecording:settings=goroutines.jfc} (the file is
 * in the impl jar's {@code META-INF/goroutines.jfc}; copy it out, or enable
 * {@code io.goroutines.*} events in any .jfc).
 */
package io.goroutines.impl.trace;
