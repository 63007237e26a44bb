/**
 * JMH ports of the channel and select benchmarks of Go's {@code src/runtime/chan_test.go},
 * same names, each run for our channels ({@code impl=goroutines}: {@code Chan} and
 * {@code Go.select()} on goroutines), Jox channels ({@code impl=jox}) and the JDK's
 * {@code SynchronousQueue}/{@code ArrayBlockingQueue} ({@code impl=jdk}, benchmarks
 * without select only), both on JDK virtual threads:
 * {@link io.goroutines.benchmarks.chan.ChanBenchmarks} (no select) and
 * {@link io.goroutines.benchmarks.chan.SelectBenchmarks}. Scores are Go's ns/op.
 * Run them with {@code benchmarks/run-chan.sh}, which prints ours, Jox, JDK and, when
 * a Go toolchain is installed, Go's own figures side by side.
 *
 * <p>{@link io.goroutines.benchmarks.chan.ParkedGoroutineMemory} (a plain main, run by
 * {@code benchmarks/run-memory.sh}) measures heap bytes per goroutine parked in a
 * channel receive, against a virtual thread parked in {@code LockSupport.park}.
 */
package io.goroutines.benchmarks.chan;
