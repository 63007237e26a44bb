/**
 * JMH benchmarks comparing the goroutines G/M/P scheduler ({@code scheduler=gmp},
 * goroutines started with {@code Go.go}) with the JDK's default virtual-thread
 * scheduler ({@code scheduler=jdk}, {@code Thread.ofVirtual().start}) in one run:
 * {@link io.goroutines.benchmarks.sched.CreateGoroutines} (Go's
 * BenchmarkCreateGoroutines[Parallel]) and {@link io.goroutines.benchmarks.sched.PingPong}
 * (a park/unpark round trip). Run them with {@code benchmarks/run-sched.sh}, which
 * prints gmp, jdk and the ratio side by side.
 */
package io.goroutines.benchmarks.sched;
