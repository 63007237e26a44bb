package io.goroutines.impl.sched;

import io.goroutines.impl.diag.Diagnostics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The processors and GOMAXPROCS: Go's {@code allp}, {@code gomaxprocs},
 * {@code sched.pidle}/{@code sched.npidle} with {@code pidleput} and {@code pidleget},
 * and {@code procresize} (runtime/proc.go).
 *
 * <h2>Fields and who guards them</h2>
 * <ul>
 *   <li>{@code current} (allp and its steal order) and {@code gomaxprocs}: replaced
 *       together by {@link #gomaxprocs(int)} under {@code resizeLock}; read racily by
 *       everyone. A reader may see the old allp for a moment: that is safe because a P
 *       not in the current allp is dead, and is never run again: its holder drains it to
 *       the global queue at its next schedule ({@code Sched.destroyP}), and
 *       {@link #pidleget} discards it.</li>
 *   <li>{@code pidle}/{@code npidle}: lock-free (ADR 0002). {@link #pidleput} publishes
 *       the P in the queue, then raises the counter; {@link #pidleget} polls, then lowers
 *       it. The counter may briefly disagree with the queue; it is a hint, and every
 *       decision is confirmed by a poll. The order of these memory operations is the
 *       idle-P half of {@link Sched}'s "No lost wakeups" argument: keep it.</li>
 * </ul>
 * Lock: {@code resizeLock}, taken only by GOMAXPROCS changes, never on the scheduling
 * path ({@code docs/lock-order.md}).
 */
public final class ProcSet {

    private static final Logger log = LoggerFactory.getLogger("io.goroutines");

    /** allp and its steal order, replaced together. */
    record Procs(P[] allp, StealOrder order) {
    }

    private final Sched sched;
    private final ReentrantLock resizeLock = new ReentrantLock();
    private volatile Procs current;
    private volatile int gomaxprocs;
    /** Unbounded, as Go's list: GOMAXPROCS has no cap since Go 1.10 dropped {@code _MaxGomaxprocs}. */
    private final MpmcUnboundedQueue<P> pidle = new MpmcUnboundedQueue<>(Sched.IDLE_CHUNK);
    /** Go's {@code sched.npidle}; read by {@link Sched} on its wake-up paths. */
    final AtomicInteger npidle = new AtomicInteger();

    ProcSet(Sched sched, int n) {
        this.sched = sched;
        P[] allp = new P[n];
        for (int i = 0; i < n; i++) {
            allp[i] = new P(i);
        }
        this.current = new Procs(allp, new StealOrder(n));
        this.gomaxprocs = n;
        for (P pp : allp) {
            pidleput(pp);
        }
    }

    /** GOMAXPROCS at start: {@code -Dgoroutines.maxprocs}, else {@code $GOMAXPROCS}, else the CPUs. */
    static int initialGomaxprocs() {
        int cpus = Runtime.getRuntime().availableProcessors();
        String prop = System.getProperty("goroutines.maxprocs");
        String env = System.getenv("GOMAXPROCS");
        String source = prop != null ? "-Dgoroutines.maxprocs" : "GOMAXPROCS";
        String value = prop != null ? prop : env;
        if (value == null || value.isBlank()) {
            return cpus;
        }
        try {
            int n = Integer.parseInt(value.trim());
            if (n >= 1) {
                return n; // no cap, as Go since 1.10
            }
        } catch (NumberFormatException ignored) {
            // fall through to the warning
        }
        Diagnostics.report(log, Level.WARN, "goroutines: ignoring " + source + "=" + value
                + ": it must be a whole number >= 1; using " + cpus + " (the number of CPUs)", null);
        return cpus;
    }

    /** Go's {@code allp} (racy: see the class comment). */
    P[] allp() {
        return current.allp;
    }

    /** allp with its steal order, read together (racy: see the class comment). */
    Procs current() {
        return current;
    }

    /** Go's {@code pidleput}: {@code pp} goes idle. */
    void pidleput(P pp) {
        pp.status = PStatus.IDLE;
        pidle.offer(pp);
        npidle.incrementAndGet();
    }

    /** Go's {@code pidleget}: takes an idle, live P, discarding dead ones (GOMAXPROCS shrank). */
    P pidleget() {
        for (;;) {
            P pp = pidle.poll();
            if (pp == null) {
                return null;
            }
            npidle.decrementAndGet();
            if (isLive(pp)) {
                return pp;
            }
            pp.status = PStatus.DEAD;
        }
    }

    /** Whether {@code pp} is in the current allp. */
    boolean isLive(P pp) {
        P[] allp = current.allp;
        return pp.id < allp.length && allp[pp.id] == pp;
    }

    /**
     * Go's {@code timers.take} in {@code procresize}/{@code destroy}: moves a retired P's
     * timers to a live P (by id, so that several retired Ps spread), and makes sure
     * someone wakes for them.
     */
    void moveTimers(P dead) {
        P[] allp = current.allp;
        P to = allp[dead.id % allp.length];
        to.timers.take(dead.timers);
        long w = to.timers.wakeTime();
        if (w != 0) {
            sched.poller.wakeNetPoller(w);
        }
    }

    /**
     * Go's {@code GOMAXPROCS} and {@code procresize}: sets the number of Ps when
     * {@code n >= 1} and returns the previous value. Growing adds idle Ps and wakes an M;
     * shrinking retires the highest-numbered Ps: an idle one at once, a busy one when its
     * M next schedules, which moves its queued Gs to the global queue. No G is lost.
     * There is no upper bound, as in Go since 1.10: every P is allocated (a kilobyte
     * or two each, its run queue's ring) whether or not it runs. In "jdk" mode the
     * value is recorded but has no effect.
     *
     * @param n the new number of Ps, or below 1 to only read it
     * @return the previous value
     */
    public int gomaxprocs(int n) {
        resizeLock.lock();
        try {
            int old = gomaxprocs;
            if (n < 1 || n == old) {
                return old;
            }
            P[] cur = current.allp;
            P[] next = Arrays.copyOf(cur, n);
            for (int i = old; i < n; i++) {
                next[i] = new P(i);
            }
            current = new Procs(next, new StealOrder(n));
            gomaxprocs = n;
            if (n > old) {
                for (int i = old; i < n; i++) {
                    pidleput(next[i]);
                }
            } else {
                List<P> keep = new ArrayList<>();
                P pp;
                while ((pp = pidle.poll()) != null) {
                    npidle.decrementAndGet();
                    if (isLive(pp)) {
                        keep.add(pp);
                    } else {
                        moveTimers(pp);
                        pp.status = PStatus.DEAD;
                    }
                }
                for (P k : keep) {
                    pidleput(k);
                }
            }
            if (sched.jdk == null) { // the fallback runs no P
                sched.wakep();
            }
            return old;
        } finally {
            resizeLock.unlock();
        }
    }

    /** {@return the number of Ps, GOMAXPROCS} */
    public int gomaxprocs() {
        return gomaxprocs;
    }
}
