/**
 * What the benchmark packages share: {@link io.goroutines.benchmarks.support.TaskRunner}
 * (who runs the goroutines), {@link io.goroutines.benchmarks.support.Group} (start N,
 * wait for all, fail fast on a hang) and {@link io.goroutines.benchmarks.support.RunParallel}
 * (Go's {@code b.RunParallel}), and {@link io.goroutines.benchmarks.support.Flags} (Go-style
 * flags for the programs with a Go twin).
 */
package io.goroutines.benchmarks.support;
