package io.goroutines.impl.sched;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The per-P timer heap on its own: heap order, lazy stop and modify, the zombie sweep,
 * and moving timers off a retired P. Timers are placed with {@link Timers#addHeap}
 * directly and run with {@link Timers#check} at chosen clock readings, so no scheduler
 * or real time is involved (except where {@code modify} asks it to wake a poller,
 * which is harmless).
 */
@Timeout(30)
class TimersTest {

    /** A timer that records its firing in {@code fired}. */
    private static RuntimeTimer recording(List<RuntimeTimer> fired) {
        return new RuntimeTimer(false, (arg, seq, delay) -> fired.add((RuntimeTimer) arg), null) {
            {
                arg = this;
            }
        };
    }

    /** Puts {@code t} in {@code ts} at {@code when}, as maybeAdd does. */
    private static void add(Timers ts, RuntimeTimer t, long when) {
        ts.lock();
        t.lock();
        t.when = when;
        t.state |= RuntimeTimer.HEAPED;
        ts.addHeap(t);
        t.unlock();
        ts.unlock();
    }

    private static long whenOf(RuntimeTimer t) {
        t.lock();
        try {
            return t.when;
        } finally {
            t.unlock();
        }
    }

    @Test
    void firesInOrderOfWhenAndOnlyWhenDue() {
        Timers ts = new Timers();
        List<RuntimeTimer> fired = new ArrayList<>();
        Random rnd = new Random(42);
        long[] whens = new long[1000];
        for (int i = 0; i < whens.length; i++) {
            whens[i] = 1 + rnd.nextInt(1_000_000);
            add(ts, recording(fired), whens[i]);
        }
        Timers.CheckResult res = new Timers.CheckResult();
        long next = ts.check(500_000, true, res);
        long due = java.util.Arrays.stream(whens).filter(w -> w <= 500_000).count();
        assertEquals(due, fired.size(), "exactly the due timers fire");
        assertTrue(res.ran);
        assertTrue(next > 500_000, "the next wake time is after now");
        ts.check(2_000_000, true, res);
        assertEquals(whens.length, fired.size());
        for (RuntimeTimer t : fired) {
            assertEquals(0, whenOf(t), "a one-shot timer is inactive once fired");
        }
        assertEquals(0, ts.size(), "fired one-shot timers leave the heap");
        assertEquals(0, ts.wakeTime());
    }

    @Test
    void firingOrderFollowsWhen() {
        Random rnd = new Random(7);
        List<Long> order = new ArrayList<>();
        Timers ts2 = new Timers();
        for (int i = 0; i < 500; i++) {
            long w = 1 + rnd.nextInt(10_000);
            RuntimeTimer t = new RuntimeTimer(false, (arg, seq, delay) -> order.add((Long) arg), w) { };
            add(ts2, t, w);
        }
        ts2.check(20_000, true, new Timers.CheckResult());
        assertEquals(500, order.size());
        for (int i = 1; i < order.size(); i++) {
            assertTrue(order.get(i - 1) <= order.get(i), "fired out of order at " + i + ": " + order);
        }
    }

    @Test
    void stoppedTimersNeverFireAndLeaveTheHeap() {
        Timers ts = new Timers();
        List<RuntimeTimer> fired = new ArrayList<>();
        List<RuntimeTimer> all = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            RuntimeTimer t = recording(fired);
            all.add(t);
            add(ts, t, 1000 + i);
        }
        for (int i = 0; i < 200; i += 2) {
            assertTrue(all.get(i).stopTimer(), "stop of an armed timer reports it was active");
            assertFalse(all.get(i).stopTimer(), "a second stop finds it inactive");
        }
        assertEquals(200, ts.size(), "stop only marks; the heap owner removes");
        ts.check(10_000, true, new Timers.CheckResult());
        assertEquals(100, fired.size());
        for (RuntimeTimer t : fired) {
            assertEquals(1, all.indexOf(t) % 2, "a stopped timer fired");
        }
        assertEquals(0, ts.size());
    }

    @Test
    void modifiedTimersFireAtTheirNewTime() {
        Timers ts = new Timers();
        List<RuntimeTimer> fired = new ArrayList<>();
        RuntimeTimer early = recording(fired);
        RuntimeTimer late = recording(fired);
        add(ts, early, 1_000);
        add(ts, late, 2_000);
        // Move early later and late earlier; the heap entries are stale until adjusted.
        assertTrue(early.modify(5_000, 0));
        assertTrue(late.modify(500, 0));
        assertEquals(500, ts.wakeTime(), "wakeTime sees the earlier modified time at once");
        Timers.CheckResult res = new Timers.CheckResult();
        ts.check(1_500, true, res);
        assertEquals(List.of(late), fired, "only the timer moved earlier is due at 1500");
        ts.check(4_000, true, res);
        assertEquals(List.of(late), fired, "the timer moved later is not due at 4000");
        ts.check(5_000, true, res);
        assertEquals(List.of(late, early), fired);
    }

    @Test
    void periodicTimersKeepTheirPhaseAndSkipMissedTicks() {
        Timers ts = new Timers();
        List<Long> delays = new ArrayList<>();
        RuntimeTimer t = new RuntimeTimer(false, (arg, seq, delay) -> delays.add(delay), null) { };
        t.period = 100;
        add(ts, t, 100);
        Timers.CheckResult res = new Timers.CheckResult();
        ts.check(100, true, res);
        assertEquals(200, whenOf(t));
        ts.check(450, true, res); // 200, 300 and 400 were due: fires once, late by 250
        assertEquals(List.of(0L, 250L), delays);
        assertEquals(500, whenOf(t), "the next tick keeps the phase");
        assertEquals(1, ts.size());
        t.stopTimer();
        ts.check(10_000, true, res);
        assertEquals(2, delays.size());
        assertEquals(0, ts.size());
    }

    @Test
    void zombieSweepBoundsTheHeap() {
        Timers ts = new Timers();
        List<RuntimeTimer> fired = new ArrayList<>();
        for (int round = 0; round < 100; round++) {
            for (int i = 0; i < 100; i++) {
                RuntimeTimer t = recording(fired);
                add(ts, t, 1_000_000 + i);
                t.stopTimer();
            }
            ts.lock();
            ts.sweepIfManyZombies();
            ts.unlock();
            assertTrue(ts.size() <= 200, "round " + round + ": heap of stopped timers grew to " + ts.size());
        }
        ts.check(2_000_000, true, new Timers.CheckResult());
        assertTrue(fired.isEmpty());
        assertEquals(0, ts.size());
    }

    @Test
    void takeMovesLiveTimersAndDropsZombies() {
        Timers from = new Timers();
        Timers to = new Timers();
        List<RuntimeTimer> fired = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            RuntimeTimer t = recording(fired);
            add(from, t, 100 + i);
            if (i % 5 == 0) {
                t.stopTimer();
            }
        }
        add(to, recording(fired), 10);
        to.take(from);
        assertTrue(from.isDead());
        assertEquals(0, from.size());
        assertEquals(0, from.wakeTime());
        assertEquals(41, to.size());
        assertEquals(10, to.wakeTime());
        to.check(1_000, true, new Timers.CheckResult());
        assertEquals(41, fired.size());
    }
}
