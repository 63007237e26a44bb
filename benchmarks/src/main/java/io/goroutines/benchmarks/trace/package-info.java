/**
 * What the runtime's observability costs: {@link io.goroutines.benchmarks.trace.TraceOverhead}
 * runs a channel ping-pong with nothing recorded, with the execution tracer on, and
 * with a JFR recording of the runtime's events. Run it with
 * {@code benchmarks/run-trace.sh}, which prints the three side by side.
 */
package io.goroutines.benchmarks.trace;
