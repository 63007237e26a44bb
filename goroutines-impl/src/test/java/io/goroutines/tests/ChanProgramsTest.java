package io.goroutines.tests;

import io.goroutines.Chan;
import io.goroutines.Go;
import io.goroutines.GoRuntime;
import io.goroutines.Panic;
import io.goroutines.Received;
import io.goroutines.RecvChan;
import io.goroutines.Select;
import io.goroutines.SendChan;
import io.goroutines.testkit.Body;
import io.goroutines.testkit.Failures;
import io.goroutines.testkit.Goroutines;
import io.goroutines.testkit.RestoresGomaxprocs;
import io.goroutines.testkit.Waits;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

import static io.goroutines.testkit.Dumps.stateOf;
import static io.goroutines.testkit.Goroutines.inGoroutine;
import static io.goroutines.testkit.Waits.await;
import static io.goroutines.testkit.Waits.awaitState;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Ports of the programs in Go's {@code test/chan/} directory, one test per program,
 * named after its file ({@code select3.go} is {@link #select3()}). Each program's
 * {@code main} runs as a goroutine ({@link Goroutines#inGoroutine}); a {@code panic} in
 * the original is an assertion here.
 *
 * <p>Not ported: {@code powser1.go}/{@code powser2.go} (power series, too big for what
 * they add), {@code perm.go} (compile-time direction errors: Java's types do that),
 * {@code select2.go} (select memory footprint, measured through Go's MemStats),
 * {@code select8.go} ({@code break} inside select cases, a Go syntax matter) and
 * {@code zerosize.go} (zero-size element types). Go's nil-channel send and receive
 * outside a select ({@code nilch <- 7}) cannot be written against this API: a
 * {@code null} channel is only meaningful as a {@link Select} case.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ChanProgramsTest extends RestoresGomaxprocs {


    // ------------------------------------------------------------------ doubleselect.go

    /**
     * Two cases of one select must never both run: a sender selects over four unbuffered
     * channels, four muxes forward to one channel, and the receiver checks that no value
     * arrives twice (and, not in Go, that every value arrives). Go: 100000 iterations
     * with GOMAXPROCS(2), kept.
     */
    @Test
    void doubleselect() {
        GoRuntime.gomaxprocs(2);
        final int iterations = 100_000;
        Failures failures = new Failures();
        inGoroutine("doubleselect", failures, () -> {
            Chan<Integer> c1 = Chan.make();
            Chan<Integer> c2 = Chan.make();
            Chan<Integer> c3 = Chan.make();
            Chan<Integer> c4 = Chan.make();
            Chan<Boolean> done = Chan.make();
            Chan<Integer> cmux = Chan.make();
            failures.go("doubleselect-sender", () -> {
                for (int i = 0; i < iterations; i++) {
                    Go.select()
                            .send(c1, i, null)
                            .send(c2, i, null)
                            .send(c3, i, null)
                            .send(c4, i, null)
                            .run();
                }
                c4.close();
                c3.close();
                c2.close();
                c1.close();
            });
            for (Chan<Integer> in : List.of(c1, c2, c3, c4)) {
                failures.go("doubleselect-mux", () -> {
                    for (Integer v : in) {
                        cmux.send(v);
                    }
                    done.send(true);
                });
            }
            failures.go("doubleselect-closer", () -> {
                for (int i = 0; i < 4; i++) {
                    done.recv();
                }
                cmux.close();
            });
            // recver
            Set<Integer> seen = new HashSet<>();
            for (Integer v : cmux) {
                if (!seen.add(v)) {
                    fail("got duplicate value: " + v);
                }
            }
            assertEquals(iterations, seen.size(), "values received");
        });
    }

    // ------------------------------------------------------------------ fifo.go

    /** Buffered and unbuffered channels are FIFO: a buffer, and a daisy chain of goroutines reading in turn. */
    @Test
    void fifo() {
        final int N = 10;
        Failures failures = new Failures();
        inGoroutine("fifo", failures, () -> {
            // AsynchFifo
            Chan<Integer> ch = Chan.make(N);
            for (int i = 0; i < N; i++) {
                ch.send(i);
            }
            for (int i = 0; i < N; i++) {
                assertEquals(i, ch.recv(), "bad receive");
            }
            // SynchFifo: thread together a daisy chain to read the elements in sequence
            Chan<Integer> sch = Chan.make();
            Chan<Integer> in = Chan.make();
            Chan<Integer> start = in;
            for (int i = 0; i < N; i++) {
                Chan<Integer> out = Chan.make();
                Chan<Integer> chainIn = in;
                int val = i;
                failures.go("fifo-chain", () -> { // Chain(ch, val, in, out)
                    chainIn.recv();
                    Integer got = sch.recv();
                    if (got != val) {
                        throw new Panic(val);
                    }
                    out.send(1);
                });
                in = out;
            }
            start.send(0);
            for (int i = 0; i < N; i++) {
                sch.send(i);
            }
            in.recv();
        });
    }

    // ------------------------------------------------------------------ goroutines.go

    /** Make a lot of goroutines, threaded together, and tear them down cleanly. Go: n = 10000, kept. */
    @Test
    void goroutines() {
        final int n = 10_000;
        Failures failures = new Failures();
        CountDownLatch ended = new CountDownLatch(n);
        inGoroutine("goroutines", failures, () -> {
            Chan<Integer> leftmost = Chan.make();
            Chan<Integer> right = leftmost;
            Chan<Integer> left = leftmost;
            for (int i = 0; i < n; i++) {
                right = Chan.make();
                Chan<Integer> l = left;
                Chan<Integer> r = right;
                failures.go(() -> { // f(left, right)
                    l.send(r.recv());
                    ended.countDown();
                });
                left = right;
            }
            Chan<Integer> rightmost = right;
            failures.go(() -> rightmost.send(1));
            assertEquals(1, leftmost.recv());
        });
        await(ended, failures, "the chained goroutines");
    }

    // ------------------------------------------------------------------ nonblock.go

    /**
     * Non-blocking sends and receives (select with default, and trySend/tryRecv) with
     * unbuffered and 1-buffered channels of several element types. Go polls with
     * {@code maxTries = 10000} rounds of two 10 µs ticks and three Gosched; here each
     * poll yields ({@link GoRuntime#gosched()}) and the bound is 10 s of polling.
     */
    @Test
    void nonblock() {
        Failures failures = new Failures();
        inGoroutine("nonblock", failures, () -> {
            Chan<Boolean> sync = Chan.make();
            for (int buffer = 0; buffer < 2; buffer++) {
                nonblockRound(failures, sync, buffer, "i32", 123, 234);
                nonblockRound(failures, sync, buffer, "i64", 123456L, 234567L);
                nonblockRound(failures, sync, buffer, "b", true, true);
                nonblockRound(failures, sync, buffer, "s", "hello", "hello again");
            }
        });
    }

    private static <T> void nonblockRound(Failures failures, Chan<Boolean> sync, int buffer, String kind,
                                          T toReceiver, T fromSender) {
        Chan<T> c = Chan.make(buffer);
        assertEquals(1, Go.select().recv(c, v -> fail("blocked " + kind + "sender")).defaultCase(null).run());
        assertNull(c.tryRecv(), "blocked " + kind + "sender");

        // receiver: the non-blocking send succeeds once it waits (unbuffered) or at once (buffered)
        failures.go(kind + "receiver", () -> {
            if (!toReceiver.equals(c.recv())) {
                throw new Panic(kind + " value");
            }
            sync.send(true);
        });
        long deadline = deadline();
        boolean useSelect = true;
        for (;;) {
            boolean sent = useSelect
                    ? Go.select().send(c, toReceiver, null).defaultCase(null).run() == 0
                    : c.trySend(toReceiver);
            if (sent) {
                break;
            }
            useSelect = !useSelect;
            poll(deadline, kind + "receiver buffer=" + buffer);
        }
        sync.recv();

        // sender: the non-blocking receive succeeds once it waits (unbuffered) or has sent (buffered)
        failures.go(kind + "sender", () -> {
            c.send(fromSender);
            sync.send(true);
        });
        if (buffer > 0) {
            sync.recv();
        }
        deadline = deadline();
        Object[] got = new Object[1];
        for (;;) {
            if (useSelect) {
                if (Go.select().recv(c, v -> got[0] = v).defaultCase(null).run() == 0) {
                    break;
                }
            } else {
                Received<T> r = c.tryRecv();
                if (r != null) {
                    assertTrue(r.ok(), kind + "sender: ok");
                    got[0] = r.value();
                    break;
                }
            }
            useSelect = !useSelect;
            poll(deadline, kind + "sender buffer=" + buffer);
        }
        assertEquals(fromSender, got[0], kind + "sender value");
        if (buffer == 0) {
            sync.recv();
        }
    }

    private static long deadline() {
        return System.nanoTime() + TimeUnit.SECONDS.toNanos(Waits.WAIT_BOUND_SECONDS);
    }

    private static void poll(long deadline, String what) {
        if (System.nanoTime() - deadline > 0) {
            fail(what + ": not ready within " + Waits.WAIT_BOUND_SECONDS + " s of polling");
        }
        GoRuntime.gosched();
    }

    // ------------------------------------------------------------------ select.go

    private int counter;
    private int shift;

    private int getValue() {
        counter++;
        return 1 << shift;
    }

    /** select.go's Send: loops over a select with two send cases and a default until both were taken. */
    private int send(Chan<Integer> a, Chan<Integer> b) {
        int i = 0;
        Chan<Integer>[] ab = ChanTestArrays.pair(a, b);
        for (;;) {
            // Go evaluates every case's channel and value each time the select runs: so does this builder.
            int chosen = Go.select()
                    .send(ab[0], getValue(), () -> ab[0] = null)
                    .send(ab[1], getValue(), () -> ab[1] = null)
                    .defaultCase(null)
                    .run();
            if (chosen == 2) {
                return i;
            }
            i++;
            shift++;
        }
    }

    @Test
    void select() {
        Failures failures = new Failures();
        inGoroutine("select", failures, () -> {
            Chan<Integer> a = Chan.make(1);
            Chan<Integer> b = Chan.make(1);
            assertEquals(2, send(a, b), "Send returned");
            int av = a.recv();
            int bv = b.recv();
            assertEquals(3, av | bv, "bad values " + av + " " + bv);
            assertEquals(1, send(a, null), "Send returned");
            assertEquals(10, counter, "counter");
        });
    }

    // ------------------------------------------------------------------ select3.go

    private static final boolean ALWAYS = true;
    private static final boolean NEVER = false;

    /**
     * select3's testBlock: runs f in a goroutine. ALWAYS: it must park with one of the
     * given wait reasons and not have finished (Go: still running after 0.1 s). NEVER: it
     * must finish (bounded). Blocked ones that nothing can release (nil channels, empty
     * select) are left blocked, as in Go.
     */
    private static String testBlock(Failures failures, boolean always, String what, Body f, String... states) {
        CountDownLatch finished = new CountDownLatch(1);
        String name = failures.go("select3-" + what, () -> {
            f.run();
            finished.countDown();
        });
        if (always) {
            awaitState(name, states);
            assertEquals(1, finished.getCount(), what + ": must block");
        } else {
            await(finished, failures, what + ": must not block");
        }
        return name;
    }

    private static void unreachable() {
        throw new Panic("control flow shouldn't reach here");
    }

    @Test
    void select3() {
        Failures failures = new Failures();
        final int async = 1; // asynchronous channels
        Chan<Integer> closedch = Chan.make();
        closedch.close();

        inGoroutine("select3", failures, () -> {
            // sending/receiving from a nil channel inside a select is never selected
            assertEquals(1, Go.select().send(null, 7, ChanProgramsTest::unreachable).defaultCase(null).run());
            assertEquals(1, Go.select().recv(null, v -> unreachable()).defaultCase(null).run());
            // sending to a closed channel panics
            Panic p = assertThrows(Panic.class, () -> closedch.send(7));
            assertEquals("send on closed channel", p.value());
            // a send case on a closed channel panics
            Panic q = assertThrows(Panic.class, () -> Go.select().send(closedch, 7, null).run());
            assertEquals("send on closed channel", q.value());
        });

        // sending to an async channel with free buffer space never blocks
        testBlock(failures, NEVER, "asyncSend", () -> Chan.<Integer>make(async).send(7));

        // receiving from a closed channel never blocks
        testBlock(failures, NEVER, "closedRecv", () -> {
            for (int i = 0; i < 10; i++) {
                if (closedch.recv() != null) {
                    throw new Panic("expected zero value when reading from closed channel");
                }
                Received<Integer> r = closedch.recvOk();
                if (r.value() != null || r.ok()) {
                    throw new Panic("expected 0, false from closed channel: " + r);
                }
            }
        });

        // receiving from a non-ready channel always blocks
        Chan<Integer> notReady = Chan.make();
        testBlock(failures, ALWAYS, "notReadyRecv", notReady::recv, "chan receive");

        // empty selects always block
        testBlock(failures, ALWAYS, "emptySelect", () -> Go.select().run(), "select (no cases)");

        // selects with only nil channels always block. Go compiles a one-case select into
        // the plain operation, shown as "chan receive (nil chan)" / "chan send (nil chan)";
        // a select of several nil cases parks in "select".
        testBlock(failures, ALWAYS, "nilRecvSelect", () -> Go.select().recv(null, v -> unreachable()).run(),
                "select", "select (no cases)", "chan receive (nil chan)");
        testBlock(failures, ALWAYS, "nilSendSelect", () -> Go.select().send(null, 7, ChanProgramsTest::unreachable).run(),
                "select", "select (no cases)", "chan send (nil chan)");
        testBlock(failures, ALWAYS, "nilBothSelect", () -> Go.select()
                .recv(null, v -> unreachable())
                .send(null, 7, ChanProgramsTest::unreachable)
                .run(), "select", "select (no cases)");

        // selects with non-ready non-nil channels always block (Go shows a one-case select as the plain receive)
        Chan<Integer> notReady2 = Chan.make();
        AtomicBoolean released = new AtomicBoolean();
        testBlock(failures, ALWAYS, "notReadySelect", () -> Go.select().recv(notReady2, v -> {
            if (!released.get()) {
                unreachable();
            }
        }).run(), "select", "chan receive");

        // selects with default cases don't block
        testBlock(failures, NEVER, "defaultOnly", () -> Go.select().defaultCase(null).run());
        testBlock(failures, NEVER, "nilRecvDefault",
                () -> Go.select().recv(null, v -> unreachable()).defaultCase(null).run());
        testBlock(failures, NEVER, "nilSendDefault",
                () -> Go.select().send(null, 7, ChanProgramsTest::unreachable).defaultCase(null).run());

        // selects with ready channels don't block
        testBlock(failures, NEVER, "readySend", () -> {
            Chan<Integer> ch = Chan.make(async);
            Go.select().send(ch, 7, null).defaultCase(ChanProgramsTest::unreachable).run();
        });
        testBlock(failures, NEVER, "readyRecv", () -> {
            Chan<Integer> ch = Chan.make(async);
            ch.send(7);
            Go.select().recv(ch, null).defaultCase(ChanProgramsTest::unreachable).run();
        });

        // selects with closed channels behave like ordinary operations
        testBlock(failures, NEVER, "closedSelectRecv", () -> Go.select().recv(closedch, null).run());
        testBlock(failures, NEVER, "closedSelectRecvValue", () -> Go.select().recv(closedch, x -> {
            if (x != null) {
                throw new Panic("x = " + x);
            }
        }).run());
        testBlock(failures, NEVER, "closedSelectRecvOk", () -> Go.select().recvOk(closedch, (x, ok) -> {
            if (x != null || ok) {
                throw new Panic("x, ok = " + x + ", " + ok);
            }
        }).run());

        // select should not get confused if it sees itself
        Chan<Integer> self = Chan.make();
        String selfSelect = testBlock(failures, ALWAYS, "selfSelect",
                () -> Go.select().send(self, 1, null).recv(self, null).run(), "select");

        // Release the ones that can be released (not in Go, which exits): the self-select
        // must take a receiver on its send case.
        released.set(true);
        notReady.close();
        notReady2.close();
        inGoroutine("select3-release", failures, () -> assertEquals(1, self.recv()));
        assertTrue(stateOf(selfSelect) == null || !"select".equals(stateOf(selfSelect)));
        failures.check();
    }

    // ------------------------------------------------------------------ select4.go

    /** A receive case that is not chosen does not touch its destination; the chosen one gets the value. */
    @Test
    void select4() {
        Failures failures = new Failures();
        inGoroutine("select4", failures, () -> {
            int[] x = new int[1];
            Chan<Integer> c = Chan.make(1);
            Chan<Integer> c1 = Chan.make();
            c.send(42);
            int chosen = Go.select()
                    .recv(c1, v -> fail("BUG: c1 case ran"))
                    .recv(c, v -> x[0] = v)
                    .run();
            assertEquals(1, chosen);
            assertEquals(42, x[0], "BUG");
        });
    }

    // ------------------------------------------------------------------ select5.go

    /**
     * select5.go generates every combination of a real send or receive on a 1-buffered
     * channel with optional default cases before and after it, optional dummy send and
     * receive cases on a never-ready channel, and optional nil-channel send and receive
     * cases; plus non-blocking selects of only dummy and nil cases with a default. The
     * same enumeration is done here at run time: the real case (or the default) must be
     * the one chosen, with the right value, every time.
     */
    @Test
    void select5() {
        Failures failures = new Failures();
        int[] cases = new int[1];
        inGoroutine("select5", failures, () -> {
            Chan<Integer> c = Chan.make(1);
            Chan<Integer> dummy = Chan.make();
            int n = 1;
            // recv and send templates: kind 0 = recv, 1 = recvOk, 2 = send
            for (int kind = 0; kind < 3; kind++) {
                for (int def = 0; def < 3; def++) { // 0 none, 1 before the real case, 2 after it
                    for (int extras = 0; extras < 16; extras++) {
                        cases[0]++;
                        if (kind < 2) {
                            c.send(n);
                        }
                        int[] x = {0};
                        Select s = Go.select();
                        int realIndex = 0;
                        int index = 0;
                        if (def == 1) {
                            s.defaultCase(() -> fail("nonblock"));
                            index++;
                        }
                        switch (kind) {
                            case 0 -> s.recv(c, v -> x[0] = v);
                            case 1 -> s.recvOk(c, (v, ok) -> {
                                assertTrue(ok);
                                x[0] = v;
                            });
                            default -> s.send(c, n, null);
                        }
                        realIndex = index++;
                        if (def == 2) {
                            s.defaultCase(() -> fail("nonblock"));
                            index++;
                        }
                        if ((extras & 1) != 0) {
                            s.send(dummy, 1, () -> fail("dummy send"));
                        }
                        if ((extras & 2) != 0) {
                            s.recv(dummy, v -> fail("dummy receive"));
                        }
                        if ((extras & 4) != 0) {
                            s.send(null, 1, () -> fail("nilch send"));
                        }
                        if ((extras & 8) != 0) {
                            s.recv(null, v -> fail("nilch recv"));
                        }
                        assertEquals(realIndex, s.run(), "kind " + kind + " def " + def + " extras " + extras);
                        if (kind == 2) {
                            x[0] = c.recv();
                        }
                        assertEquals(n, x[0], "have " + x[0] + " want " + n);
                        n++;
                    }
                }
            }
            // nonblock template: only never-ready cases, one default somewhere
            for (int mask = 0; mask < 1 << 7; mask++) {
                for (int defAt = 0; defAt < 2; defAt++) {
                    cases[0]++;
                    Select s = Go.select();
                    int defaultIndex = 0;
                    int count = 0;
                    if (defAt == 0) {
                        s.defaultCase(null);
                        count++;
                    }
                    if ((mask & 1) != 0) {
                        s.send(dummy, 1, () -> fail("dummy <- 1"));
                        count++;
                    }
                    if ((mask & 2) != 0) {
                        s.send(null, 1, () -> fail("nilch <- 1"));
                        count++;
                    }
                    if ((mask & 4) != 0) {
                        s.recv(dummy, v -> fail("<-dummy"));
                        count++;
                    }
                    if ((mask & 8) != 0) {
                        s.recvOk(dummy, (v, ok) -> fail("<-dummy x"));
                        count++;
                    }
                    if ((mask & 16) != 0) {
                        s.recv(null, v -> fail("<-nilch"));
                        count++;
                    }
                    if ((mask & 32) != 0) {
                        s.recvOk(null, (v, ok) -> fail("<-nilch x"));
                        count++;
                    }
                    if ((mask & 64) != 0) {
                        s.send(dummy, null, () -> fail("dummy <- nil"));
                        count++;
                    }
                    if (defAt == 1) {
                        defaultIndex = count;
                        s.defaultCase(null);
                    }
                    assertEquals(defaultIndex, s.run(), "mask " + mask + " defAt " + defAt);
                }
            }
        });
        assertEquals(3 * 3 * 16 + 128 * 2, cases[0]);
    }

    // ------------------------------------------------------------------ select6.go

    /**
     * Issue 2075: a select that lost on c1 must leave c1's wait queue intact when it was
     * last in it, so that later waiters on c1 still wake. Go relies on scheduling order;
     * here each goroutine is waited for in its wait reason, so the select is queued on c1
     * behind the first receiver before c2 fires.
     */
    @Test
    void select6() {
        Failures failures = new Failures();
        Chan<Boolean> c1 = Chan.make();
        Chan<Boolean> c2 = Chan.make();
        Chan<Boolean> c3 = Chan.make();
        CountDownLatch ended = new CountDownLatch(3);
        String first = failures.go("select6-recv", () -> {
            c1.recv();
            ended.countDown();
        });
        awaitState(first, "chan receive");
        String selecting = failures.go("select6-select", () -> {
            Go.select()
                    .recv(c1, v -> {
                        throw new Panic("dummy");
                    })
                    .recv(c2, v -> c3.send(true))
                    .run();
            c1.recv();
            ended.countDown();
        });
        awaitState(selecting, "select");
        failures.go("select6-send", () -> {
            c2.send(true);
            ended.countDown();
        });
        inGoroutine("select6", failures, () -> {
            c3.recv();
            c1.send(true);
            c1.send(true);
        });
        await(ended, failures, "select6's goroutines");
        failures.check();
    }

    // ------------------------------------------------------------------ select7.go

    /**
     * Select when discarding a value: each of three ways to receive (plain, one-case
     * select, two-case select) meets each of three ways to send. Go runs each pair once;
     * 50 times here.
     */
    @Test
    void select7() {
        List<Function<RecvChan<Integer>, Body>> recvs = List.of(
                c -> c::recv,                                                              // recv1
                c -> () -> Go.select().recv(c, null).run(),                              // recv2
                c -> () -> Go.select().recv(c, null).recv(Chan.<Integer>make(), null).run()); // recv3
        List<Function<SendChan<Integer>, Body>> sends = List.of(
                c -> () -> c.send(1),                                                      // send1
                c -> () -> Go.select().send(c, 1, null).run(),                            // send2
                c -> () -> Go.select().send(c, 1, null).send(Chan.<Integer>make(), 1, null).run()); // send3
        Failures failures = new Failures();
        inGoroutine("select7", failures, () -> {
            for (int round = 0; round < 50; round++) {
                for (Function<SendChan<Integer>, Body> send : sends) {
                    for (Function<RecvChan<Integer>, Body> recv : recvs) {
                        Chan<Integer> c = Chan.make();
                        Chan<Void> received = Chan.make(1);
                        Body r = recv.apply(c);
                        failures.go(() -> {
                            r.run();
                            received.send(null);
                        });
                        GoRuntime.gosched();
                        send.apply(c).run();
                        received.recv();
                    }
                }
            }
        });
    }

    // ------------------------------------------------------------------ sendstmt.go

    /** chanchan: a send case whose channel was itself received from a channel of channels. */
    @Test
    void sendstmt() {
        Failures failures = new Failures();
        inGoroutine("sendstmt", failures, () -> {
            Chan<Chan<Integer>> cc = Chan.make(1);
            Chan<Integer> c = Chan.make(1);
            cc.send(c);
            // select { case <-cc <- 2: default: panic("nonblock") }
            assertEquals(0, Go.select().send(cc.recv(), 2, null).defaultCase(() -> fail("nonblock")).run());
            assertEquals(2, c.recv(), "bad receive");
            // sendprec
            Chan<Boolean> b = Chan.make(1);
            b.send(false || true);
            assertTrue(b.recv(), "sent false");
        });
    }

    // ------------------------------------------------------------------ sieve1.go

    /**
     * The prime sieve as a daisy chain of filter goroutines; the first 25 primes. As in
     * Go, the generator and the filters are left blocked in their sends when done.
     */
    @Test
    void sieve1() {
        Failures failures = new Failures();
        inGoroutine("sieve1", failures, () -> {
            Chan<Integer> primes = Chan.make();
            failures.go("sieve1-Sieve", () -> sieve(failures, primes));
            int[] a = {2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37, 41, 43, 47, 53, 59, 61, 67, 71, 73, 79, 83, 89, 97};
            for (int want : a) {
                int x = primes.recv();
                assertEquals(want, x, x + " != " + want);
            }
        });
    }

    /** Send the sequence 2, 3, 4, ... to channel 'ch'. */
    private static void generate(SendChan<Integer> ch) {
        for (int i = 2; ; i++) {
            ch.send(i);
        }
    }

    /** Copy the values from channel 'in' to channel 'out', removing those divisible by 'prime'. */
    private static void filter(RecvChan<Integer> in, SendChan<Integer> out, int prime) {
        for (int i : in) {
            if (i % prime != 0) {
                out.send(i);
            }
        }
    }

    /** The prime sieve: daisy-chain filter processes together. */
    private static void sieve(Failures failures, SendChan<Integer> primes) {
        Chan<Integer> ch = Chan.make();
        Chan<Integer> gen = ch;
        failures.go("sieve1-Generate", () -> generate(gen));
        for (;;) {
            int prime = ch.recv();
            primes.send(prime);
            Chan<Integer> ch1 = Chan.make();
            Chan<Integer> in = ch;
            failures.go("sieve1-Filter", () -> filter(in, ch1, prime));
            ch = ch1;
        }
    }

    // ------------------------------------------------------------------ sieve2.go

    /**
     * The Eratosthenes-like sieve over odd candidates, merging channels of multiples
     * through a heap, with a send proxy whose select disables its output case with a nil
     * (null) channel while its buffer is empty. The first 25 primes. Go's container/heap
     * and container/ring become PriorityQueue and ArrayDeque. As in Go, its goroutines are
     * left blocked when done.
     */
    @Test
    void sieve2() {
        Failures failures = new Failures();
        inGoroutine("sieve2", failures, () -> {
            Chan<Integer> primes = Sieve2.sieve(failures);
            int[] a = {2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37, 41, 43, 47, 53, 59, 61, 67, 71, 73, 79, 83, 89, 97};
            for (int want : a) {
                int x = primes.recv();
                assertEquals(want, x, x + " != " + want);
            }
        });
    }

    private static final class Sieve2 {

        private record PeekCh(int head, Chan<Integer> ch) {
        }

        /** Return a chan of odd numbers, starting from 5. */
        static Chan<Integer> odds(Failures failures) {
            Chan<Integer> out = Chan.make(50);
            failures.go("sieve2-odds", () -> {
                for (int n = 5; ; n += 2) {
                    out.send(n);
                }
            });
            return out;
        }

        /** Return a chan of odd multiples of the prime number p, starting from p*p. */
        static Chan<Integer> multiples(Failures failures, int p) {
            Chan<Integer> out = Chan.make(10);
            failures.go("sieve2-multiples", () -> {
                for (int n = p * p; ; n += 2 * p) {
                    out.send(n);
                }
            });
            return out;
        }

        /**
         * Return a channel to serve as a sending proxy to 'out': a goroutine receives from
         * it into an expanding buffer, so sending to 'out' never blocks.
         */
        static SendChan<Integer> sendproxy(Failures failures, SendChan<Integer> out) {
            Chan<Integer> proxy = Chan.make(10);
            failures.go("sieve2-sendproxy", () -> {
                ArrayDeque<Integer> buf = new ArrayDeque<>();
                for (;;) {
                    SendChan<Integer> c = out;
                    Integer e = null;
                    if (buf.isEmpty()) {
                        c = null; // buffer empty: disable output
                    } else {
                        e = buf.peekFirst();
                    }
                    Go.select()
                            .recv(proxy, buf::addLast)
                            .send(c, e, buf::removeFirst)
                            .run();
                }
            });
            return proxy;
        }

        /** Return a chan of primes. */
        static Chan<Integer> sieve(Failures failures) {
            // The output values.
            Chan<Integer> out = Chan.make(10);
            out.send(2);
            out.send(3);
            // The channel of all composites to be eliminated in increasing order.
            Chan<Integer> composites = Chan.make(50);
            // The feedback loop.
            Chan<Integer> primes = Chan.make(10);
            primes.send(3);
            // Merge channels of multiples of 'primes' into 'composites'.
            failures.go("sieve2-merge", () -> {
                PriorityQueue<PeekCh> h = new PriorityQueue<>((x, y) -> Integer.compare(x.head(), y.head()));
                int min = 15;
                for (;;) {
                    Chan<Integer> m = multiples(failures, primes.recv());
                    int head = m.recv();
                    while (min < head) {
                        composites.send(min);
                        PeekCh minchan = h.poll();
                        min = minchan.head();
                        h.add(new PeekCh(minchan.ch().recv(), minchan.ch()));
                    }
                    while (min == head) {
                        PeekCh minchan = h.poll();
                        min = minchan.head();
                        h.add(new PeekCh(minchan.ch().recv(), minchan.ch()));
                    }
                    composites.send(head);
                    h.add(new PeekCh(m.recv(), m));
                }
            });
            // Sieve out 'composites' from 'candidates'.
            failures.go("sieve2-candidates", () -> {
                // The merging goroutine receives from 'primes' much slower than this one
                // sends to it: the proxy buffers automatically so that this never deadlocks.
                SendChan<Integer> primesProxy = sendproxy(failures, primes);
                Chan<Integer> candidates = odds(failures);
                int p = candidates.recv();
                for (;;) {
                    int c = composites.recv();
                    while (p < c) {
                        primesProxy.send(p);
                        out.send(p);
                        p = candidates.recv();
                    }
                    if (p == c) {
                        p = candidates.recv();
                    }
                }
            });
            return out;
        }
    }

    /** Array helpers kept apart from the tests (generic arrays need an unchecked cast). */
    private static final class ChanTestArrays {

        @SuppressWarnings("unchecked")
        static Chan<Integer>[] pair(Chan<Integer> a, Chan<Integer> b) {
            Chan<Integer>[] ab = (Chan<Integer>[]) new Chan<?>[2];
            ab[0] = a;
            ab[1] = b;
            return ab;
        }
    }
}
