package io.goroutines.tests;

import io.goroutines.Chan;
import io.goroutines.Panic;
import io.goroutines.sync.Once;
import io.goroutines.testkit.Body;
import io.goroutines.testkit.Failures;
import io.goroutines.testkit.Goroutines;
import io.goroutines.testkit.Waits;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static io.goroutines.testkit.Goroutines.inGoroutine;
import static io.goroutines.testkit.Goroutines.start;
import static io.goroutines.testkit.Waits.awaitParked;
import static io.goroutines.testkit.Waits.awaitWaiting;
import static io.goroutines.testkit.Waits.join;
import static io.goroutines.testkit.Waits.recvBounded;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * {@link Once} through the public API.
 *
 * <p>The first part ports Go's {@code src/sync/once_test.go} ({@code TestOnce},
 * {@code TestOncePanic}); the benchmark is not ported. The second part checks the
 * Javadoc: callers that come while the function runs return only after it has returned
 * (and see its writes), callers on platform and plain virtual threads included; a
 * function that panics or throws counts as done, its throwable reaches the first caller
 * only and releases the waiting ones; only the first function ever runs.
 *
 * <p>Conventions are {@link ChanTest}'s and {@link MutexTest}'s. docs/api.md names no wait
 * reason for {@code Once.run} (Go's shows {@code sync.Mutex.Lock}), so a goroutine
 * waiting in it is recognized as parked ({@link Waits#awaitParked}).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class OnceTest {

    /** Go's {@code one}: an int with a plain increment. */
    private static final class One {
        int n;

        void increment() {
            n++;
        }
    }

    /** Go's run: calls once.run and checks, on return, that the increment happened exactly once. */
    private static void run(Once once, One o, Chan<Boolean> c, Failures failures) {
        try {
            once.run(o::increment);
            int v = o.n;
            if (v != 1) {
                failures.add("once failed inside run: " + v + " is not 1");
            }
        } finally {
            c.send(true);
        }
    }

    // Go: TestOnce (sync/once_test.go).
    @Test
    void testOnce() {
        Failures failures = new Failures();
        inGoroutine("TestOnce", failures, () -> {
            One o = new One();
            Once once = new Once();
            Chan<Boolean> c = Chan.make();
            final int n = 10;
            for (int i = 0; i < n; i++) {
                failures.go("TestOnce-run", () -> run(once, o, c, failures));
            }
            for (int i = 0; i < n; i++) {
                recvBounded(c, failures, "run " + i);
            }
            failures.check();
            assertEquals(1, o.n, "once failed outside run");
        });
    }

    // Go: TestOncePanic (sync/once_test.go): the panic reaches the caller, and the Once
    // counts as done, so the second call's function must not run.
    @Test
    void testOncePanic() {
        inGoroutine("TestOncePanic", new Failures(), () -> {
            Once once = new Once();
            Panic p = assertThrows(Panic.class, () -> once.run(() -> {
                throw new Panic("failed");
            }), "Once.Do did not panic");
            assertEquals("failed", p.value());
            once.run(() -> fail("Once.Do called twice"));
        });
    }


    // ================================================================== the Javadoc

    /** 4 goroutines, 1 platform thread and 1 virtual thread arrive while the function runs. */
    private static final int LATE_GOROUTINES = 4;

    /**
     * No call returns before the one function has returned: callers that arrive while it
     * runs (goroutines, a platform thread, a plain virtual thread) wait, return after it,
     * see what it wrote (plain fields) and never run their own functions.
     */
    @Test
    void callersWaitForTheFirstFunctionAndSeeItsWrites() throws Exception {
        Failures failures = new Failures();
        Once once = new Once();
        One o = new One();
        int[] written = new int[1];
        Chan<Void> fRunning = Chan.make(1);
        Chan<Void> fRelease = Chan.make();
        AtomicInteger returnedEarly = new AtomicInteger();
        AtomicInteger ownRan = new AtomicInteger();
        Chan<Boolean> lateDone = Chan.make(LATE_GOROUTINES);

        failures.go("onceFirst", () -> once.run(() -> {
            fRunning.send(null);
            fRelease.recv();
            written[0] = 42;
            o.increment();
        }));
        recvBounded(fRunning, failures, "the first function started");

        Body late = () -> {
            once.run(ownRan::incrementAndGet);
            if (written[0] != 42 || o.n != 1) {
                returnedEarly.incrementAndGet();
            }
        };
        List<String> names = new ArrayList<>();
        for (int i = 0; i < LATE_GOROUTINES; i++) {
            names.add(failures.go("onceLate", () -> {
                try {
                    late.run();
                } finally {
                    lateDone.send(true);
                }
            }));
        }
        List<Thread> threads = new ArrayList<>();
        for (Thread.Builder builder : Goroutines.threadKinds()) {
            threads.add(start(builder, "onceLate", failures, late));
        }
        for (String name : names) {
            awaitParked(name, failures);
        }
        for (Thread t : threads) {
            awaitWaiting(t, failures);
        }
        assertEquals(0, lateDone.len(), "run returned while the first function was still running");

        fRelease.send(null);
        for (int i = 0; i < LATE_GOROUTINES; i++) {
            recvBounded(lateDone, failures, "late caller " + i);
        }
        for (Thread t : threads) {
            join(t, failures);
        }
        failures.check();
        assertEquals(0, returnedEarly.get(), "callers that returned without seeing the function's writes");
        assertEquals(0, ownRan.get(), "late callers' functions that ran");
        assertEquals(1, o.n);
    }

    /**
     * A function that panics still counts as done: its panic goes to its own caller only,
     * and callers that were waiting for it return normally without running theirs.
     */
    @Test
    void panicReleasesWaitingCallersWithoutRunningTheirFunctions() {
        Failures failures = new Failures();
        inGoroutine("oncePanicWaiters", failures, () -> {
            Once once = new Once();
            Chan<Void> fRunning = Chan.make(1);
            Chan<Void> fRelease = Chan.make();
            Panic boom = new Panic("OnceTest: the first function panics on purpose");
            Chan<Object> firstOutcome = Chan.make(1);
            failures.go("oncePanicFirst", () -> {
                Object outcome = "returned";
                try {
                    once.run(() -> {
                        fRunning.send(null);
                        fRelease.recv();
                        throw boom;
                    });
                } catch (Throwable t) {
                    outcome = t;
                    if (t != boom) {
                        failures.add(t);
                    }
                }
                firstOutcome.send(outcome);
            });
            recvBounded(fRunning, failures, "the first function started");

            AtomicInteger ownRan = new AtomicInteger();
            Chan<Object> waiterOutcome = Chan.make(1);
            String waiter = failures.go("oncePanicWaiter", () -> {
                Object outcome = "returned";
                try {
                    once.run(ownRan::incrementAndGet);
                } catch (Throwable t) {
                    outcome = t;
                }
                waiterOutcome.send(outcome);
            });
            awaitParked(waiter, failures);
            fRelease.send(null);
            assertSame(boom, recvBounded(firstOutcome, failures, "the first caller"),
                    "the first caller must get the function's panic");
            assertEquals("returned", recvBounded(waiterOutcome, failures, "the waiting caller"),
                    "the waiting caller must return normally");
            assertEquals(0, ownRan.get(), "the waiting caller's function ran");
            once.run(() -> fail("a function ran after the first one panicked"));
        });
    }

    /**
     * docs/api.md: any {@link Throwable} is a panic. A function that throws a runtime exception,
     * or an {@link Error}, also counts as done, and the first caller gets that throwable.
     */
    @Test
    void exceptionOrErrorInTheFunctionCountsAsDone() {
        inGoroutine("onceThrows", new Failures(), () -> {
            for (Throwable thrown : List.of(new IllegalStateException("OnceTest: on purpose"),
                    new AssertionError("OnceTest: on purpose"))) {
                Once once = new Once();
                Throwable got = assertThrows(Throwable.class, () -> once.run(() -> {
                    if (thrown instanceof RuntimeException e) {
                        throw e;
                    }
                    throw (Error) thrown;
                }));
                assertSame(thrown, got, "the first caller must get what the function threw");
                once.run(() -> fail("a function ran after the first one threw " + thrown));
            }
        });
    }

    /** Only the first call's function runs, even when later calls pass other functions. */
    @Test
    void onlyTheFirstFunctionRuns() {
        inGoroutine("onceFirstOnly", new Failures(), () -> {
            Once once = new Once();
            List<String> ran = new ArrayList<>();
            once.run(() -> ran.add("first"));
            once.run(() -> ran.add("second"));
            once.run(() -> ran.add("third"));
            assertEquals(List.of("first"), ran);
        });
    }

    /** 1000 Once values, each raced for by 4 goroutines. */
    private static final int RACE_ONCES = 1000;
    private static final int RACERS = 4;

    /** Racing callers: on each {@code Once} exactly one function runs, and every caller returns after it. */
    @Test
    void racingCallersRunExactlyOneFunction() {
        Failures failures = new Failures();
        inGoroutine("onceRace", failures, () -> {
            Chan<Boolean> done = Chan.make(RACERS);
            for (int k = 0; k < RACE_ONCES; k++) {
                Once once = new Once();
                One o = new One();
                Chan<Void> start = Chan.make();
                for (int r = 0; r < RACERS; r++) {
                    failures.go(() -> {
                        start.recv();
                        run(once, o, done, failures);
                    });
                }
                start.close();
                for (int r = 0; r < RACERS; r++) {
                    recvBounded(done, failures, "Once " + k + ", racer " + r);
                }
                failures.check();
                assertEquals(1, o.n, "Once " + k + ": functions run");
            }
        });
    }

    /** {@code run(null)} throws {@link NullPointerException}. */
    @Test
    void runOfNullThrows() {
        assertThrows(NullPointerException.class, () -> new Once().run(null));
    }
}
