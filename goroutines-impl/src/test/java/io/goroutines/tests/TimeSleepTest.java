package io.goroutines.tests;

import io.goroutines.Chan;
import io.goroutines.Go;
import io.goroutines.GoRuntime;
import io.goroutines.Panic;
import io.goroutines.Received;
import io.goroutines.RecvChan;
import io.goroutines.testkit.Clocks;
import io.goroutines.testkit.Failures;
import io.goroutines.testkit.Goroutines;
import io.goroutines.testkit.RestoresGomaxprocs;
import io.goroutines.testkit.Waits;
import io.goroutines.time.Ticker;
import io.goroutines.time.Time;
import io.goroutines.time.Timer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

import static io.goroutines.testkit.Clocks.CLOCK_SLACK;
import static io.goroutines.testkit.Clocks.FIRE_BOUND;
import static io.goroutines.testkit.Clocks.MAX_GO_DURATION;
import static io.goroutines.testkit.Clocks.MAX_JAVA_DURATION;
import static io.goroutines.testkit.Clocks.MIN_GO_DURATION;
import static io.goroutines.testkit.Clocks.MIN_JAVA_DURATION;
import static io.goroutines.testkit.Clocks.assertAtLeast;
import static io.goroutines.testkit.Clocks.assertNothingReady;
import static io.goroutines.testkit.Clocks.ms;
import static io.goroutines.testkit.Clocks.recvWithin;
import static io.goroutines.testkit.Clocks.since;
import static io.goroutines.testkit.Dumps.stateOf;
import static io.goroutines.testkit.Dumps.truncate;
import static io.goroutines.testkit.Goroutines.inGoroutine;
import static io.goroutines.testkit.Goroutines.uniqueName;
import static io.goroutines.testkit.Waits.await;
import static io.goroutines.testkit.Waits.awaitState;
import static io.goroutines.testkit.Waits.join;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Sleep and timers through the public API.
 *
 * <p>The first part ports Go 1.23's {@code src/time/sleep_test.go}; each test is named
 * after its Go original and says so in a {@code // Go:} comment. Go's
 * {@code TestChan}/{@code testTimerChan}, {@code TestAfterTimes} and {@code TestTimerGC}
 * live in {@code tick_test.go} and are ported in {@link TimeTickTest} and
 * {@link TimerGcTest}. The second part checks what docs/api.md promises beyond Go's tests:
 * Go 1.23's synchronous timer channels (cap and len 0, no stale value after
 * {@code stop}/{@code reset}, an expired but unreceived timer is still active), durations
 * {@code <= 0}, {@code afterFunc} running {@code f} as a goroutine, {@code null}
 * arguments, and sleeping and timers used from platform and plain virtual threads.
 *
 * <p>How Go's idioms are carried over (as in {@link ChanTest}):
 * <ul>
 *   <li>A test body that blocks on channels runs as a goroutine
 *       ({@link Goroutines#inGoroutine}) and the JUnit thread waits for it with a bound,
 *       since a blocked receive cannot be interrupted.</li>
 *   <li>A wait for one value that Go would write as a bare {@code <-c} where a hang is
 *       the failure is a {@code select} with a {@link Time#after} case
 *       ({@link Clocks#recvWithin}).</li>
 *   <li>Sleeping is what is under test here, so the tests sleep (with
 *       {@link Time#sleep}, inside goroutines where they can) to let time pass; they never
 *       sleep to wait for another goroutine.</li>
 *   <li>Go's {@code newTimerFunc} (a timer whose channel an {@code AfterFunc} fills)
 *       is {@link #newTimerFunc}, so that the {@code impl=func} subtests exist too.</li>
 * </ul>
 * Durations are Go's where they are short, and scaled where Go's would make this class
 * run for more than a few seconds; each scaled number says from what. Lower bounds on
 * elapsed time are Go's; upper bounds are loose (this runs on a loaded 2-core machine)
 * unless they are what the test is about.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TimeSleepTest extends RestoresGomaxprocs {

    // ================================================================== helpers

    /**
     * Go's {@code newTimerFunc}: a timer built on {@link Time#afterFunc} whose channel (of
     * capacity 1) the function fills, so that a test exercises the function-timer path as
     * well as the channel-timer one.
     */
    static Timer newTimerFunc(Duration d) {
        Chan<Instant> c = Chan.make(1);
        return new FuncTimer(Time.afterFunc(d, () -> c.send(Instant.now())), c);
    }

    /** The timer {@link #newTimerFunc} returns: {@code stop}/{@code reset} are the afterFunc timer's. */
    record FuncTimer(Timer inner, Chan<Instant> ch) implements Timer {
        @Override
        public RecvChan<Instant> c() {
            return ch;
        }

        @Override
        public boolean stop() {
            return inner.stop();
        }

        @Override
        public boolean reset(Duration d) {
            return inner.reset(d);
        }
    }

    /** Go's {@code impl=chan} and {@code impl=func} subtests: the two ways to make a timer. */
    enum Impl {
        CHAN(Time::newTimer),
        FUNC(TimeSleepTest::newTimerFunc);

        final Function<Duration, Timer> newTimer;

        Impl(Function<Duration, Timer> newTimer) {
            this.newTimer = newTimer;
        }
    }


    // ================================================================== time/sleep_test.go

    // Go: TestSleep (time/sleep_test.go). Go interrupts the sleeping process with a
    // signal halfway through; the Java counterpart is Thread.interrupt, which (docs/api.md)
    // must neither cut the sleep short nor be cleared by it.
    @Test
    void testSleep() {
        final Duration delay = ms(100);
        Failures failures = new Failures();
        inGoroutine("TestSleep", failures, () -> {
            Thread self = Thread.currentThread();
            Chan<Void> interruptSent = Chan.make(1);
            failures.go("TestSleep-interrupter", () -> {
                Time.sleep(delay.dividedBy(2));
                self.interrupt();
                interruptSent.send(null);
            });
            long start = System.nanoTime();
            Time.sleep(delay);
            Duration slept = since(start);
            interruptSent.recv(); // not interruptible either: the status must survive it
            boolean interrupted = Thread.interrupted(); // reads and clears it
            assertAtLeast(slept, delay, "Sleep(" + delay + ")");
            assertTrue(interrupted, "the interrupt status was cleared");
        });
    }

    /** docs/api.md: any thread may sleep; sleeping keeps waiting when interrupted and leaves the status set. */
    @Test
    void sleepOnPlatformAndVirtualThreadsSleepsAndKeepsTheInterrupt() throws Exception {
        final Duration delay = ms(100);
        for (Thread.Builder builder : List.of(Thread.ofPlatform(), Thread.ofVirtual())) {
            Failures failures = new Failures();
            AtomicReference<Duration> slept = new AtomicReference<>();
            AtomicBoolean stillInterrupted = new AtomicBoolean();
            Chan<Void> interruptSent = Chan.make(1);
            Thread sleeper = builder.name(uniqueName("time-sleeper")).start(failures.wrap(() -> {
                long start = System.nanoTime();
                Time.sleep(delay);
                slept.set(since(start));
                interruptSent.recv();
                stillInterrupted.set(Thread.interrupted());
            }));
            Time.sleep(delay.dividedBy(2)); // the JUnit thread is a platform thread too
            sleeper.interrupt();
            interruptSent.send(null);
            join(sleeper, failures);
            failures.check();
            assertAtLeast(slept.get(), delay, sleeper + ": Sleep(" + delay + ")");
            assertTrue(stillInterrupted.get(), sleeper + ": the interrupt status was cleared");
        }
    }

    /** docs/api.md: a goroutine blocked in {@code Time.sleep} shows wait reason {@code sleep} in dumps. */
    @Test
    void sleepingGoroutineIsListedAsSleep() {
        Chan<Void> woke = Chan.make(1);
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        String name = uniqueName("time-sleeping");
        Go.go(name, () -> {
            try {
                Time.sleep(Duration.ofSeconds(2));
            } catch (Throwable t) {
                thrown.set(t);
            } finally {
                woke.send(null);
            }
        });
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(Waits.WAIT_BOUND_SECONDS);
        String state;
        while (!"sleep".equals(state = stateOf(name)) && thrown.get() == null) {
            if (System.nanoTime() - deadline > 0) {
                fail("goroutine " + name + " did not show [sleep] within " + Waits.WAIT_BOUND_SECONDS
                        + " s; last state: " + state + "; dump:\n" + truncate(GoRuntime.stack(true)));
            }
            GoRuntime.gosched();
        }
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            woke.recv();
        }, "the sleeper never woke");
        if (thrown.get() instanceof RuntimeException e) {
            throw e;
        }
        assertNull(thrown.get(), "the sleeper threw");
    }

    /** Go's Sleep: a zero or negative duration returns at once, and so do Go's and Java's most negative ones. */
    @Test
    void sleepOfZeroOrNegativeDurationReturnsAtOnce() {
        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
            for (int i = 0; i < 1000; i++) {
                Time.sleep(Duration.ZERO);
                Time.sleep(Duration.ofNanos(-1));
                Time.sleep(MIN_GO_DURATION);
                Time.sleep(MIN_JAVA_DURATION);
            }
        });
    }

    // Go: TestAfterFunc (time/sleep_test.go). Each f schedules the next with
    // AfterFunc(0) and then sleeps a second: only if every f runs in its own goroutine
    // does the chain of eleven end in well under the ten seconds it would take in series.
    @Test
    void testAfterFunc() {
        Failures failures = new Failures();
        inGoroutine("TestAfterFunc", failures, () -> {
            AtomicInteger i = new AtomicInteger(10);
            Chan<Boolean> c = Chan.make();
            Runnable[] f = new Runnable[1];
            f[0] = () -> {
                if (i.decrementAndGet() >= 0) {
                    Time.afterFunc(Duration.ZERO, f[0]);
                    Time.sleep(Duration.ofSeconds(1));
                } else {
                    c.send(true);
                }
            };
            Time.afterFunc(Duration.ZERO, f[0]);
            assertTrue(recvWithin(c, Duration.ofSeconds(5),
                    "the chain of AfterFunc(0) calls (ten seconds if f ran in series)"));
        });
    }

    /** docs/api.md: afterFunc's f runs in its own goroutine (so Go.defer works at its top), not on the caller or a timer thread. */
    @Test
    void afterFuncRunsFAsAGoroutine() throws Exception {
        AtomicReference<Thread> ranOn = new AtomicReference<>();
        AtomicReference<Throwable> deferFailed = new AtomicReference<>();
        CountDownLatch ran = new CountDownLatch(1);
        CountDownLatch deferredRan = new CountDownLatch(1);
        Timer t = Time.afterFunc(ms(10), () -> {
            ranOn.set(Thread.currentThread());
            try {
                // Go.defer needs a frame; a goroutine body has one without Go.func.
                Go.defer(deferredRan::countDown);
            } catch (Throwable e) {
                deferFailed.set(e);
            } finally {
                ran.countDown();
            }
        });
        assertNull(t.c(), "c() of an afterFunc timer");
        assertTrue(ran.await(10, TimeUnit.SECONDS), "f did not run");
        assertNull(deferFailed.get(), "f is not a goroutine body: Go.defer threw " + deferFailed.get());
        assertTrue(deferredRan.await(10, TimeUnit.SECONDS), "f's deferred call did not run");
        assertTrue(ranOn.get().isVirtual(), "f ran on " + ranOn.get());
        assertNotSame(Thread.currentThread(), ranOn.get());
    }

    /** Go's Timer.Stop/Reset on an AfterFunc timer: stop cancels f, reset runs it again. */
    @Test
    void afterFuncTimerStopAndReset() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        Timer never = Time.afterFunc(ms(50), calls::incrementAndGet);
        assertTrue(never.stop(), "stop of a pending AfterFunc timer");
        assertFalse(never.stop(), "second stop");

        CountDownLatch first = new CountDownLatch(1);
        CountDownLatch second = new CountDownLatch(2);
        AtomicInteger runs = new AtomicInteger();
        Timer t = Time.afterFunc(ms(10), () -> {
            runs.incrementAndGet();
            first.countDown();
            second.countDown();
        });
        assertTrue(first.await(10, TimeUnit.SECONDS), "f did not run");
        assertFalse(t.stop(), "stop after f started");
        assertFalse(t.reset(ms(10)), "reset of a fired AfterFunc timer reports it inactive");
        assertTrue(second.await(10, TimeUnit.SECONDS), "reset did not run f again");
        assertEquals(2, runs.get());

        // The stopped one must not have run, even now that later timers have.
        assertEquals(0, calls.get(), "a stopped AfterFunc ran");
        assertFalse(never.reset(Duration.ofHours(1)), "reset of a stopped timer");
        assertTrue(never.stop());
    }

    // Go: TestTickerStress (time/sleep_test.go): a 1 ns ticker read 100 times while
    // another goroutine collects garbage in a loop.
    @Test
    void testTickerStress() {
        Failures failures = new Failures();
        inGoroutine("TestTickerStress", failures, () -> {
            AtomicBoolean stop = new AtomicBoolean();
            failures.go("TestTickerStress-gc", () -> {
                while (!stop.get()) {
                    System.gc();
                    Time.sleep(Duration.ofNanos(1));
                }
            });
            Ticker ticker = Time.newTicker(Duration.ofNanos(1));
            try {
                for (int i = 0; i < 100; i++) {
                    recvWithin(ticker.c(), FIRE_BOUND, "tick " + i);
                }
            } finally {
                ticker.stop();
                stop.set(true);
            }
        });
    }

    // Go: TestTickerConcurrentStress (time/sleep_test.go): ten goroutines share a 1 ns
    // ticker, 100 ticks each.
    @Test
    void testTickerConcurrentStress() {
        Failures failures = new Failures();
        inGoroutine("TestTickerConcurrentStress", failures, () -> {
            AtomicBoolean stop = new AtomicBoolean();
            failures.go("TestTickerConcurrentStress-gc", () -> {
                while (!stop.get()) {
                    System.gc();
                    Time.sleep(Duration.ofNanos(1));
                }
            });
            Ticker ticker = Time.newTicker(Duration.ofNanos(1));
            CountDownLatch wg = new CountDownLatch(10);
            try {
                for (int g = 0; g < 10; g++) {
                    failures.go("TestTickerConcurrentStress-recv", () -> {
                        try {
                            for (int i = 0; i < 100; i++) {
                                recvWithin(ticker.c(), FIRE_BOUND, "tick " + i);
                            }
                        } finally {
                            wg.countDown();
                        }
                    });
                }
                await(wg, failures, "ten receivers of 100 ticks each");
            } finally {
                ticker.stop();
                stop.set(true);
            }
        });
    }

    // Go: TestAfterFuncStarvation (time/sleep_test.go). With GOMAXPROCS=1 and two
    // goroutines that are never both blocked, the AfterFunc goroutine must still get
    // the processor to stop them (go.dev/issue/65178).
    @Test
    void testAfterFuncStarvation() throws Exception {
        GoRuntime.gomaxprocs(1);
        AtomicBoolean stop = new AtomicBoolean();
        Chan<Boolean> c = Chan.make(1);
        CountDownLatch wg = new CountDownLatch(2);
        Go.go("TestAfterFuncStarvation-send", () -> {
            while (!stop.get()) {
                c.send(true);
            }
            c.close();
            wg.countDown();
        });
        Go.go("TestAfterFuncStarvation-recv", () -> {
            for (Boolean ignored : c) {
                // drain
            }
            wg.countDown();
        });
        Time.afterFunc(Duration.ofNanos(1000), () -> stop.set(true));
        boolean finished = wg.await(10, TimeUnit.SECONDS);
        if (!finished) {
            String dump = GoRuntime.stack(true);
            stop.set(true); // let the spinning pair end so that later tests get the processor
            fail("the AfterFunc goroutine was starved for 10 s; dump:\n" + truncate(dump));
        }
    }

    // Go: TestAfter (time/sleep_test.go).
    @Test
    void testAfter() {
        final Duration delay = ms(100);
        inGoroutine("TestAfter", new Failures(), () -> {
            Instant start = Instant.now();
            long startNanos = System.nanoTime();
            Instant end = Time.after(delay).recv();
            assertAtLeast(since(startNanos), delay, "After(" + delay + ")");
            Instant min = start.plus(delay).minus(CLOCK_SLACK);
            assertFalse(end.isBefore(min), "After(" + delay + ") expect >= " + min + ", got " + end);
        });
    }

    // Go: TestAfterTick (time/sleep_test.go), with -short's 10 ticks at 20 ms (Go: 10 ms
    // short, 100 ms long). Like Go in short mode, only the lower bound is checked.
    @Test
    void testAfterTick() {
        final int count = 10;
        final Duration delta = ms(20);
        inGoroutine("TestAfterTick", new Failures(), () -> {
            long t0 = System.nanoTime();
            for (int i = 0; i < count; i++) {
                Time.after(delta).recv();
            }
            Duration d = since(t0);
            Duration target = delta.multipliedBy(count);
            if (d.compareTo(target.multipliedBy(9).dividedBy(10)) < 0) {
                fail(count + " ticks of " + delta + " too fast: took " + d + ", expected " + target);
            }
        });
    }

    // Go: TestAfterStop (time/sleep_test.go), impl=chan and impl=func; like Go, an
    // attempt that fails is retried, up to five.
    @Test
    void testAfterStop() {
        for (Impl impl : Impl.values()) {
            inGoroutine("TestAfterStop-" + impl, new Failures(), () -> testAfterStop(impl));
        }
    }

    private static void testAfterStop(Impl impl) {
        List<String> errs = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            Time.afterFunc(ms(100), () -> { });
            Timer t0 = impl.newTimer.apply(ms(50));
            Chan<Boolean> c1 = Chan.make(1);
            Timer t1 = Time.afterFunc(ms(150), () -> c1.send(true));
            RecvChan<Instant> c2 = Time.after(ms(200));
            if (!t0.stop()) {
                errs.add("failed to stop event 0");
                continue;
            }
            if (!t1.stop()) {
                errs.add("failed to stop event 1");
                continue;
            }
            c2.recv();
            int chosen = Go.select()
                    .recv(t0.c(), null)
                    .recv(c1, null)
                    .defaultCase(null)
                    .run();
            if (chosen == 0) {
                errs.add("event 0 was not stopped");
                continue;
            }
            if (chosen == 1) {
                errs.add("event 1 was not stopped");
                continue;
            }
            if (t1.stop()) {
                errs.add("Stop returned true twice");
                continue;
            }
            return; // passed; earlier failed attempts are forgiven, as in Go
        }
        fail("impl=" + impl + ": saw " + errs.size() + " errors: " + errs);
    }

    /** Go's {@code slots}: the multiples of delta at which the timers of TestAfterQueuing fire. */
    private static final int[] SLOTS = {5, 3, 6, 6, 6, 1, 1, 2, 7, 9, 4, 8, 0};

    private record AfterResult(int slot, Instant t) {
    }

    // Go: TestAfterQueuing (time/sleep_test.go), impl=chan and impl=func: timers
    // started out of order are delivered in order of their deadlines. Five attempts with
    // delta 20, 70, 120, 170, 220 ms, as in Go.
    @Test
    void testAfterQueuing() {
        Function<Duration, RecvChan<Instant>> chanAfter = Time::after;
        Function<Duration, RecvChan<Instant>> funcAfter = d -> newTimerFunc(d).c();
        for (Function<Duration, RecvChan<Instant>> after : List.of(chanAfter, funcAfter)) {
            String impl = after == chanAfter ? "chan" : "func";
            inGoroutine("TestAfterQueuing-" + impl, new Failures(), () -> {
                String err = "!=nil";
                List<String> errs = new ArrayList<>();
                for (int i = 0; i < 5 && err != null; i++) {
                    Duration delta = ms(20 + i * 50L);
                    err = testAfterQueuing1(delta, after);
                    if (err != null) {
                        errs.add("attempt " + i + " failed: " + err);
                    }
                }
                if (err != null) {
                    fail("impl=" + impl + ": " + errs);
                }
            });
        }
    }

    private static String testAfterQueuing1(Duration delta, Function<Duration, RecvChan<Instant>> after) {
        // Buffered, so that the order seen is the order the timers fired in, not the
        // order in which blocked senders happen to be woken.
        Chan<AfterResult> result = Chan.make(SLOTS.length);
        Instant t0 = Instant.now();
        for (int slot : SLOTS) {
            RecvChan<Instant> ac = after.apply(delta.multipliedBy(slot));
            Go.go(() -> result.send(new AfterResult(slot, ac.recv())));
        }
        List<Integer> order = new ArrayList<>();
        List<Instant> times = new ArrayList<>();
        for (int i = 0; i < SLOTS.length; i++) {
            AfterResult r = recvWithin(result, Duration.ofSeconds(10), "the result of slot #" + i);
            order.add(r.slot());
            times.add(r.t());
        }
        for (int i = 1; i < order.size(); i++) {
            if (order.get(i) < order.get(i - 1)) {
                return "After calls returned out of order: " + order;
            }
        }
        for (int i = 0; i < times.size(); i++) {
            Duration dt = Duration.between(t0, times.get(i));
            Duration target = delta.multipliedBy(order.get(i));
            Duration lo = target.minus(delta.dividedBy(2));
            Duration hi = target.plus(delta.multipliedBy(10));
            if (dt.compareTo(lo) < 0 || dt.compareTo(hi) > 0) {
                return "After(" + target + ") arrived at " + dt + ", expected [" + lo + "," + hi + "]";
            }
        }
        return null;
    }

    // Go: TestTimerStopStress (time/sleep_test.go), scaled from 2 s timers stopped
    // after 1 s (3 s in all) to 1.5 s timers stopped after 200 ms (1.8 s in all). Unlike
    // Go, also checks that every Stop reported the timer active.
    @Test
    void testTimerStopStress() {
        final Duration fireAfter = ms(1500);
        final Duration stopAfter = ms(200);
        Failures failures = new Failures();
        inGoroutine("TestTimerStopStress", failures, () -> {
            long start = System.nanoTime();
            AtomicInteger fired = new AtomicInteger();
            AtomicInteger stopFalse = new AtomicInteger();
            CountDownLatch stopped = new CountDownLatch(100);
            for (int i = 0; i < 100; i++) {
                failures.go(() -> {
                    try {
                        Timer timer = Time.afterFunc(fireAfter, fired::incrementAndGet);
                        Time.sleep(stopAfter);
                        if (!timer.stop()) {
                            stopFalse.incrementAndGet();
                        }
                    } finally {
                        stopped.countDown();
                    }
                });
            }
            await(stopped, failures, "100 goroutines stopping their timers");
            failures.check();
            Duration rest = fireAfter.plus(ms(300)).minus(since(start));
            Time.sleep(rest);
            assertEquals(0, fired.get(), "timers that were not stopped");
            assertEquals(0, stopFalse.get(), "Stop calls that found the timer inactive");
        });
    }

    // Go: TestSleepZeroDeadlock (time/sleep_test.go), with 20 collections (Go: 100):
    // Sleep(0) while another goroutine forces GCs must not leave the sleeper parked.
    @Test
    void testSleepZeroDeadlock() {
        GoRuntime.gomaxprocs(4);
        Failures failures = new Failures();
        inGoroutine("TestSleepZeroDeadlock", failures, () -> {
            Chan<Boolean> c = Chan.make();
            failures.go("TestSleepZeroDeadlock-gc", () -> {
                for (int i = 0; i < 20; i++) {
                    System.gc();
                }
                c.send(true);
            });
            for (int i = 0; i < 100; i++) {
                Time.sleep(Duration.ZERO);
                Chan<Boolean> tmp = Chan.make(1);
                tmp.send(true);
                tmp.recv();
            }
            c.recv();
        });
    }

    private static String testReset(Duration d) {
        Timer t0 = Time.newTimer(d.multipliedBy(2));
        Time.sleep(d);
        if (!t0.reset(d.multipliedBy(3))) {
            return "resetting unfired timer returned false";
        }
        Time.sleep(d.multipliedBy(2));
        if (t0.c().tryRecv() != null) {
            return "timer fired early";
        }
        Time.sleep(d.multipliedBy(2));
        if (t0.c().tryRecv() == null) {
            return "reset timer did not fire";
        }
        if (t0.reset(ms(50))) {
            return "resetting expired timer returned true";
        }
        t0.stop();
        return null;
    }

    // Go: TestReset (time/sleep_test.go): retried with a doubled unit until it passes;
    // units 25 ms to 400 ms (Go: 1 ms up to 10 s).
    @Test
    void testReset() {
        inGoroutine("TestReset", new Failures(), () -> {
            List<String> errs = new ArrayList<>();
            for (Duration d = ms(25); d.compareTo(ms(400)) <= 0; d = d.multipliedBy(2)) {
                String err = testReset(d);
                if (err == null) {
                    return;
                }
                errs.add(d + ": " + err);
            }
            fail(String.join("; ", errs));
        });
    }

    // Go: TestOverflowSleep and TestOverflowPeriodRuntimeTimer (time/sleep_test.go).
    // Durations whose deadline overflows must mean "never", not "now"; the most
    // negative ones must mean "now". Java adds a larger maximum than Go's: a Duration
    // of Long.MAX_VALUE seconds, whose nanoseconds do not fit a long.
    @Test
    void testOverflowSleep() {
        Failures failures = new Failures();
        inGoroutine("TestOverflowSleep", failures, () -> {
            for (Duration big : List.of(MAX_GO_DURATION, MAX_JAVA_DURATION)) {
                // Like Go's, these goroutines outlive the test: a sleep cannot be cancelled.
                failures.go("TestOverflowSleep-big", () -> {
                    Time.sleep(big);
                    failures.add("Sleep(" + big + ") returned");
                });
                int chosen = Go.select()
                        .recv(Time.after(big), null)
                        .recv(Time.after(ms(25)), null)
                        .run();
                assertEquals(1, chosen, "After(" + big + ") fired");

                Timer t = Time.newTimer(big);
                AtomicBoolean ran = new AtomicBoolean();
                Timer f = Time.afterFunc(big, () -> ran.set(true));
                Timer r = Time.newTimer(Duration.ofHours(1));
                assertTrue(r.reset(big), "reset of an active timer");
                Ticker tk = Time.newTicker(big);
                chosen = Go.select()
                        .recv(t.c(), null)
                        .recv(r.c(), null)
                        .recv(tk.c(), null)
                        .recv(Time.after(ms(25)), null)
                        .run();
                assertEquals(3, chosen, "a timer or ticker of " + big + " fired");
                assertTrue(t.stop(), "NewTimer(" + big + ") not active");
                assertTrue(r.stop(), "Reset(" + big + ") not active");
                assertTrue(f.stop(), "AfterFunc(" + big + ") not active");
                assertFalse(ran.get());
                tk.stop();
            }
            for (Duration neg : List.of(MIN_GO_DURATION, MIN_JAVA_DURATION)) {
                Time.sleep(neg); // returns at once
                int chosen = Go.select()
                        .recv(Time.after(neg), null)
                        .recv(Time.after(Duration.ofSeconds(1)), null)
                        .run();
                assertEquals(0, chosen, "After(" + neg + ") did not fire");
                Timer t = Time.newTimer(Duration.ofHours(1));
                t.reset(neg);
                recvWithin(t.c(), FIRE_BOUND, "Reset(" + neg + ")");
            }
        });
    }

    // Go: TestIssue5745 (time/sleep_test.go). Go calls Stop on a nil *Timer inside a
    // function whose deferred call stops a ticker and recovers: the panic must not leave
    // the timers locked. Here the nil timer throws NullPointerException, which is the
    // panic that Go.recover returns.
    @Test
    void testIssue5745() {
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            Ticker ticker = Time.newTicker(Duration.ofHours(1));
            AtomicReference<Object> recovered = new AtomicReference<>();
            AtomicBoolean reached = new AtomicBoolean();
            Go.func(() -> {
                Go.defer(() -> {
                    ticker.stop(); // would hang if the panic had left a timer lock held
                    recovered.set(Go.recover());
                });
                Timer timer = nullTimer();
                timer.stop();
                reached.set(true);
            });
            assertFalse(reached.get(), "should be unreachable");
            assertInstanceOf(NullPointerException.class, recovered.get(), "expected a panic, but none happened");
        }, "a panic while stopping a timer left the ticker unstoppable");
    }

    private static Timer nullTimer() {
        return null;
    }

    /**
     * Like TestIssue5745 for the function of an AfterFunc: a panic in {@code f} ends only
     * its goroutine (docs/api.md), and timers, AfterFuncs and tickers keep working.
     */
    @Test
    void panicInAfterFuncLeavesTimersWorking() throws Exception {
        CountDownLatch panicked = new CountDownLatch(1);
        Time.afterFunc(Duration.ZERO, () -> {
            panicked.countDown();
            throw new Panic("TimeSleepTest: intended panic in an AfterFunc");
        });
        assertTrue(panicked.await(10, TimeUnit.SECONDS));
        CountDownLatch later = new CountDownLatch(1);
        Time.afterFunc(ms(20), later::countDown);
        assertTrue(later.await(10, TimeUnit.SECONDS), "an AfterFunc after the panic did not run");
        inGoroutine("panicInAfterFunc", new Failures(), () -> {
            recvWithin(Time.newTimer(ms(20)).c(), FIRE_BOUND, "a timer after the panic");
            Ticker tk = Time.newTicker(ms(10));
            recvWithin(tk.c(), FIRE_BOUND, "a ticker after the panic");
            tk.stop();
        });
    }

    // Go: TestZeroTimer (time/sleep_test.go), impl=chan, impl=func and impl=cache, with
    // 10,000 timers each (Go: 1,000,000, skipped with -short): a zero-duration timer is
    // never missed, and each arrives within 2 s (Go's bound).
    @Test
    void testZeroTimer() {
        final int n = 10_000;
        Timer cached = newTimerFunc(Duration.ofHours(1));
        Function<Duration, Timer> cache = d -> {
            cached.reset(d);
            return cached;
        };
        List<Function<Duration, Timer>> impls = List.of(Time::newTimer, TimeSleepTest::newTimerFunc, cache);
        List<String> names = List.of("chan", "func", "cache");
        for (int k = 0; k < impls.size(); k++) {
            Function<Duration, Timer> newTimer = impls.get(k);
            String name = names.get(k);
            inGoroutine("TestZeroTimer-" + name, new Failures(), () -> {
                for (int i = 0; i < n; i++) {
                    long s = System.nanoTime();
                    Timer ti = newTimer.apply(Duration.ZERO);
                    ti.c().recv();
                    Duration diff = since(s);
                    if (diff.compareTo(Duration.ofSeconds(2)) > 0) {
                        fail("impl=" + name + " #" + i + ": expected the value in less than 2 s, took " + diff);
                    }
                }
            });
        }
    }

    // Go: TestTimerModifiedEarlier (time/sleep_test.go), impl=func as in Go and also
    // impl=chan: moving a timer from an hour to the distant past ten times in a row
    // must not lose it. 1000 timers, as in Go.
    @Test
    void testTimerModifiedEarlier() {
        for (Impl impl : Impl.values()) {
            inGoroutine("TestTimerModifiedEarlier-" + impl, new Failures(), () -> {
                Duration past = Duration.between(Instant.now(), Instant.EPOCH);
                int count = 1000;
                for (int i = 0; i < count; i++) {
                    Timer timer = impl.newTimer.apply(Duration.ofHours(1));
                    for (int j = 0; j < 10; j++) {
                        if (!timer.stop()) {
                            timer.c().recv();
                        }
                        timer.reset(past);
                    }
                    Timer deadline = Time.newTimer(Duration.ofSeconds(10));
                    long now = System.nanoTime();
                    int chosen = Go.select()
                            .recv(timer.c(), null)
                            .recv(deadline.c(), null)
                            .run();
                    deadline.stop();
                    assertEquals(0, chosen, "impl=" + impl + " #" + i + ": deadline expired");
                    Duration took = since(now);
                    assertTrue(took.compareTo(Duration.ofSeconds(8)) <= 0,
                            "impl=" + impl + " #" + i + ": timer took too long (" + took + ")");
                }
            });
        }
    }

    // Go: TestAdjustTimers (time/sleep_test.go), impl=func as in Go and also impl=chan:
    // 100 timers, each driven at random through fire, receive, reset far, stop, reset
    // to zero, receive. A zero timer must arrive within 2 s (Go: 750 ms).
    @Test
    void testAdjustTimers() {
        for (Impl impl : Impl.values()) {
            long seed = System.nanoTime();
            inGoroutine("TestAdjustTimers-" + impl, new Failures(), () -> testAdjustTimers(impl, seed));
        }
    }

    private static void testAdjustTimers(Impl impl, long seed) {
        String where = "impl=" + impl + " seed=" + seed + ": ";
        Random rnd = new Random(seed);
        Timer[] timers = new Timer[100];
        int[] states = new int[timers.length];
        List<Integer> indices = new ArrayList<>();
        for (int i = 0; i < timers.length; i++) {
            indices.add(i);
        }
        Collections.shuffle(indices, rnd);
        while (!indices.isEmpty()) {
            int ii = rnd.nextInt(indices.size());
            int i = indices.get(ii);
            Timer timer = timers[i];
            int state = states[i]++;
            switch (state) {
                case 0 -> timers[i] = impl.newTimer.apply(Duration.ZERO);
                case 1 -> timer.c().recv(); // the timer is now idle
                // reset to long durations, which are stopped below
                case 2 -> assertFalse(timer.reset(Duration.ofMinutes(1)), where + "shouldn't be active (1)");
                case 4 -> assertFalse(timer.reset(Duration.ofMinutes(3)), where + "shouldn't be active (3)");
                case 6 -> assertFalse(timer.reset(Duration.ofMinutes(2)), where + "shouldn't be active (2)");
                case 3, 5, 7 -> {
                    if (!timer.stop()) {
                        timer.c().recv(); // (Go logs this case) drain
                    }
                }
                case 8 -> assertFalse(timer.reset(Duration.ZERO), where + "timer.Reset returned true");
                case 9 -> {
                    long now = System.nanoTime();
                    recvWithin(timer.c(), Duration.ofSeconds(10), where + "timer " + i);
                    Duration dur = since(now);
                    assertTrue(dur.compareTo(FIRE_BOUND) <= 0, where + "timer " + i + " took " + dur + " to complete");
                }
                case 10 -> {
                    indices.set(ii, indices.get(indices.size() - 1));
                    indices.remove(indices.size() - 1);
                }
                default -> fail(where + "state " + state);
            }
        }
    }


    // ================================================================== Go 1.23 timer channels, docs/api.md

    /** Go 1.23: a timer channel is synchronous; len and cap are 0 before, during and after expiry. */
    @Test
    void timerChannelIsSynchronous() {
        inGoroutine("timerChannelIsSynchronous", new Failures(), () -> {
            Timer pending = Time.newTimer(Duration.ofHours(1));
            assertEquals(0, pending.c().cap(), "cap of a pending timer's channel");
            assertEquals(0, pending.c().len(), "len of a pending timer's channel");
            assertSame(pending.c(), pending.c(), "c() returns one channel");
            pending.stop();

            Timer expired = Time.newTimer(Duration.ZERO);
            RecvChan<Instant> after = Time.after(Duration.ZERO);
            Time.sleep(ms(50)); // both have expired, nobody has received
            for (RecvChan<Instant> c : List.of(expired.c(), after)) {
                assertEquals(0, c.cap(), "cap of an expired timer's channel");
                assertEquals(0, c.len(), "len of an expired timer's channel");
                Received<Instant> r = c.tryRecv();
                assertNotNull(r, "an expired timer's value is there for a receiver");
                assertTrue(r.ok());
                assertNotNull(r.value());
                assertNull(c.tryRecv(), "a timer delivers one value");
            }
        });
    }

    /**
     * Go 1.23 (docs/api.md): a timer that has expired but whose value nobody received is still
     * active: stop returns true and the value is never delivered.
     */
    @Test
    void expiredButUnreceivedTimerIsStillActive() {
        inGoroutine("expiredButUnreceivedTimerIsStillActive", new Failures(), () -> {
            Timer t = Time.newTimer(ms(10));
            Time.sleep(ms(100));
            assertTrue(t.stop(), "stop of an expired, unreceived timer");
            assertNothingReady(t.c(), "after stop");
            Time.sleep(ms(50));
            assertNothingReady(t.c(), "50 ms after stop");
            assertFalse(t.stop(), "second stop");
        });
    }

    /** Go 1.23 (docs/api.md): after reset returns, the value prepared before it is never received. */
    @Test
    void resetDiscardsTheValuePreparedBeforeIt() {
        inGoroutine("resetDiscardsTheValuePreparedBeforeIt", new Failures(), () -> {
            Timer t = Time.newTimer(ms(10));
            Time.sleep(ms(100));
            assertTrue(t.reset(Duration.ofHours(1)), "reset of an expired, unreceived timer");
            assertNothingReady(t.c(), "after reset to an hour");

            Time.sleep(ms(20));
            assertTrue(t.reset(ms(50)), "reset of a pending timer");
            Instant resetAt = Instant.now();
            long resetNanos = System.nanoTime();
            Instant v = recvWithin(t.c(), FIRE_BOUND, "the reset timer");
            assertAtLeast(since(resetNanos), ms(50), "Reset(50ms)");
            assertFalse(v.isBefore(resetAt.plus(ms(50)).minus(CLOCK_SLACK)),
                    "received a value from before the reset: " + v + ", reset at " + resetAt);
            assertNothingReady(t.c(), "a second value");
        });
    }

    /** Go: once the value was received, the timer is inactive: stop and reset return false. */
    @Test
    void stopAndResetAfterTheValueWasReceivedReturnFalse() {
        inGoroutine("stopAndResetAfterReceive", new Failures(), () -> {
            Timer t = Time.newTimer(Duration.ZERO);
            recvWithin(t.c(), FIRE_BOUND, "NewTimer(0)");
            assertFalse(t.stop(), "stop after receive");
            assertFalse(t.reset(Duration.ofHours(1)), "reset after receive");
            assertTrue(t.stop(), "stop of the reset timer");
            assertFalse(t.stop(), "second stop");
        });
    }

    /**
     * Go: a receiver blocked on the channel when stop is called keeps waiting and gets
     * nothing, even after the timer's original due time.
     */
    @Test
    void receiverBlockedAtStopGetsNothing() {
        final Duration due = ms(500);
        Failures failures = new Failures();
        inGoroutine("receiverBlockedAtStopGetsNothing", failures, () -> {
            long created = System.nanoTime();
            Timer t = Time.newTimer(due);
            Chan<Void> stop = Chan.make();
            Chan<Boolean> got = Chan.make(1);
            String g = failures.go("blocked-on-timer", () -> {
                int chosen = Go.select().recv(t.c(), null).recv(stop, null).run();
                got.send(chosen == 0);
            });
            awaitState(g, "select");
            assertTrue(t.stop(), "stop of a pending timer (or the dump took longer than " + due + ")");
            Time.sleep(due.plus(ms(200)).minus(since(created)));
            stop.close();
            assertFalse(recvWithin(got, FIRE_BOUND, "the blocked goroutine"), "a stopped timer delivered a value");
        });
    }

    /** Go: NewTimer, After and AfterFunc with a zero or negative duration fire at once. */
    @Test
    void zeroAndNegativeDurationsFireAtOnce() throws Exception {
        inGoroutine("zeroAndNegativeDurationsFireAtOnce", new Failures(), () -> {
            for (Duration d : List.of(Duration.ZERO, Duration.ofNanos(-1), Duration.ofSeconds(-5))) {
                Instant before = Instant.now();
                Instant v = recvWithin(Time.newTimer(d).c(), FIRE_BOUND, "NewTimer(" + d + ")");
                assertFalse(v.isAfter(Instant.now().plus(CLOCK_SLACK)), "value from the future: " + v);
                assertFalse(v.isBefore(before.plus(d).minus(CLOCK_SLACK)), "value before the due time: " + v);
                recvWithin(Time.after(d), FIRE_BOUND, "After(" + d + ")");
                Timer t = Time.newTimer(Duration.ofHours(1));
                assertTrue(t.reset(d));
                recvWithin(t.c(), FIRE_BOUND, "Reset(" + d + ")");
            }
        });
        CountDownLatch ran = new CountDownLatch(3);
        Time.afterFunc(Duration.ZERO, ran::countDown);
        Time.afterFunc(Duration.ofNanos(-1), ran::countDown);
        Time.afterFunc(MIN_JAVA_DURATION, ran::countDown);
        assertTrue(ran.await(10, TimeUnit.SECONDS), "AfterFunc with d <= 0 did not run");
    }

    /** docs/api.md: any thread may use timers; here a platform thread blocks on them. */
    @Test
    void timersWorkOnPlatformThreads() {
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            assertTrue(Thread.currentThread() != null && !Thread.currentThread().isVirtual());
            long start = System.nanoTime();
            assertNotNull(Time.after(ms(30)).recv());
            assertAtLeast(since(start), ms(30), "After(30ms) on a platform thread");
            Timer t = Time.newTimer(Duration.ofHours(1));
            assertTrue(t.reset(ms(20)));
            assertNotNull(t.c().recv());
            assertFalse(t.stop());
            Ticker tk = Time.newTicker(ms(10));
            tk.c().recv();
            tk.c().recv();
            tk.stop();
        }, "a platform thread waited on a timer for 20 s");
    }

    /** docs/api.md: null durations and functions throw NullPointerException. */
    @Test
    void nullArgumentsThrowNullPointerException() {
        assertThrows(NullPointerException.class, () -> Time.sleep(null));
        assertThrows(NullPointerException.class, () -> Time.after(null));
        assertThrows(NullPointerException.class, () -> Time.tick(null));
        assertThrows(NullPointerException.class, () -> Time.newTimer(null));
        assertThrows(NullPointerException.class, () -> Time.newTicker(null));
        assertThrows(NullPointerException.class, () -> Time.afterFunc(null, () -> { }));
        assertThrows(NullPointerException.class, () -> Time.afterFunc(Duration.ZERO, null));
        Timer t = Time.newTimer(Duration.ofHours(1));
        assertThrows(NullPointerException.class, () -> t.reset(null));
        assertTrue(t.stop(), "a failed reset(null) must leave the timer as it was");
        Ticker tk = Time.newTicker(Duration.ofHours(1));
        assertThrows(NullPointerException.class, () -> tk.reset(null));
        tk.stop();
    }
}
