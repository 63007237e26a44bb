/**
 * The test kit: what the runtime's tests share, so that no test class imports another.
 *
 * <ul>
 *   <li>{@link io.goroutines.testkit.Goroutines}: run a test body as a goroutine (Go's test
 *       goroutine), start goroutines and threads with unique names.</li>
 *   <li>{@link io.goroutines.testkit.Failures} and {@link io.goroutines.testkit.Body}: Go's
 *       {@code t.Fatal} from another goroutine, recorded and checked at the end of a
 *       test.</li>
 *   <li>{@link io.goroutines.testkit.Waits}: every wait bounded ({@link
 *       io.goroutines.testkit.Waits#WAIT_BOUND_SECONDS}): latches, joins, receives, and
 *       "it has blocked", read from the goroutine's dump header instead of slept for.</li>
 *   <li>{@link io.goroutines.testkit.Dumps}: reading a Go-format goroutine dump.</li>
 *   <li>{@link io.goroutines.testkit.Panics} and {@link io.goroutines.testkit.LockMisuse}:
 *       a panic's exact text, and misused unlocks raced against correct use.</li>
 *   <li>{@link io.goroutines.testkit.Clocks}: durations, elapsed time and timer
 *       channels.</li>
 *   <li>{@link io.goroutines.testkit.Heap}: "unreferenced objects are garbage", measured
 *       on the heap.</li>
 *   <li>{@link io.goroutines.testkit.ChildJvm}: a probe's {@code main} in a child JVM;
 *       {@link io.goroutines.testkit.JdkThreadDump}: the JDK's JSON thread dump.</li>
 *   <li>{@link io.goroutines.testkit.RestoresGomaxprocs}: the base of tests that change
 *       GOMAXPROCS; {@link io.goroutines.testkit.OtherContext}: a foreign
 *       {@code Context}.</li>
 * </ul>
 */
package io.goroutines.testkit;
