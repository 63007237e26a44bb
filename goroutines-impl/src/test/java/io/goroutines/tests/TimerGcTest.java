package io.goroutines.tests;

import io.goroutines.Go;
import io.goroutines.testkit.Clocks;
import io.goroutines.testkit.Heap;
import io.goroutines.time.Time;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static io.goroutines.testkit.Goroutines.inGoroutinesPerP;
import static io.goroutines.testkit.Heap.assertReleasedWhenUnreferenced;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Go 1.23's garbage-collection promise for timers (docs/api.md): a channel timer or ticker
 * that nothing references any more is garbage even if it was never stopped, while an
 * {@code afterFunc} timer always fires unless stopped, referenced or not.
 *
 * <p>Port of Go's {@code TestTimerGC} ({@code time/tick_test.go}), scaled up. Go counts
 * live allocations around 10,000 calls each of {@code After}, {@code Tick},
 * {@code NewTimer}, {@code NewTicker} and the stopped forms, and fails if one allocation
 * per call survives. Java has no allocation counter that ignores other threads, so these
 * tests measure heap bytes instead, over a million objects so that the signal dwarfs the
 * noise: the heap after a full collection is taken before, while the timers are
 * referenced, and after the references are dropped; what stays must be under
 * {@link Heap#MAX_RETAINED_FRACTION} of what the timers occupied. A runtime whose per-P timer
 * heap keeps an unstopped timer (or a wrapper per timer) strongly reachable retains all
 * of it and fails; one that cleans up lazily gets {@link Heap#RELEASE_BOUND}, with
 * goroutines run on every P in between, to do so.
 *
 * <p>The other half, {@link #unreferencedAfterFuncTimersStillFire()}, is the reverse
 * promise: 100,000 {@code afterFunc} timers that nobody references survive full
 * collections and all fire.
 *
 * <p>The measurement is the test kit's {@link Heap#assertReleasedWhenUnreferenced}, which
 * {@link ContextDeadlineTest} uses too.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class TimerGcTest {

    /** Go: N = 1e4 per kind; here 1e6, so that a retained timer of even 16 bytes shows as 16 MB. */
    static final int CHANNEL_TIMERS = 1_000_000;

    /** afterFunc timers dropped without a reference and expected to fire. */
    static final int AFTER_FUNCS = 100_000;

    // ================================================================== TestTimerGC

    // Go: TestTimerGC, case NewTimer (time/tick_test.go): a million unstopped NewTimer(1h).
    @Test
    void testTimerGCNewTimer() {
        assertReleasedWhenUnreferenced("NewTimer(1h)", CHANNEL_TIMERS,
                i -> Time.newTimer(Duration.ofHours(1)), held -> { });
    }

    // Go: TestTimerGC, case NewTicker (time/tick_test.go): a million unstopped NewTicker(1h).
    @Test
    void testTimerGCNewTicker() {
        assertReleasedWhenUnreferenced("NewTicker(1h)", CHANNEL_TIMERS,
                i -> Time.newTicker(Duration.ofHours(1)), held -> { });
    }

    // Go: TestTimerGC, cases After, Tick, NewTimerStop and NewTickerStop
    // (time/tick_test.go): a quarter of a million of each, mixed. For After and Tick
    // only the channel is held, as that is all the caller gets.
    @Test
    void testTimerGCAfterTickAndStopped() {
        assertReleasedWhenUnreferenced("After(1h), Tick(1h), NewTimer(1h).Stop(), NewTicker(1h).Stop()",
                CHANNEL_TIMERS, i -> switch (i % 4) {
                    case 0 -> Time.after(Duration.ofHours(1));
                    case 1 -> Time.tick(Duration.ofHours(1));
                    case 2 -> {
                        var t = Time.newTimer(Duration.ofHours(1));
                        t.stop();
                        yield t;
                    }
                    default -> {
                        var t = Time.newTicker(Duration.ofHours(1));
                        t.stop();
                        yield t;
                    }
                }, held -> { });
    }


    // ================================================================== afterFunc timers are not garbage

    /**
     * docs/api.md: an afterFunc timer fires unless stopped, whether or not anything holds it.
     * 100,000 of them, due 2.5 s to 3 s after the start and referenced by nothing once
     * made, go through two full collections while all are pending; every one must then
     * run, none before its time.
     */
    @Test
    void unreferencedAfterFuncTimersStillFire() throws Exception {
        final long start = System.nanoTime();
        final long firstDue = start + Duration.ofMillis(2500).toNanos();
        final long slack = Clocks.CLOCK_SLACK.toNanos();
        AtomicInteger fired = new AtomicInteger();
        AtomicInteger early = new AtomicInteger();
        CountDownLatch all = new CountDownLatch(AFTER_FUNCS);
        inGoroutinesPerP(AFTER_FUNCS, (from, to) -> {
            for (int i = from; i < to; i++) {
                long due = firstDue + Duration.ofMillis(i % 500).toNanos();
                Time.afterFunc(Duration.ofNanos(due - System.nanoTime()), () -> {
                    if (System.nanoTime() < due - slack) {
                        early.incrementAndGet();
                    }
                    fired.incrementAndGet();
                    all.countDown();
                });
            }
        });
        System.gc();
        System.gc();
        long gcDone = System.nanoTime();
        assertEquals(0, early.get(), "afterFunc timers ran before they were due");
        assumeTrue(gcDone < firstDue, "inconclusive: making the timers and collecting took until "
                + Duration.ofNanos(gcDone - start) + ", after the first was due");
        assertEquals(0, fired.get(), "afterFunc timers ran before they were due");

        if (!all.await(30, TimeUnit.SECONDS)) {
            fail(fired.get() + " of " + AFTER_FUNCS + " unreferenced afterFunc timers fired within 30 s");
        }
        assertEquals(AFTER_FUNCS, fired.get());
        assertEquals(0, early.get(), "afterFunc timers ran before they were due");
    }
}
