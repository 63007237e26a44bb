/**
 * What the benchmark packages share: {@link io.goroutines.benchmarks.support.TaskRunner}
 * (who runs the goroutines), {@link io.goroutines.benchmarks.support.Group} (start N,
 * wait for all, fail fast on a hang) and {@link io.goroutines.benchmarks.support.RunParallel}
 * (Go's {@code b.RunParallel}).
 */
package io.goroutines.benchmarks.support;
