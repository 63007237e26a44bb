/**
 * Benchmarks of the time package ({@code io.goroutines.time}): timers, tickers and
 * sleep, each run for our {@code Time} on goroutines ({@code impl=goroutines}) and for
 * the JDK's equivalent, a {@code ScheduledThreadPoolExecutor} with JDK virtual threads
 * ({@code impl=jdk}).
 * <ul>
 *   <li>{@link io.goroutines.benchmarks.time.TimeBenchmarks}: JMH ports of the
 *       benchmarks of Go's {@code src/time/sleep_test.go} and {@code tick_test.go}, same
 *       names, scores in Go's ns/op. Run them with {@code benchmarks/run-time.sh}, which
 *       prints ours, JDK and, when a Go toolchain is installed, Go's own figures side by
 *       side.</li>
 *   <li>{@link io.goroutines.benchmarks.time.MillionTimers} (a plain main,
 *       {@code benchmarks/run-million-timers.sh}): a million timers with random delays
 *       up to 100 ms, armed at once: wall time until the last fires, and peak heap and
 *       RSS, against the executor and Go ({@code src/main/go/million_timers.go}).</li>
 *   <li>{@link io.goroutines.benchmarks.time.SleepLateness} (a plain main,
 *       {@code benchmarks/run-sleep-lateness.sh}): how late a 1 ms sleep wakes up, idle
 *       and with 10,000 runnable goroutines, against {@code Thread.sleep} in a virtual
 *       thread among 10,000 yielding virtual threads.</li>
 * </ul>
 */
package io.goroutines.benchmarks.time;
