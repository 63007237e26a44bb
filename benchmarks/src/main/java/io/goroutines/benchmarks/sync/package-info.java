/**
 * JMH ports of the benchmarks of Go's {@code src/sync} ({@code mutex_test.go},
 * {@code rwmutex_test.go}, {@code waitgroup_test.go}, {@code once_test.go}), same
 * names, in {@link io.goroutines.benchmarks.sync.SyncBenchmarks}: each run for our
 * {@code Mutex}, {@code RWMutex}, {@code WaitGroup} and {@code Once} on goroutines
 * ({@code impl=goroutines}) and for the JDK's nearest types on JDK virtual threads
 * ({@code impl=jdk}: {@code ReentrantLock}, {@code ReentrantReadWriteLock}, a
 * {@code Phaser}, a double-checked volatile flag; see
 * {@link io.goroutines.benchmarks.sync.SyncUnderTest}). Scores are Go's ns/op: wall
 * time per {@code pb.Next()} iteration of {@code b.RunParallel}. Run them with
 * {@code benchmarks/run-sync.sh}, which prints ours, JDK and, when a Go toolchain is
 * installed, Go's own figures side by side.
 */
package io.goroutines.benchmarks.sync;
