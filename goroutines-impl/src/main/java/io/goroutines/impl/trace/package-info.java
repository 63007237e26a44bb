/**
 * The runtime's two kinds of tracing.
 *
 * <ul>
 *   <li><b>The execution tracer</b>, Go's {@code runtime/trace}:
 *       {@link io.goroutines.impl.trace.ExecTracer} records, between
 *       {@code GoRuntime.startTrace} and {@code stopTrace}, when each goroutine runs on
 *       each P, why it stops and who readied it, into one
 *       {@link io.goroutines.impl.trace.TraceBuf} per M (and one shared buffer for other
 *       threads); at stop, {@code TraceJsonWriter} writes them
 *       as Chrome/Perfetto trace-event JSON, one track per P. Off, each event site is one
 *       volatile read.</li>
 *   <li><b>JFR events</b> (category "Goroutines", emitted through
 *       {@link io.goroutines.impl.trace.Trace}): goroutine start, end, block (with Go's
 *       wait reason, from block to unblock) and panic, and scheduler events (steal,
 *       handoff, preempt, timer). Always compiled in; when no recording enables them
 *       each emitting site costs an {@code isEnabled()} check that the JIT folds away.
 *       Enable them with {@code -XX:StartFlightRecording:settings=goroutines.jfc} (the
 *       file is in the impl jar's {@code META-INF/goroutines.jfc}; copy it out, or enable
 *       {@code io.goroutines.*} events in any .jfc).</li>
 * </ul>
 *
 * <p>Internal: not an API. Programs use {@code io.goroutines} (goroutines-api); what is
 * public here is public for another impl package (ADR 0018 lists each class and why).
 */
package io.goroutines.impl.trace;
