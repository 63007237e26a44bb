package io.goroutines.tests;

import io.goroutines.Go;
import io.goroutines.GoRuntime;
import io.goroutines.Panic;
import io.goroutines.testkit.RestoresGomaxprocs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The scheduler seen through the public API. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SchedulerTest extends RestoresGomaxprocs {


    @Test
    void runsOnTheGmpScheduler() {
        assertEquals("gmp", GoRuntime.scheduler(),
                "tests run with --add-opens java.base/java.lang=ALL-UNNAMED, so the G/M/P scheduler must be active");
    }

    /**
     * GOMAXPROCS has no upper bound, as in Go since 1.10: 100,000 Ps are applied as asked
     * (before, the value was cut to 1024 without a word), goroutines run on them, and
     * the value goes back down.
     */
    @Test
    void gomaxprocsHasNoUpperBound() throws Exception {
        int large = 100_000;
        int saved = GoRuntime.gomaxprocs(0);
        try {
            assertEquals(saved, GoRuntime.gomaxprocs(large), "returns the previous value");
            assertEquals(large, GoRuntime.gomaxprocs(0), "the value applied is the value asked for");
            assertEquals(large, GoRuntime.schedStats().gomaxprocs());
            int n = 100;
            CountDownLatch done = new CountDownLatch(n);
            for (int i = 0; i < n; i++) {
                Go.go(done::countDown);
            }
            assertTrue(done.await(30, TimeUnit.SECONDS), done.getCount() + " goroutines did not run with " + large + " Ps");
        } finally {
            GoRuntime.gomaxprocs(saved);
        }
        assertEquals(saved, GoRuntime.gomaxprocs(0));
        CountDownLatch after = new CountDownLatch(1);
        Go.go(after::countDown);
        assertTrue(after.await(30, TimeUnit.SECONDS), "no goroutine ran after shrinking back to " + saved);
    }

    /** 1,000,000 goroutines spawned from one goroutine all run; with 2 Ps some are stolen. */
    @Test
    void millionGoroutinesFromOneGoroutineAllComplete() throws Exception {
        GoRuntime.gomaxprocs(2);
        long stealsBefore = GoRuntime.schedStats().steals();
        int n = 1_000_000;
        AtomicLong ran = new AtomicLong();
        CountDownLatch done = new CountDownLatch(n);
        Go.go(() -> {
            for (int i = 0; i < n; i++) {
                Go.go(() -> {
                    ran.incrementAndGet();
                    done.countDown();
                });
            }
        });
        assertTrue(done.await(90, TimeUnit.SECONDS), "only " + ran.get() + " of " + n + " goroutines ran");
        assertEquals(n, ran.get());
        long steals = GoRuntime.schedStats().steals() - stealsBefore;
        assertTrue(steals > 0, "with gomaxprocs(2) the idle P must steal from the spawning P; steals=" + steals);
    }

    /**
     * Go's TestGoschedInLoop idea: with one P, two goroutines that gosched strictly
     * alternate, unless sysmon took the P from an M the OS stopped running for two
     * time slices (a loaded machine): the stalled goroutine then yields without a P,
     * into the global queue, and the other may run twice. The test then only checks
     * that both ran to the end.
     */
    @Test
    void goschedInterleavesTwoGoroutinesOnOneP() throws Exception {
        GoRuntime.gomaxprocs(1);
        long handoffsBefore = GoRuntime.schedStats().handoffs();
        int rounds = 1000;
        ConcurrentLinkedQueue<Integer> order = new ConcurrentLinkedQueue<>();
        CountDownLatch ready = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(2);
        Go.go(() -> {
            // Start both from inside one goroutine so that they begin on the same P.
            for (int id = 0; id < 2; id++) {
                int me = id;
                Go.go(() -> {
                    for (int i = 0; i < rounds; i++) {
                        order.add(me);
                        GoRuntime.gosched();
                    }
                    done.countDown();
                });
            }
            ready.countDown();
        });
        assertTrue(ready.await(10, TimeUnit.SECONDS));
        assertTrue(done.await(30, TimeUnit.SECONDS));
        List<Integer> seq = new ArrayList<>(order);
        assertEquals(2 * rounds, seq.size());
        if (GoRuntime.schedStats().handoffs() != handoffsBefore) {
            return;
        }
        for (int i = 1; i < seq.size(); i++) {
            assertTrue(!seq.get(i).equals(seq.get(i - 1)),
                    "goroutines did not alternate at step " + i + ": " + seq.subList(Math.max(0, i - 5), i + 1));
        }
    }

    /** A panicking goroutine does not take its M down: goroutines keep running afterwards. */
    @Test
    void panicDoesNotKillTheM() throws Exception {
        GoRuntime.gomaxprocs(1);
        for (int round = 0; round < 5; round++) {
            CountDownLatch panicked = new CountDownLatch(1);
            Go.go(() -> {
                Go.defer(panicked::countDown);
                throw new Panic("boom " + 1);
            });
            assertTrue(panicked.await(10, TimeUnit.SECONDS));
        }
        AtomicInteger after = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(100);
        for (int i = 0; i < 100; i++) {
            Go.go(() -> {
                after.incrementAndGet();
                done.countDown();
            });
        }
        assertTrue(done.await(10, TimeUnit.SECONDS), "the runtime stopped running goroutines after panics");
        assertEquals(100, after.get());
    }

    @Test
    void mainRethrowsAPanicFromAnyGoroutine() {
        Panic p = assertThrows(Panic.class, () -> Go.main(() -> {
            Go.go(() -> {
                throw new Panic("from a child");
            });
            // main waits forever; the child's panic must end the program
            CountDownLatch never = new CountDownLatch(1);
            try {
                never.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }));
        assertEquals("from a child", p.value());
    }

    @Test
    void mainRethrowsItsOwnPanicAsThrown() {
        IllegalStateException boom = new IllegalStateException("boom");
        IllegalStateException got = assertThrows(IllegalStateException.class, () -> Go.main(() -> {
            throw boom;
        }));
        assertSame(boom, got);
    }

    @Test
    void mainReturnsWhenItsBodyReturns() {
        AtomicInteger ran = new AtomicInteger();
        Go.main(ran::incrementAndGet);
        assertEquals(1, ran.get());
    }

    /** GOMAXPROCS grows and shrinks at run time while goroutines run, losing none. */
    @Test
    void gomaxprocsResizeLosesNoGoroutine() throws Exception {
        GoRuntime.gomaxprocs(4);
        int n = 200_000;
        AtomicLong ran = new AtomicLong();
        CountDownLatch done = new CountDownLatch(n);
        Go.go(() -> {
            for (int i = 0; i < n; i++) {
                Go.go(() -> {
                    ran.incrementAndGet();
                    done.countDown();
                });
                if (i % 20_000 == 0) {
                    GoRuntime.gosched();
                }
            }
        });
        int[] sizes = {1, 3, 2, 4, 1, 2};
        for (int s : sizes) {
            GoRuntime.gomaxprocs(s);
            assertEquals(s, GoRuntime.schedStats().gomaxprocs());
        }
        assertTrue(done.await(60, TimeUnit.SECONDS), "lost goroutines: ran " + ran.get() + " of " + n);
        assertEquals(2, GoRuntime.schedStats().localRunqueues().length);
    }

    @Test
    void gomaxprocsReturnsPrevious() {
        int prev = GoRuntime.gomaxprocs(3);
        assertEquals(3, GoRuntime.gomaxprocs(prev));
        assertEquals(prev, GoRuntime.gomaxprocs(0));
    }

    /**
     * numGoroutine counts live goroutines: ten parked ones are counted and listed by the
     * dump. (Goroutines of earlier tests may still be ending, so the count is checked as a
     * lower bound and the ten are identified by name.)
     */
    @Test
    void numGoroutineCountsLiveGoroutines() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch started = new CountDownLatch(10);
        CountDownLatch ended = new CountDownLatch(10);
        for (int i = 0; i < 10; i++) {
            Go.go("counted-" + i, () -> {
                Go.defer(ended::countDown);
                started.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
        }
        try {
            assertTrue(started.await(10, TimeUnit.SECONDS));
            assertTrue(GoRuntime.numGoroutine() >= 10, "numGoroutine=" + GoRuntime.numGoroutine());
            assertTrue(GoRuntime.schedStats().goroutines() >= 10, "schedStats: " + GoRuntime.schedStats());
            String dump = GoRuntime.stack(true);
            for (int i = 0; i < 10; i++) {
                assertTrue(dump.contains("]: counted-" + i + "\n"), "counted-" + i + " missing:\n" + dump);
            }
        } finally {
            release.countDown();
        }
        assertTrue(ended.await(10, TimeUnit.SECONDS));
    }

    /**
     * A G readied by a running goroutine goes to its P's runnext: with one P, of three
     * goroutines started in a row the last runs first (it holds runnext), then the
     * others in FIFO order from the local queue, as Go's scheduler does.
     */
    @Test
    void readiedGoroutineRunsNextFromRunnext() throws Exception {
        GoRuntime.gomaxprocs(1);
        ConcurrentLinkedQueue<Integer> order = new ConcurrentLinkedQueue<>();
        CountDownLatch done = new CountDownLatch(3);
        CountDownLatch spawned = new CountDownLatch(1);
        Go.go(() -> {
            for (int i = 1; i <= 3; i++) {
                int me = i;
                Go.go(() -> {
                    order.add(me);
                    done.countDown();
                });
            }
            spawned.countDown();
        });
        assertTrue(spawned.await(10, TimeUnit.SECONDS));
        assertTrue(done.await(10, TimeUnit.SECONDS));
        assertEquals(List.of(3, 1, 2), new ArrayList<>(order));
    }
}
