package io.goroutines.tests;

import io.goroutines.Chan;
import io.goroutines.Go;
import io.goroutines.GoRuntime;
import io.goroutines.Panic;
import io.goroutines.Received;
import io.goroutines.RecvChan;
import io.goroutines.Select;
import io.goroutines.SendChan;
import io.goroutines.testkit.Failures;
import io.goroutines.testkit.Goroutines;
import io.goroutines.testkit.RestoresGomaxprocs;
import io.goroutines.testkit.Waits;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;

import static io.goroutines.testkit.Dumps.stateOf;
import static io.goroutines.testkit.Dumps.truncate;
import static io.goroutines.testkit.Goroutines.inGoroutine;
import static io.goroutines.testkit.Goroutines.uniqueName;
import static io.goroutines.testkit.Waits.BODY_BOUND_SECONDS;
import static io.goroutines.testkit.Waits.await;
import static io.goroutines.testkit.Waits.awaitLatch;
import static io.goroutines.testkit.Waits.awaitState;
import static io.goroutines.testkit.Waits.awaitThreadState;
import static io.goroutines.testkit.Waits.join;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Channels and select through the public API.
 *
 * <p>The first part ports Go's {@code src/runtime/chan_test.go}; each test is named
 * after its Go original ({@code TestChan} is {@link #testChan()}). The second part
 * covers what docs/api.md promises beyond Go's tests: {@code null} elements, the Java forms
 * ({@code trySend}, {@code tryRecv}, the iterator), the panics, the wait reasons in
 * {@link GoRuntime#stack(boolean)}, and channels used from platform threads and plain
 * virtual threads.
 *
 * <p>How Go's idioms are carried over (the helpers are the test kit's,
 * {@code io.goroutines.testkit}):
 * <ul>
 *   <li>Go's test body is itself a goroutine; here a body that does channel operations
 *       runs in a goroutine too ({@link Goroutines#inGoroutine}), and the JUnit thread waits for
 *       it on a latch with a bound, because a blocked channel operation cannot be
 *       interrupted (docs/api.md) and so could not be cut short by {@code @Timeout}.</li>
 *   <li>Go's {@code time.Sleep(time.Millisecond) // make sure it is blocked} becomes
 *       waiting, with a bound, until the goroutine's dump header shows its wait reason
 *       ({@link Waits#awaitState}): stronger than a sleep, and never a sleep.</li>
 *   <li>{@code t.Fatal} from another goroutine becomes a {@link Failures} record that
 *       the test checks at its end; {@code sync.WaitGroup} becomes a
 *       {@link CountDownLatch} or a done channel.</li>
 *   <li>Go's zero value of a receive from a closed channel is {@code null}.</li>
 * </ul>
 * Counts are scaled (each says from what) so that this class and
 * {@link ChanProgramsTest} run in well under 30 s on 2 cores.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ChanTest extends RestoresGomaxprocs {

    // ================================================================== helpers

    @SuppressWarnings("unchecked")
    private static <T> Chan<T>[] chans(int n) {
        return (Chan<T>[]) new Chan<?>[n];
    }

    private static <T> Received<T> recvd(T value, boolean ok) {
        return new Received<>(value, ok);
    }

    // ================================================================== runtime/chan_test.go

    /** Go: {@code N := 200} capacities (20 with {@code -short}), kept. */
    private static final int TEST_CHAN_CAPACITIES = 200;

    @Test
    void testChan() {
        GoRuntime.gomaxprocs(4);
        Failures failures = new Failures();
        inGoroutine("TestChan", failures, () -> {
            for (int chanCap = 0; chanCap < TEST_CHAN_CAPACITIES; chanCap++) {
                final int cap = chanCap;
                {
                    // Ensure that receive from empty chan blocks.
                    Chan<Integer> c = Chan.make(cap);
                    AtomicBoolean recv1 = new AtomicBoolean();
                    AtomicBoolean recv2 = new AtomicBoolean();
                    Chan<Void> received = Chan.make(2);
                    String g1 = failures.go("TestChan-recv1", () -> {
                        c.recv();
                        recv1.set(true);
                        received.send(null);
                    });
                    String g2 = failures.go("TestChan-recv2", () -> {
                        c.recvOk();
                        recv2.set(true);
                        received.send(null);
                    });
                    awaitState(g1, "chan receive");
                    awaitState(g2, "chan receive");
                    if (recv1.get() || recv2.get()) {
                        fail("chan[" + cap + "]: receive from empty chan");
                    }
                    // Ensure that non-blocking receive does not block.
                    assertEquals(1, Go.select()
                            .recv(c, v -> fail("chan[" + cap + "]: receive from empty chan"))
                            .defaultCase(null)
                            .run());
                    assertEquals(1, Go.select()
                            .recvOk(c, (v, ok) -> fail("chan[" + cap + "]: receive from empty chan"))
                            .defaultCase(null)
                            .run());
                    c.send(0);
                    c.send(0);
                    received.recv(); // (not in Go) both receivers got a value
                    received.recv();
                }
                {
                    // Ensure that send to full chan blocks.
                    Chan<Integer> c = Chan.make(cap);
                    for (int i = 0; i < cap; i++) {
                        c.send(i);
                    }
                    AtomicBoolean sent = new AtomicBoolean();
                    Chan<Void> senderDone = Chan.make(1);
                    String g = failures.go("TestChan-send", () -> {
                        c.send(0);
                        sent.set(true);
                        senderDone.send(null);
                    });
                    awaitState(g, "chan send");
                    if (sent.get()) {
                        fail("chan[" + cap + "]: send to full chan");
                    }
                    // Ensure that non-blocking send does not block.
                    assertEquals(1, Go.select()
                            .send(c, 0, () -> fail("chan[" + cap + "]: send to full chan"))
                            .defaultCase(null)
                            .run());
                    c.recv();
                    senderDone.recv(); // (not in Go) the blocked sender went on
                }
                {
                    // Ensure that we receive 0 (null) from closed chan.
                    Chan<Integer> c = Chan.make(cap);
                    for (int i = 0; i < cap; i++) {
                        c.send(i);
                    }
                    c.close();
                    for (int i = 0; i < cap; i++) {
                        assertEquals(i, c.recv(), "chan[" + cap + "]");
                    }
                    assertNull(c.recv(), "chan[" + cap + "]");
                    assertEquals(recvd(null, false), c.recvOk(), "chan[" + cap + "]");
                }
                {
                    // Ensure that close unblocks receive.
                    Chan<Integer> c = Chan.make(cap);
                    Chan<Boolean> done = Chan.make();
                    String g = failures.go("TestChan-closeRecv", () -> {
                        Received<Integer> r = c.recvOk();
                        done.send(r.value() == null && !r.ok());
                    });
                    awaitState(g, "chan receive");
                    c.close();
                    assertTrue(done.recv(), "chan[" + cap + "]: received non zero from closed chan");
                }
                {
                    // Send 100 integers, ensure that we receive them non-corrupted in FIFO order.
                    Chan<Integer> c = Chan.make(cap);
                    failures.go(() -> {
                        for (int i = 0; i < 100; i++) {
                            c.send(i);
                        }
                    });
                    for (int i = 0; i < 100; i++) {
                        assertEquals(i, c.recv(), "chan[" + cap + "]");
                    }
                    // Same, but using recv2.
                    failures.go(() -> {
                        for (int i = 0; i < 100; i++) {
                            c.send(i);
                        }
                    });
                    for (int i = 0; i < 100; i++) {
                        Received<Integer> r = c.recvOk();
                        assertTrue(r.ok(), "chan[" + cap + "]: receive failed, expected " + i);
                        assertEquals(i, r.value(), "chan[" + cap + "]");
                    }
                    // Send 1000 integers in 4 goroutines, ensure that we receive what we send.
                    final int P = 4;
                    final int L = 1000;
                    for (int p = 0; p < P; p++) {
                        failures.go(() -> {
                            for (int i = 0; i < L; i++) {
                                c.send(i);
                            }
                        });
                    }
                    Chan<Map<Integer, Integer>> done = Chan.make();
                    for (int p = 0; p < P; p++) {
                        failures.go(() -> {
                            Map<Integer, Integer> recv = new HashMap<>();
                            for (int i = 0; i < L; i++) {
                                recv.merge(c.recv(), 1, Integer::sum);
                            }
                            done.send(recv);
                        });
                    }
                    Map<Integer, Integer> recv = new HashMap<>();
                    for (int p = 0; p < P; p++) {
                        done.recv().forEach((k, v) -> recv.merge(k, v, Integer::sum));
                    }
                    assertEquals(L, recv.size(), "chan[" + cap + "]: received values");
                    recv.forEach((k, v) -> assertEquals(P, v, "chan[" + cap + "]: times " + k + " received"));
                }
                {
                    // Test len/cap.
                    Chan<Integer> c = Chan.make(cap);
                    assertEquals(0, c.len(), "chan[" + cap + "]: len");
                    assertEquals(cap, c.cap(), "chan[" + cap + "]: cap");
                    for (int i = 0; i < cap; i++) {
                        c.send(i);
                    }
                    assertEquals(cap, c.len(), "chan[" + cap + "]: len");
                    assertEquals(cap, c.cap(), "chan[" + cap + "]: cap");
                }
            }
        });
    }

    /** Go: n = 10000 (100 with -short), kept. */
    @Test
    void testNonblockRecvRace() {
        final int n = 10_000;
        Failures failures = new Failures();
        CountDownLatch checked = new CountDownLatch(n);
        inGoroutine("TestNonblockRecvRace", failures, () -> {
            for (int i = 0; i < n; i++) {
                Chan<Integer> c = Chan.make(1);
                c.send(1);
                failures.go(() -> {
                    try {
                        int chosen = Go.select().recv(c, null).defaultCase(null).run();
                        if (chosen != 0) {
                            failures.add("chan is not ready");
                        }
                    } finally {
                        checked.countDown();
                    }
                });
                c.close();
                c.recv();
            }
        });
        // (not in Go) every goroutine ran its select, so none of their failures is missed
        await(checked, failures, "the selecting goroutines");
        failures.check();
    }

    /**
     * Select acts on the state of the channels at one moment, not over a smeared window:
     * from the time the goroutine is created at least one of c1 and c2 is ready, so its
     * non-blocking select must never take the default case. Go: n = 100000 (1000 with
     * -short), kept.
     */
    @Test
    void testNonblockSelectRace() {
        final int n = 100_000;
        Failures failures = new Failures();
        inGoroutine("TestNonblockSelectRace", failures, () -> {
            Chan<Boolean> done = Chan.make(1);
            for (int i = 0; i < n; i++) {
                Chan<Integer> c1 = Chan.make(1);
                Chan<Integer> c2 = Chan.make(1);
                c1.send(1);
                failures.go(() -> {
                    boolean ok = false;
                    try {
                        ok = Go.select().recv(c1, null).recv(c2, null).defaultCase(null).run() != 2;
                    } finally {
                        done.send(ok);
                    }
                });
                c2.send(1);
                Go.select().recv(c1, null).defaultCase(null).run();
                if (!done.recv()) {
                    fail("no chan is ready (iteration " + i + ")");
                }
            }
        });
    }

    /** Same as testNonblockSelectRace, but close(c2) replaces c2 <- 1. Go: n = 100000, kept. */
    @Test
    void testNonblockSelectRace2() {
        final int n = 100_000;
        Failures failures = new Failures();
        inGoroutine("TestNonblockSelectRace2", failures, () -> {
            Chan<Boolean> done = Chan.make(1);
            for (int i = 0; i < n; i++) {
                Chan<Integer> c1 = Chan.make(1);
                Chan<Integer> c2 = Chan.make();
                c1.send(1);
                failures.go(() -> {
                    boolean ok = false;
                    try {
                        ok = Go.select().recv(c1, null).recv(c2, null).defaultCase(null).run() != 2;
                    } finally {
                        done.send(ok);
                    }
                });
                c2.close();
                Go.select().recv(c1, null).defaultCase(null).run();
                if (!done.recv()) {
                    fail("no chan is ready (iteration " + i + ")");
                }
            }
        });
    }

    /** Send and receive on the same channel in one select neither crashes nor deadlocks. */
    @Test
    void testSelfSelect() {
        GoRuntime.gomaxprocs(2);
        Failures failures = new Failures();
        for (int chanCap : new int[] {0, 10}) {
            CountDownLatch wg = new CountDownLatch(2);
            Chan<Integer> c = Chan.make(chanCap);
            for (int p = 0; p < 2; p++) {
                final int me = p;
                failures.go("TestSelfSelect-" + p, () -> {
                    try {
                        for (int i = 0; i < 1000; i++) {
                            if (me == 0 || i % 2 == 0) {
                                Go.select()
                                        .send(c, me, null)
                                        .recv(c, v -> {
                                            if (chanCap == 0 && v == me) {
                                                failures.add("self receive");
                                            }
                                        })
                                        .run();
                            } else {
                                Go.select()
                                        .recv(c, v -> {
                                            if (chanCap == 0 && v == me) {
                                                failures.add("self receive");
                                            }
                                        })
                                        .send(c, me, null)
                                        .run();
                            }
                        }
                    } finally {
                        wg.countDown();
                    }
                });
            }
            await(wg, failures, "TestSelfSelect chanCap=" + chanCap);
        }
        failures.check();
    }

    /**
     * 4 senders and 4 receivers on 4 channels, one goroutine sending on all four in one
     * select and one receiving from all four in one select; the whole must not deadlock.
     * A channel whose quota is done becomes a null (Go: nil) case. Go: N = 100000 (10000
     * with -short), kept.
     */
    @Test
    void testSelectStress() {
        GoRuntime.gomaxprocs(10);
        final int N = 100_000;
        Chan<Integer>[] c = chans(4);
        c[0] = Chan.make();
        c[1] = Chan.make();
        c[2] = Chan.make(2);
        c[3] = Chan.make(3);
        Failures failures = new Failures();
        CountDownLatch wg = new CountDownLatch(10);
        for (int k = 0; k < 4; k++) {
            final int kk = k;
            failures.go("TestSelectStress-send" + k, () -> {
                try {
                    for (int i = 0; i < N; i++) {
                        c[kk].send(0);
                    }
                } finally {
                    wg.countDown();
                }
            });
            failures.go("TestSelectStress-recv" + k, () -> {
                try {
                    for (int i = 0; i < N; i++) {
                        c[kk].recv();
                    }
                } finally {
                    wg.countDown();
                }
            });
        }
        failures.go("TestSelectStress-selectSend", () -> {
            try {
                int[] n = new int[4];
                Chan<Integer>[] c1 = c.clone();
                for (int i = 0; i < 4 * N; i++) {
                    Go.select()
                            .send(c1[3], 0, () -> {
                                if (++n[3] == N) {
                                    c1[3] = null;
                                }
                            })
                            .send(c1[2], 0, () -> {
                                if (++n[2] == N) {
                                    c1[2] = null;
                                }
                            })
                            .send(c1[0], 0, () -> {
                                if (++n[0] == N) {
                                    c1[0] = null;
                                }
                            })
                            .send(c1[1], 0, () -> {
                                if (++n[1] == N) {
                                    c1[1] = null;
                                }
                            })
                            .run();
                }
            } finally {
                wg.countDown();
            }
        });
        failures.go("TestSelectStress-selectRecv", () -> {
            try {
                int[] n = new int[4];
                Chan<Integer>[] c1 = c.clone();
                for (int i = 0; i < 4 * N; i++) {
                    Go.select()
                            .recv(c1[0], v -> {
                                if (++n[0] == N) {
                                    c1[0] = null;
                                }
                            })
                            .recv(c1[1], v -> {
                                if (++n[1] == N) {
                                    c1[1] = null;
                                }
                            })
                            .recv(c1[2], v -> {
                                if (++n[2] == N) {
                                    c1[2] = null;
                                }
                            })
                            .recv(c1[3], v -> {
                                if (++n[3] == N) {
                                    c1[3] = null;
                                }
                            })
                            .run();
                }
            } finally {
                wg.countDown();
            }
        });
        if (!awaitLatch(wg, BODY_BOUND_SECONDS)) {
            fail("TestSelectStress deadlocked or is too slow (failures: " + failures.summary() + "); dump:\n"
                    + truncate(GoRuntime.stack(true)));
        }
        failures.check();
        for (Chan<Integer> ch : c) {
            assertEquals(0, ch.len(), "every value sent was received");
        }
    }

    /**
     * A select over two always-ready channels (and two never-ready ones) picks each ready
     * one about half the time. Bound, as Go's: |cnt1 - trials/2| <= 10 sigma with
     * sigma = sqrt(trials * 0.5 * 0.5) = 50, i.e. cnt1 in [4500, 5500] for 10000 trials.
     * A fair select exceeds 10 sigma with probability about 1.5e-23; Go's comment: "10
     * sigma is a lot, but we're ok with some systematic bias as long as it isn't too severe".
     */
    @Test
    void testSelectFairness() {
        final int trials = 10_000;
        Chan<Integer> c1 = Chan.make(trials + 1);
        Chan<Integer> c2 = Chan.make(trials + 1);
        for (int i = 0; i < trials + 1; i++) {
            c1.send(1);
            c2.send(2);
        }
        Chan<Integer> c3 = Chan.make();
        Chan<Integer> c4 = Chan.make();
        Chan<Integer> out = Chan.make();
        Chan<Void> done = Chan.make();
        Failures failures = new Failures();
        CountDownLatch wg = new CountDownLatch(1);
        failures.go("TestSelectFairness-selector", () -> {
            try {
                for (;;) {
                    int[] b = new int[1];
                    Go.select()
                            .recv(c3, v -> b[0] = v)
                            .recv(c4, v -> b[0] = v)
                            .recv(c1, v -> b[0] = v)
                            .recv(c2, v -> b[0] = v)
                            .run();
                    if (Go.select().send(out, b[0], null).recv(done, null).run() == 1) {
                        return;
                    }
                }
            } finally {
                wg.countDown();
            }
        });
        int[] cnt = new int[3];
        inGoroutine("TestSelectFairness", failures, () -> {
            for (int i = 0; i < trials; i++) {
                int b = out.recv();
                if (b != 1 && b != 2) {
                    fail("unexpected value " + b + " on channel");
                }
                cnt[b]++;
            }
        });
        double mean = trials * 0.5;
        double stddev = Math.sqrt(trials * 0.5 * (1 - 0.5));
        assertTrue(Math.abs(cnt[1] - mean) <= 10 * stddev,
                "unfair select: in " + trials + " trials, results were " + cnt[1] + ", " + cnt[2]);
        done.close();
        await(wg, failures, "the selector goroutine's exit after close(done)");
        failures.check();
    }

    /** A send case with the channel's own value again, and a second value, does not misbehave. */
    @Test
    void testChanSendInterface() {
        Failures failures = new Failures();
        inGoroutine("TestChanSendInterface", failures, () -> {
            Object m = new Object();
            Chan<Object> c = Chan.make(1);
            c.send(m);
            assertEquals(1, Go.select().send(c, m, null).defaultCase(null).run(), "the buffer is full");
            assertEquals(2, Go.select().send(c, m, null).send(c, new Object(), null).defaultCase(null).run(),
                    "the buffer is full");
            assertSame(m, c.recv());
            assertEquals(0, c.len());
        });
    }

    /**
     * Two send cases on one channel are chosen pseudo-randomly, whether the buffer has
     * room (cap n) or the sender waits for the receiver (cap 0). Bound, as Go's: more than
     * n/10 = 10 of each of n = 100; a fair choice gives 10 or fewer of one value with
     * probability about 2 * 1.5e-17.
     */
    @Test
    void testPseudoRandomSend() {
        final int n = 100;
        Failures failures = new Failures();
        for (int chanCap : new int[] {0, n}) {
            Chan<Integer> c = Chan.make(chanCap);
            int[] l = new int[n];
            CountDownLatch m = new CountDownLatch(1);
            failures.go("TestPseudoRandomSend-recv", () -> {
                try {
                    for (int i = 0; i < n; i++) {
                        GoRuntime.gosched();
                        l[i] = c.recv();
                    }
                } finally {
                    m.countDown();
                }
            });
            inGoroutine("TestPseudoRandomSend", failures, () -> {
                for (int i = 0; i < n; i++) {
                    Go.select().send(c, 1, null).send(c, 0, null).run();
                }
            });
            await(m, failures, "the receiver");
            int n0 = 0;
            int n1 = 0;
            for (int i : l) {
                n0 += (i + 1) % 2;
                n1 += i;
            }
            assertTrue(n0 > n / 10 && n1 > n / 10,
                    "Want pseudorandom, got " + n0 + " zeros and " + n1 + " ones (chan cap " + chanCap + ")");
        }
        failures.check();
    }

    /**
     * 23 workers range over a work channel and forward to a result channel; a feeder
     * closes the work channel, waits for the workers and closes the results. Go: niter =
     * 271828, kept.
     */
    @Test
    void testMultiConsumer() {
        final int nwork = 23;
        final int niter = 271_828;
        final int[] pn = {2, 3, 7, 11, 13, 17, 19, 23, 27, 31};
        Chan<Integer> q = Chan.make(nwork * 3);
        Chan<Integer> r = Chan.make(nwork * 3);
        Chan<Void> workerDone = Chan.make(nwork); // Go: sync.WaitGroup
        Failures failures = new Failures();
        for (int i = 0; i < nwork; i++) {
            final int w = i;
            failures.go("TestMultiConsumer-worker", () -> {
                for (Integer v : q) {
                    // mess with the fifo-ish nature of range
                    if (pn[w % pn.length] == v) {
                        GoRuntime.gosched();
                    }
                    r.send(v);
                }
                workerDone.send(null);
            });
        }
        long expect = 0;
        for (int i = 0; i < niter; i++) {
            expect += pn[i % pn.length];
        }
        // feeder & closer
        failures.go("TestMultiConsumer-feeder", () -> {
            for (int i = 0; i < niter; i++) {
                q.send(pn[i % pn.length]);
            }
            q.close(); // no more work
            for (int i = 0; i < nwork; i++) {
                workerDone.recv(); // workers done
            }
            r.close(); // ... so there can be no more results
        });
        // consume & check
        long[] ns = new long[2];
        inGoroutine("TestMultiConsumer", failures, () -> {
            for (Integer v : r) {
                ns[0]++;
                ns[1] += v;
            }
        });
        assertEquals(niter, ns[0], "values received");
        assertEquals(expect, ns[1], "sum received");
    }

    /**
     * Channel operations still work when the sender blocks between bursts of deep
     * recursion and a GC runs. (The JVM does not move stacks, so this is a blocked-send
     * round trip with GC; kept because it is cheap.) Go's sleep "so the sender blocks in
     * channel send" is a wait for its wait reason.
     */
    @Test
    void testShrinkStackDuringBlockedSend() {
        final int n = 10;
        Chan<Integer> c = Chan.make();
        Chan<Void> done = Chan.make();
        Failures failures = new Failures();
        String sender = failures.go("TestShrinkStackDuringBlockedSend-sender", () -> {
            for (int i = 0; i < n; i++) {
                c.send(i);
                stackGrowthRecursive(20); // use lots of stack, briefly
            }
            done.send(null);
        });
        inGoroutine("TestShrinkStackDuringBlockedSend", failures, () -> {
            for (int i = 0; i < n; i++) {
                assertEquals(i, c.recv(), "bad channel read");
                awaitState(sender, "chan send");
                System.gc();
            }
            done.recv();
        });
    }

    private static long stackGrowthRecursive(int i) {
        long a = i;
        long b = a * 31;
        long c = b ^ a;
        long d = c + b;
        return i == 0 ? d : d + stackGrowthRecursive(i - 1);
    }

    /**
     * A goroutine queued twice on the same channel by one select is dequeued cleanly when
     * another case wins: afterwards the channel's other waiter is the one woken.
     */
    @Test
    void testSelectDuplicateChannel() {
        Chan<Integer> c = Chan.make();
        Chan<Integer> d = Chan.make();
        Chan<Integer> e = Chan.make();
        Failures failures = new Failures();
        AtomicInteger aChose = new AtomicInteger(-1);
        // goroutine A
        String a = failures.go("TestSelectDuplicateChannel-A", () -> {
            aChose.set(Go.select().recv(c, null).recv(c, null).recv(d, null).run());
            e.send(9);
        });
        awaitState(a, "select"); // make sure goroutine A gets queued first on c
        // goroutine B
        AtomicReference<Integer> bGot = new AtomicReference<>();
        CountDownLatch bDone = new CountDownLatch(1);
        String b = failures.go("TestSelectDuplicateChannel-B", () -> {
            bGot.set(c.recv());
            bDone.countDown();
        });
        awaitState(b, "chan receive"); // make sure goroutine B gets queued on c before continuing
        inGoroutine("TestSelectDuplicateChannel", failures, () -> {
            d.send(7); // wake up A, it dequeues itself from c; this used to corrupt c.recvq
            assertEquals(9, e.recv()); // A tells us it's done
            c.send(8); // wake up B; this used to fail because c.recvq was corrupted
        });
        await(bDone, failures, "goroutine B");
        assertEquals(2, aChose.get(), "A must have taken the <-d case");
        assertEquals(8, bGot.get());
    }

    /**
     * Go's TestSelectStackAdjust without the stack shrinking (the JVM does not move
     * stacks): two selects, one listing c and d once, one listing each twice, are both
     * woken by close(d) and take a d case; the receive from c is not taken.
     */
    @Test
    void testSelectStackAdjust() {
        Chan<Integer> c = Chan.make();
        Chan<Integer> d = Chan.make();
        Failures failures = new Failures();
        AtomicInteger chose1 = new AtomicInteger(-1);
        AtomicInteger chose2 = new AtomicInteger(-1);
        CountDownLatch ready = new CountDownLatch(2);
        String g1 = failures.go("TestSelectStackAdjust-1", () -> {
            try {
                chose1.set(Go.select().recv(c, null).recv(null, null).recv(d, null).recv(null, null).run());
            } finally {
                ready.countDown();
            }
        });
        String g2 = failures.go("TestSelectStackAdjust-2", () -> {
            try {
                chose2.set(Go.select().recv(c, null).recv(c, null).recv(d, null).recv(d, null).run());
            } finally {
                ready.countDown();
            }
        });
        awaitState(g1, "select");
        awaitState(g2, "select");
        d.close(); // wake selects
        await(ready, failures, "the selects woken by close(d)");
        failures.check();
        assertEquals(2, chose1.get(), "select 1 must take its only <-d case");
        assertTrue(chose2.get() == 2 || chose2.get() == 3, "select 2 must take a <-d case, took " + chose2.get());
    }

    // ================================================================== docs/api.md: elements and close

    @Test
    void nullIsALegalElementAndRecvOkTellsItFromClosed() {
        Failures failures = new Failures();
        inGoroutine("nullElement", failures, () -> {
            Chan<Void> signal = Chan.make(1);
            signal.send(null);
            assertEquals(1, signal.len(), "a sent null occupies a buffer slot");
            assertEquals(recvd(null, true), signal.recvOk());
            signal.send(null);
            assertEquals(recvd(null, true), signal.tryRecv(), "tryRecv of a buffered null");
            signal.close();
            assertEquals(recvd(null, false), signal.recvOk());

            // unbuffered: a null handed over directly
            Chan<String> c = Chan.make();
            failures.go(() -> c.send(null));
            assertEquals(recvd(null, true), c.recvOk());
            failures.go(() -> c.send(null));
            Received<?>[] seen = new Received<?>[1];
            Go.select().recvOk(c, (v, ok) -> seen[0] = recvd(v, ok)).run();
            assertEquals(recvd(null, true), seen[0], "select recvOk of a sent null");
            // a null via a select send case
            Chan<String> b = Chan.make(1);
            assertEquals(0, Go.select().send(b, null, null).run());
            assertEquals(recvd(null, true), b.recvOk());
            // the iterator yields a sent null too
            Chan<String> it = Chan.make(3);
            it.send("a");
            it.send(null);
            it.send("b");
            it.close();
            List<String> got = new ArrayList<>();
            for (String s : it) {
                got.add(s);
            }
            assertEquals(Arrays.asList("a", null, "b"), got);
        });
    }

    @Test
    void recvFromClosedDrainedChannelReturnsNullAtOnce() {
        Failures failures = new Failures();
        inGoroutine("closedDrained", failures, () -> {
            for (int cap : new int[] {0, 1, 8}) {
                Chan<Integer> c = Chan.make(cap);
                c.close();
                for (int i = 0; i < 10; i++) {
                    assertNull(c.recv(), "cap " + cap);
                    assertEquals(recvd(null, false), c.recvOk(), "cap " + cap);
                    assertEquals(recvd(null, false), c.tryRecv(), "cap " + cap);
                }
                assertEquals(0, c.len());
                assertEquals(cap, c.cap(), "cap survives close");
            }
        });
    }

    @Test
    void valuesBufferedBeforeCloseAreReceivedInOrder() {
        Failures failures = new Failures();
        inGoroutine("bufferedThenClosed", failures, () -> {
            Chan<Integer> c = Chan.make(5);
            for (int i = 1; i <= 5; i++) {
                c.send(i);
            }
            c.close();
            assertEquals(5, c.len(), "len counts the values still buffered after close");
            assertEquals(1, c.recv());
            assertEquals(recvd(2, true), c.recvOk());
            assertEquals(recvd(3, true), c.tryRecv());
            int[] viaSelect = new int[1];
            assertEquals(0, Go.select().recv(c, v -> viaSelect[0] = v).defaultCase(null).run());
            assertEquals(4, viaSelect[0]);
            Go.select().recvOk(c, (v, ok) -> {
                assertEquals(5, v);
                assertTrue(ok);
            }).run();
            assertEquals(0, c.len());
            assertEquals(recvd(null, false), c.recvOk());
        });
    }

    @Test
    void closeWakesEveryBlockedReceiver() {
        Chan<Integer> c = Chan.make();
        Failures failures = new Failures();
        ConcurrentLinkedQueue<Received<Integer>> got = new ConcurrentLinkedQueue<>();
        CountDownLatch woken = new CountDownLatch(4);
        List<String> names = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            names.add(failures.go("closeWakes-recv", () -> {
                got.add(c.recvOk());
                woken.countDown();
            }));
        }
        names.add(failures.go("closeWakes-select", () -> {
            Go.select().recvOk(c, (v, ok) -> got.add(recvd(v, ok))).recv(null, null).run();
            woken.countDown();
        }));
        for (int i = 0; i < 3; i++) {
            awaitState(names.get(i), "chan receive");
        }
        awaitState(names.get(3), "select");
        c.close();
        await(woken, failures, "receivers woken by close");
        failures.check();
        assertEquals(4, got.size());
        for (Received<Integer> r : got) {
            assertEquals(recvd(null, false), r);
        }
    }

    @Test
    void rangeEndsWhenTheChannelIsClosedAndDrained() {
        Failures failures = new Failures();
        for (int cap : new int[] {0, 1, 16}) {
            Chan<Integer> c = Chan.make(cap);
            failures.go("range-producer", () -> {
                for (int i = 0; i < 100; i++) {
                    c.send(i);
                }
                c.close();
            });
            List<Integer> got = new ArrayList<>();
            inGoroutine("range", failures, () -> {
                for (Integer v : c) {
                    got.add(v);
                }
            });
            assertEquals(IntStream.range(0, 100).boxed().toList(), got, "cap " + cap);
        }
    }

    /** java.util.Iterator's contract on top of range: hasNext is idempotent, next works alone, then NoSuchElementException. */
    @Test
    void iteratorFollowsJavaUtilIteratorContract() {
        Failures failures = new Failures();
        inGoroutine("iterator", failures, () -> {
            Chan<String> c = Chan.make(3);
            c.send("a");
            c.send("b");
            c.send("c");
            c.close();
            Iterator<String> it = c.iterator();
            assertTrue(it.hasNext());
            assertTrue(it.hasNext(), "a second hasNext() must not receive another value");
            assertEquals("a", it.next());
            assertEquals("b", it.next(), "next() without hasNext() receives");
            assertTrue(it.hasNext());
            assertEquals("c", it.next());
            assertFalse(it.hasNext());
            assertFalse(it.hasNext());
            assertThrows(NoSuchElementException.class, it::next);
        });
    }

    @Test
    void lenAndCap() {
        Failures failures = new Failures();
        inGoroutine("lenCap", failures, () -> {
            Chan<Integer> u = Chan.make();
            assertEquals(0, u.len());
            assertEquals(0, u.cap());
            Chan<Integer> c = Chan.make(3);
            SendChan<Integer> s = c;
            RecvChan<Integer> r = c;
            assertEquals(3, c.cap());
            assertEquals(3, s.cap());
            assertEquals(3, r.cap());
            for (int i = 1; i <= 3; i++) {
                c.send(i);
                assertEquals(i, c.len());
                assertEquals(i, s.len());
                assertEquals(i, r.len());
            }
            c.recv();
            assertEquals(2, c.len());
            c.send(4); // wraps around the ring buffer
            assertEquals(3, c.len());
            c.close();
            assertEquals(3, c.len());
            assertEquals(3, c.cap());
            assertEquals(List.of(2, 3, 4), List.of(c.recv(), c.recv(), c.recv()));
            assertEquals(0, c.len());
        });
    }

    @Test
    void trySendAndTryRecvNeverBlock() {
        Failures failures = new Failures();
        inGoroutine("tryOps", failures, () -> {
            Chan<Integer> u = Chan.make();
            assertFalse(u.trySend(1), "unbuffered, no receiver waiting");
            assertNull(u.tryRecv(), "unbuffered, no sender waiting");

            Chan<Integer> b = Chan.make(1);
            assertNull(b.tryRecv(), "empty buffer");
            assertTrue(b.trySend(1), "room in the buffer");
            assertFalse(b.trySend(2), "full buffer");
            assertEquals(1, b.len());
            assertEquals(recvd(1, true), b.tryRecv());
            assertNull(b.tryRecv());

            // closed: buffered values first, then (null, false), never null
            b.send(5);
            b.close();
            assertEquals(recvd(5, true), b.tryRecv());
            assertEquals(recvd(null, false), b.tryRecv());
            assertNull(u.tryRecv(), "u is still open and empty");
            u.close();
            assertEquals(recvd(null, false), u.tryRecv(), "closed unbuffered channel: (null, false)");
        });
    }

    @Test
    void trySendReachesAWaitingReceiverAndTryRecvAWaitingSender() {
        Failures failures = new Failures();
        Chan<Integer> c = Chan.make();
        AtomicReference<Integer> got = new AtomicReference<>();
        CountDownLatch received = new CountDownLatch(1);
        String receiver = failures.go("tryOps-receiver", () -> {
            got.set(c.recv());
            received.countDown();
        });
        awaitState(receiver, "chan receive");
        assertTrue(c.trySend(42), "a receiver is waiting on the unbuffered channel");
        await(received, failures, "the receiver");
        assertEquals(42, got.get());

        CountDownLatch sent = new CountDownLatch(1);
        String sender = failures.go("tryOps-sender", () -> {
            c.send(43);
            sent.countDown();
        });
        awaitState(sender, "chan send");
        assertEquals(recvd(43, true), c.tryRecv(), "a sender is waiting on the unbuffered channel");
        await(sent, failures, "the sender");
        failures.check();
    }

    // ================================================================== docs/api.md: panics

    @Test
    void sendOnClosedChannelPanics() {
        Failures failures = new Failures();
        inGoroutine("sendOnClosed", failures, () -> {
            for (int cap : new int[] {0, 1, 4}) {
                Chan<Integer> c = Chan.make(cap);
                c.close();
                Panic p = assertThrows(Panic.class, () -> c.send(1), "send, cap " + cap);
                assertEquals("send on closed channel", p.value());
                assertEquals("send on closed channel", p.getMessage());
                Panic q = assertThrows(Panic.class, () -> c.trySend(1), "trySend, cap " + cap);
                assertEquals("send on closed channel", q.value());
                assertEquals(0, c.len(), "nothing was buffered");
            }
            Chan<Integer> full = Chan.make(1);
            full.send(1);
            full.close();
            Panic p = assertThrows(Panic.class, () -> full.trySend(2), "trySend on a closed full channel panics, "
                    + "it does not report would-block");
            assertEquals("send on closed channel", p.value());
        });
    }

    @Test
    void closeOfClosedChannelPanics() {
        Failures failures = new Failures();
        inGoroutine("closeClosed", failures, () -> {
            Chan<Integer> c = Chan.make(2);
            c.send(1);
            c.close();
            Panic p = assertThrows(Panic.class, c::close);
            assertEquals("close of closed channel", p.value());
            assertEquals(1, c.recv(), "the failed close did not disturb the buffer");
        });
    }

    /**
     * Go's test/chancap.go: {@code make(chan T, n)} with a negative n or one whose buffer
     * cannot be allocated panics "makechan: size out of range", here instead of an
     * OutOfMemoryError. The bound is the smaller of the JVM's array limit
     * ({@code Integer.MAX_VALUE - 8}) and the references that fit in the maximum heap
     * at 4 bytes each.
     */
    @Test
    void chancapSizeOutOfRangePanics() {
        long bound = Math.min(Integer.MAX_VALUE - 8, Runtime.getRuntime().maxMemory() / 4);
        List<Integer> outOfRange = new ArrayList<>(List.of(-1, Integer.MIN_VALUE, Integer.MAX_VALUE));
        outOfRange.add((int) bound + 1);
        for (int n : outOfRange) {
            Panic p = assertThrows(Panic.class, () -> Chan.make(n), "make(chan T, " + n + ")");
            assertEquals("makechan: size out of range", p.value(), "make(chan T, " + n + ")");
            assertEquals("makechan: size out of range", p.getMessage());
        }
        Chan<Integer> big = Chan.make(1 << 20); // 4 to 8 MiB of buffer: within the bound
        assertEquals(1 << 20, big.cap());
        big.send(7);
        assertEquals(7, big.recv());
    }

    /** Blocked senders, unbuffered or on a full buffer, and a blocked select send case all panic on close. */
    @Test
    void blockedSendersPanicWhenTheChannelIsClosed() {
        Failures failures = new Failures();
        Chan<Integer> u = Chan.make();
        Chan<Integer> full = Chan.make(1);
        full.send(0);
        ConcurrentLinkedQueue<Object> panics = new ConcurrentLinkedQueue<>();
        CountDownLatch ended = new CountDownLatch(5);
        List<String> senders = new ArrayList<>();
        for (Chan<Integer> c : List.of(u, u, full, full)) {
            senders.add(failures.go("blockedSender", () -> {
                try {
                    c.send(1);
                    failures.add("send returned normally on a channel closed while it was blocked");
                } catch (Panic p) {
                    panics.add(p.value());
                } finally {
                    ended.countDown();
                }
            }));
        }
        Chan<Integer> never = Chan.make();
        String selecting = failures.go("blockedSelectSender", () -> {
            try {
                Go.select().send(u, 1, () -> failures.add("send case body ran")).recv(never, null).run();
                failures.add("select returned normally");
            } catch (Panic p) {
                panics.add(p.value());
            } finally {
                ended.countDown();
            }
        });
        for (String s : senders) {
            awaitState(s, "chan send");
        }
        awaitState(selecting, "select");
        u.close();
        full.close();
        await(ended, failures, "blocked senders");
        failures.check();
        assertEquals(List.of("send on closed channel", "send on closed channel", "send on closed channel",
                "send on closed channel", "send on closed channel"), new ArrayList<>(panics));
        assertEquals(recvd(0, true), full.recvOk(), "the value buffered before close is kept");
        assertEquals(recvd(null, false), full.recvOk(), "no blocked sender's value got in");
    }

    // ================================================================== docs/api.md: select

    @Test
    void selectRecvRunsItsBodyWithTheValue() {
        Failures failures = new Failures();
        inGoroutine("selectRecv", failures, () -> {
            Chan<String> a = Chan.make(1);
            Chan<String> b = Chan.make(1);
            b.send("hello");
            List<String> got = new ArrayList<>();
            int chosen = Go.select()
                    .recv(a, v -> failures.add("a is empty"))
                    .recv(b, got::add)
                    .run();
            assertEquals(1, chosen);
            assertEquals(List.of("hello"), got);
            assertEquals(0, b.len());
            // blocking: the value arrives later
            Chan<String> c = Chan.make();
            failures.go(() -> c.send("later"));
            assertEquals(1, Go.select().recv(a, null).recv(c, got::add).run());
            assertEquals(List.of("hello", "later"), got);
        });
    }

    @Test
    void selectRecvOkTellsAValueFromClosed() {
        Failures failures = new Failures();
        inGoroutine("selectRecvOk", failures, () -> {
            Chan<Integer> c = Chan.make(1);
            c.send(7);
            c.close();
            List<Received<Integer>> got = new ArrayList<>();
            Select s = Go.select().recvOk(c, (v, ok) -> got.add(recvd(v, ok)));
            assertEquals(0, s.run());
            assertEquals(0, s.run());
            assertEquals(List.of(recvd(7, true), recvd(null, false)), got);
            int[] viaRecv = {-1};
            Integer[] value = {42};
            assertEquals(0, Go.select().recv(c, v -> {
                viaRecv[0] = 1;
                value[0] = v;
            }).run());
            assertEquals(1, viaRecv[0], "a recv case on a closed channel runs its body");
            assertNull(value[0], "with the zero value");
        });
    }

    @Test
    void selectSendDeliversTheValue() {
        Failures failures = new Failures();
        inGoroutine("selectSend", failures, () -> {
            Chan<String> b = Chan.make(1);
            boolean[] ran = new boolean[1];
            assertEquals(0, Go.select().send(b, "v", () -> ran[0] = true).run());
            assertTrue(ran[0], "the send case body runs after the send");
            assertEquals("v", b.recv());
            // blocking: a receiver arrives later
            Chan<String> u = Chan.make();
            Chan<String> got = Chan.make(1);
            failures.go(() -> got.send(u.recv()));
            assertEquals(1, Go.select().recv(Chan.<String>make(), null).send(u, "w", null).run());
            assertEquals("w", got.recv());
        });
    }

    @Test
    void selectDefaultRunsWhenNoCaseIsReady() {
        Failures failures = new Failures();
        inGoroutine("selectDefault", failures, () -> {
            Chan<Integer> u = Chan.make();
            Chan<Integer> full = Chan.make(1);
            full.send(1);
            boolean[] ran = new boolean[1];
            int chosen = Go.select()
                    .recv(u, v -> failures.add("recv case ran"))
                    .send(full, 2, () -> failures.add("send case ran"))
                    .send(u, 3, () -> failures.add("send case ran"))
                    .defaultCase(() -> ran[0] = true)
                    .run();
            assertEquals(3, chosen);
            assertTrue(ran[0], "the default body runs");
            assertEquals(0, Go.select().defaultCase(null).run(), "a select of only a default runs it");
            assertEquals(1, full.len());
        });
    }

    /** Null channel (Go's nil) cases never proceed, whatever else the select holds. */
    @Test
    void nullChannelCasesNeverProceed() {
        Failures failures = new Failures();
        inGoroutine("nullCases", failures, () -> {
            Chan<Integer> ready = Chan.make(1);
            for (int i = 0; i < 200; i++) {
                ready.send(i);
                int chosen = Go.select()
                        .recv(null, v -> failures.add("nil recv case ran"))
                        .send(null, 1, () -> failures.add("nil send case ran"))
                        .recvOk(null, (v, ok) -> failures.add("nil recvOk case ran"))
                        .recv(ready, null)
                        .send(null, null, () -> failures.add("nil send case ran"))
                        .run();
                assertEquals(3, chosen);
            }
            // with a default, the default is taken rather than a nil case
            for (int i = 0; i < 100; i++) {
                assertEquals(1, Go.select().recv(null, null).defaultCase(null).run());
                assertEquals(1, Go.select().send(null, 1, null).defaultCase(null).run());
                assertEquals(1, Go.select().recvOk(null, null).defaultCase(null).run());
                assertEquals(0, Go.select().defaultCase(null).recv(null, null).send(null, 2, null).run());
            }
        });
    }

    /** run() returns the chosen case's index in the order added, the default case included. */
    @Test
    void runReturnsTheIndexInTheOrderAddedDefaultIncluded() {
        Failures failures = new Failures();
        inGoroutine("indexes", failures, () -> {
            Chan<Integer> a = Chan.make(1);
            Chan<Integer> b = Chan.make(1);
            Chan<Integer> c = Chan.make(1);
            b.send(0); // b full: its send case is not ready
            Select s = Go.select()
                    .defaultCase(null)      // 0
                    .recv(a, null)          // 1
                    .send(b, 9, null)       // 2
                    .recvOk(c, null)        // 3
                    .recv(null, null);      // 4
            assertEquals(0, s.run(), "nothing ready");
            a.send(1);
            assertEquals(1, s.run(), "a ready");
            b.recv();
            assertEquals(2, s.run(), "b has room");
            assertEquals(9, b.recv());
            b.send(0);
            c.send(3);
            assertEquals(3, s.run(), "c ready");
            assertEquals(0, s.run(), "nothing ready again");
        });
    }

    /** One Select run many times; each send case keeps the value it was built with. */
    @Test
    void aSelectCanBeRunManyTimes() {
        Failures failures = new Failures();
        inGoroutine("reuse", failures, () -> {
            final int runsBound = 5_000; // 50 picks of a fair coin need more than 5000 flips with p ~ 0
            Chan<String> out = Chan.make(runsBound);
            Chan<Integer> in = Chan.make(100);
            List<Integer> received = new ArrayList<>();
            int[] sends = new int[1];
            Select s = Go.select()
                    .send(out, "x", () -> sends[0]++)
                    .recv(in, received::add);
            for (int i = 0; i < 50; i++) {
                in.send(i);
            }
            int[] chosen = new int[2];
            for (int runs = 0; chosen[1] < 50 && runs < runsBound; runs++) {
                chosen[s.run()]++;
            }
            assertEquals(50, chosen[1], "every value in `in` is received once");
            assertEquals(IntStream.range(0, 50).boxed().toList(), received);
            assertEquals(chosen[0], sends[0], "the send body ran once per send");
            assertEquals(chosen[0], out.len());
            for (int i = 0; i < chosen[0]; i++) {
                assertEquals("x", out.recv());
            }
            assertEquals(0, s.run(), "only the send case can proceed now");
            assertEquals("x", out.recv());
            // and when it has to block
            Chan<Integer> u = Chan.make();
            Select blocking = Go.select().recv(u, received::add);
            failures.go(() -> {
                for (int i = 100; i < 110; i++) {
                    u.send(i);
                }
            });
            for (int i = 0; i < 10; i++) {
                assertEquals(0, blocking.run());
            }
            assertEquals(IntStream.range(100, 110).boxed().toList(), received.subList(50, 60));
        });
    }

    /** A send case on a closed channel panics when chosen, even next to a default (Go's selectgo sclose). */
    @Test
    void selectSendOnAClosedChannelPanicsWhenChosen() {
        Failures failures = new Failures();
        inGoroutine("selectSendClosed", failures, () -> {
            Chan<Integer> c = Chan.make(1);
            c.close();
            Panic p = assertThrows(Panic.class,
                    () -> Go.select().send(c, 1, () -> failures.add("send body ran")).run());
            assertEquals("send on closed channel", p.value());
            Panic q = assertThrows(Panic.class, () -> Go.select()
                    .send(c, 1, () -> failures.add("send body ran"))
                    .defaultCase(() -> failures.add("default ran: a closed channel's send case is ready (to panic)"))
                    .run());
            assertEquals("send on closed channel", q.value());
            assertEquals(recvd(null, false), c.recvOk(), "nothing was sent");
        });
    }

    /** Go's {@code select {}}: blocks forever, shown as [select (no cases)]. The goroutine is left blocked. */
    @Test
    void emptySelectBlocksForever() {
        Failures failures = new Failures();
        AtomicBoolean returned = new AtomicBoolean();
        String blocker = failures.go("blocker", () -> {
            Go.select().run();
            returned.set(true);
        });
        awaitState(blocker, "select (no cases)");
        // Let other goroutines use channels meanwhile, then look again.
        inGoroutine("emptySelect-traffic", failures, () -> {
            Chan<Integer> c = Chan.make();
            failures.go(() -> {
                for (int i = 0; i < 1000; i++) {
                    c.send(i);
                }
                c.close();
            });
            for (Integer ignored : c) {
                GoRuntime.gosched();
            }
        });
        assertEquals("select (no cases)", stateOf(blocker), "still blocked");
        assertFalse(returned.get(), "select {} returned");
        // a select whose cases all have nil channels blocks too (Go parks it in [select])
        String nilOnly = failures.go("nilOnlyBlocker", () -> {
            Go.select().recv(null, null).send(null, 1, null).run();
            returned.set(true);
        });
        awaitState(nilOnly, "select", "select (no cases)");
        assertFalse(returned.get(), "a select of only nil channels returned");
        failures.check();
    }

    // ================================================================== docs/api.md: wait reasons

    @Test
    void blockedGoroutinesShowGoWaitReasons() {
        Failures failures = new Failures();
        Chan<Integer> a = Chan.make();
        Chan<Integer> b = Chan.make();
        Chan<Integer> d = Chan.make(2);
        Chan<Integer> e = Chan.make();
        Chan<Integer> f = Chan.make(1);
        f.send(0);
        Chan<Integer> g = Chan.make();
        CountDownLatch ended = new CountDownLatch(6);
        String recv = failures.go("wait-recv", () -> {
            a.recv();
            ended.countDown();
        });
        String recvOk = failures.go("wait-recvOk", () -> {
            b.recvOk();
            ended.countDown();
        });
        String range = failures.go("wait-range", () -> {
            for (Integer ignored : d) {
                failures.add("range got a value");
            }
            ended.countDown();
        });
        String send = failures.go("wait-send", () -> {
            e.send(1);
            ended.countDown();
        });
        String sendFull = failures.go("wait-sendFull", () -> {
            f.send(1);
            ended.countDown();
        });
        String select = failures.go("wait-select", () -> {
            Go.select().recv(g, null).send(e, 2, null).run();
            ended.countDown();
        });
        awaitState(recv, "chan receive");
        awaitState(recvOk, "chan receive");
        awaitState(range, "chan receive");
        awaitState(send, "chan send");
        awaitState(sendFull, "chan send");
        awaitState(select, "select");
        // Unblock every one without blocking this thread.
        a.close();
        b.close();
        d.close();
        g.close();
        assertEquals(recvd(1, true), e.tryRecv(), "the blocked sender's value");
        assertEquals(recvd(0, true), f.tryRecv());
        await(ended, failures, "the unblocked goroutines");
        failures.check();
    }

    // ================================================================== docs/api.md: any thread

    @Test
    void platformThreadProducerAndGoroutineConsumer() throws Exception {
        producerThreadToGoroutine(Thread.ofPlatform().daemon(true).name("chan-producer-platform"), 0);
        producerThreadToGoroutine(Thread.ofPlatform().daemon(true).name("chan-producer-platform"), 4);
    }

    @Test
    void jdkVirtualThreadProducerAndGoroutineConsumer() throws Exception {
        producerThreadToGoroutine(Thread.ofVirtual().name("chan-producer-virtual"), 0);
        producerThreadToGoroutine(Thread.ofVirtual().name("chan-producer-virtual"), 4);
    }

    private static void producerThreadToGoroutine(Thread.Builder builder, int cap) throws Exception {
        Failures failures = new Failures();
        Chan<Integer> c = Chan.make(cap);
        Thread producer = builder.start(() -> {
            try {
                for (int i = 0; i < 1000; i++) {
                    c.send(i);
                }
                c.close();
            } catch (Throwable t) {
                failures.add(t);
            }
        });
        List<Integer> got = Collections.synchronizedList(new ArrayList<>());
        inGoroutine("consumer", failures, () -> {
            for (Integer v : c) {
                got.add(v);
            }
        });
        join(producer, failures);
        failures.check();
        assertEquals(IntStream.range(0, 1000).boxed().toList(), got, "cap " + cap);
    }

    @Test
    void goroutineProducerAndPlatformOrVirtualThreadConsumer() throws Exception {
        for (Thread.Builder builder : List.of(Thread.ofPlatform().daemon(true).name("chan-consumer-platform"),
                Thread.ofVirtual().name("chan-consumer-virtual"))) {
            for (int cap : new int[] {0, 4}) {
                Failures failures = new Failures();
                Chan<Integer> c = Chan.make(cap);
                List<Integer> got = Collections.synchronizedList(new ArrayList<>());
                Thread consumer = builder.start(() -> {
                    try {
                        for (Integer v : c) {
                            got.add(v);
                        }
                    } catch (Throwable t) {
                        failures.add(t);
                    }
                });
                awaitThreadState(consumer, Thread.State.WAITING); // blocked in recv before anything is sent
                failures.go("producer", () -> {
                    for (int i = 0; i < 1000; i++) {
                        c.send(i);
                    }
                    c.close();
                });
                join(consumer, failures);
                failures.check();
                assertEquals(IntStream.range(0, 1000).boxed().toList(), got, builder + " cap " + cap);
            }
        }
    }

    /** Two platform threads ping-pong on unbuffered channels: both block and wake without any goroutine. */
    @Test
    void platformThreadsRendezvous() throws Exception {
        Failures failures = new Failures();
        Chan<Integer> ping = Chan.make();
        Chan<Integer> pong = Chan.make();
        Thread a = Thread.ofPlatform().daemon(true).name("chan-ping").start(() -> {
            try {
                for (int i = 0; i < 1000; i++) {
                    ping.send(i);
                    if (pong.recv() != i + 1) {
                        failures.add("pong " + i);
                    }
                }
                ping.close();
            } catch (Throwable t) {
                failures.add(t);
            }
        });
        Thread b = Thread.ofPlatform().daemon(true).name("chan-pong").start(() -> {
            try {
                for (Integer v : ping) {
                    pong.send(v + 1);
                }
            } catch (Throwable t) {
                failures.add(t);
            }
        });
        join(a, failures);
        join(b, failures);
        failures.check();
    }

    /** Select from a platform thread: blocks, then takes the case a virtual thread makes ready. */
    @Test
    void selectFromAPlatformThread() throws Exception {
        Failures failures = new Failures();
        Chan<Integer> a = Chan.make();
        Chan<Integer> b = Chan.make();
        Chan<Integer> out = Chan.make();
        List<String> seen = Collections.synchronizedList(new ArrayList<>());
        Thread selector = Thread.ofPlatform().daemon(true).name("chan-selector").start(() -> {
            try {
                for (int i = 0; i < 100; i++) {
                    int k = Go.select()
                            .recv(a, v -> seen.add("a" + v))
                            .recv(b, v -> seen.add("b" + v))
                            .run();
                    if (k != i % 2) {
                        failures.add("round " + i + " chose case " + k);
                    }
                }
                Go.select().send(out, 7, null).recv(null, null).run();
            } catch (Throwable t) {
                failures.add(t);
            }
        });
        Thread feeder = Thread.ofVirtual().name("chan-feeder").start(() -> {
            try {
                for (int i = 0; i < 100; i++) {
                    (i % 2 == 0 ? a : b).send(i);
                }
                if (out.recv() != 7) {
                    failures.add("select send case value");
                }
            } catch (Throwable t) {
                failures.add(t);
            }
        });
        join(selector, failures);
        join(feeder, failures);
        failures.check();
        List<String> want = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            want.add((i % 2 == 0 ? "a" : "b") + i);
        }
        assertEquals(want, seen);
    }

    /**
     * docs/api.md: blocking operations are not interruptible; they keep waiting and leave the
     * interrupt status set. A thread whose interrupt status is set when it calls recv must
     * still park (not return, throw, or spin) and, once a value comes, return it with the
     * status still set.
     */
    @Test
    void blockingRecvIsNotInterruptible() throws Exception {
        Failures failures = new Failures();
        for (boolean goroutine : new boolean[] {false, true}) {
            Chan<Integer> c = Chan.make(1);
            AtomicReference<Thread> self = new AtomicReference<>();
            AtomicReference<Object> got = new AtomicReference<>("nothing");
            AtomicBoolean stillInterrupted = new AtomicBoolean();
            CountDownLatch done = new CountDownLatch(1);
            CountDownLatch started = new CountDownLatch(1);
            Runnable body = () -> {
                try {
                    self.set(Thread.currentThread());
                    started.countDown();
                    Thread.currentThread().interrupt();
                    got.set(c.recv());
                    stillInterrupted.set(Thread.currentThread().isInterrupted());
                } catch (Throwable t) {
                    got.set(t);
                } finally {
                    done.countDown();
                }
            };
            String name = null;
            if (goroutine) {
                name = uniqueName("interrupted-recv");
                Go.go(name, body);
            } else {
                Thread.ofPlatform().daemon(true).name("interrupted-recv").start(body);
            }
            await(started, failures, "start");
            if (goroutine) {
                awaitState(name, "chan receive");
            }
            awaitThreadState(self.get(), Thread.State.WAITING); // parked, not spinning on the interrupt
            assertEquals(1, done.getCount(), "recv returned although nothing was sent: " + got.get());
            c.send(5);
            await(done, failures, "the receiver");
            assertEquals(5, got.get(), (goroutine ? "goroutine" : "platform thread") + " got");
            assertTrue(stillInterrupted.get(), "the interrupt status must be left set");
        }
    }
}
