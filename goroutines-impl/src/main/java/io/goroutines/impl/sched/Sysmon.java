package io.goroutines.impl.sched;

import io.goroutines.DeadlockError;
import io.goroutines.impl.diag.Diagnostics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The system monitor: Go's {@code sysmon} (runtime/proc.go), with {@code retake}'s
 * preemption request, {@code checkdead} and {@code schedtrace}. One daemon platform
 * thread, started with the scheduler; it never holds a P.
 *
 * <h2>Implementation overview</h2>
 * <ul>
 *   <li><b>Backoff</b>: it sleeps 20 µs between rounds while it finds work to do, and
 *       doubles the sleep after 50 idle rounds, up to 10 ms (Go's numbers).</li>
 *   <li><b>Deep sleep</b>: when every P is idle and the backoff has reached 10 ms, it
 *       parks until an M takes a P ({@link #wake}, called from {@code acquireP}), or for
 *       at most a second, so an idle program costs no CPU. Before that it looks for a
 *       deadlock. The wake-up keeps the backoff (Go resets it only when a syscall wakes
 *       sysmon): a busy program whose Ps go idle for moments, such as a server between
 *       requests, costs at most one sysmon wake-up per 10 ms, not one per idle
 *       moment.</li>
 *   <li><b>Retake</b>: a P whose G has held it for 50 µs while its M is blocked where
 *       the runtime cannot unmount it (native code, file I/O, a pinned monitor:
 *       {@link BlockedM}, Go's P in a syscall) is handed to another M
 *       ({@link Sched#handoff}, Go's {@code handoffp}) unless Go's retake would wait
 *       (ADR 0011). A P whose {@code schedtick} has not moved for 10 ms (Go's
 *       {@code forcePreemptNS}) is running one goroutine, or one runnext chain, too
 *       long: its M's {@code preempt} flag is set, and the goroutine yields at its next
 *       safe point (a channel, select, sync, time or gosched call:
 *       {@link Sched#safePoint}). A JVM cannot stop a loop from outside: if another
 *       10 ms pass without a safe point, the P is handed off too, and the stuck M keeps
 *       its goroutine without a P.</li>
 *   <li><b>checkdead</b>: while a {@code Go.main} runs, if every P is idle, no M
 *       spins, the global queue and every timer heap are empty, and every goroutine is
 *       parked in a wait that only another goroutine can end (channel, select, sync,
 *       context: {@link WaitReason#isBlockedForever}), the same set of waits twice,
 *       {@value #DEADLOCK_CONFIRM_MS} ms apart, and no thread outside the runtime may
 *       still end a wait at either look ({@link ForeignThreads}, ADR 0010) nor made a
 *       runtime call between them, then every running program ends with
 *       {@link DeadlockError} ("all goroutines are asleep - deadlock!" and the dump).
 *       A goroutine parked in anything else (a plain {@code LockSupport.park}, I/O,
 *       {@code Thread.sleep}) might be woken from outside the runtime and keeps the
 *       program alive.</li>
 *   <li><b>schedtrace</b>: with {@code -Dgoroutines.schedtrace=MS}, a Go
 *       {@code SCHED} line every MS milliseconds on standard error, as Go prints it, and
 *       also at INFO on the SLF4J logger {@code io.goroutines.schedtrace} when a provider
 *       is bound ({@link Diagnostics#print}); sysmon then never sleeps deeply (as in
 *       Go).</li>
 * </ul>
 *
 * <h2>Fields</h2>
 * Everything here is confined to the sysmon thread except {@code waiting}, a volatile
 * handshake with {@link #wake}: sysmon sets it, then re-reads {@code npidle}; an M
 * taking a P lowers {@code npidle}, then reads it (Dekker, as in {@code Sched}).
 * The P fields {@code sysmonTick}/{@code sysmonWhen} are sysmon's alone.
 */
final class Sysmon implements Runnable {

    private static final Logger log = LoggerFactory.getLogger(Sysmon.class);

    /** Go prints schedtrace on stderr; so do we, and also at INFO on this logger when a provider is bound. */
    private static final Logger schedtraceLog = LoggerFactory.getLogger("io.goroutines.schedtrace");

    /**
     * Go's {@code forcePreemptNS}: a P running one G, or one runnext chain, this long is
     * asked to preempt it; also the time slice {@code Sched} gives a runnext chain.
     */
    static final long FORCE_PREEMPT_NS = 10_000_000;
    private static final long MIN_DELAY_US = 20;
    private static final long MAX_DELAY_US = 10_000;
    private static final int IDLE_ROUNDS_BEFORE_BACKOFF = 50;
    private static final long DEEP_SLEEP_NS = TimeUnit.SECONDS.toNanos(1);
    static final long DEADLOCK_CONFIRM_MS = 20;
    /**
     * How long a G must hold its P before sysmon asks whether its M is blocked outside
     * the runtime: Go's sysmon retakes a P in a syscall after one tick (20 µs) to 10 ms;
     * here a little longer, as each question costs a few microseconds.
     */
    static final long BLOCKED_AFTER_NS = 50_000;
    /** The least time between two such questions about one P. */
    static final long BLOCKED_RECHECK_NS = 200_000;

    private final Sched sched;
    private final long schedtraceNanos;
    private volatile boolean waiting;
    private Thread thread;

    /** checkdead's candidate: a signature of the waits seen, and when. */
    private long deadSig;
    private long deadSince;
    private boolean deadCandidate;
    /** Waiters readied by sysmon's own polls; sysmon only. */
    private final java.util.List<Object> netpollScratch = new java.util.ArrayList<>();
    /** {@code Programs.foreignOps} at the candidate's first look. */
    private long deadForeignOps;

    Sysmon(Sched sched, long schedtraceMillis) {
        this.sched = sched;
        this.schedtraceNanos = TimeUnit.MILLISECONDS.toNanos(schedtraceMillis);
    }

    void start() {
        Thread t = new Thread(this, "goroutines-sysmon");
        t.setDaemon(true);
        sched.programs.foreignThreads.registerRuntimeThread(t);
        thread = t;
        t.start();
    }

    /**
     * An M took a P: end a deep sleep. Any thread; cheap when sysmon is awake. The clock
     * of waits stood still during the sleep: it is advanced here, before the M runs a
     * goroutine that may park (see {@link WaitClock}).
     */
    void wake() {
        if (waiting) {
            waiting = false;
            WaitClock.advance(System.nanoTime());
            LockSupport.unpark(thread);
        }
    }

    @Override
    public void run() {
        long delay = MIN_DELAY_US;
        int idle = 0;
        long start = System.nanoTime();
        long nextTrace = start + schedtraceNanos;
        for (;;) {
            if (idle == 0) {
                delay = MIN_DELAY_US;
            } else if (idle > IDLE_ROUNDS_BEFORE_BACKOFF) {
                delay = Math.min(delay * 2, MAX_DELAY_US);
            }
            LockSupport.parkNanos(this, TimeUnit.MICROSECONDS.toNanos(delay));
            long now = System.nanoTime();
            WaitClock.advance(now);
            if (schedtraceNanos > 0 && now - nextTrace >= 0) {
                Diagnostics.print(schedtraceLog, Level.INFO,
                        "SCHED " + TimeUnit.NANOSECONDS.toMillis(now - start) + "ms: " + sched.counters.stats());
                nextTrace = now + schedtraceNanos;
            }
            sched.poller.sysmonNetpoll(System.nanoTime(), netpollScratch);
            if (sched.allIdle()) {
                if (checkdead(now)) {
                    idle = 0;        // confirm soon
                    continue;
                }
                if (schedtraceNanos <= 0 && delay >= MAX_DELAY_US && !sched.poller.netpollUnwatched()) {
                    deepSleep();
                    continue; // the backoff stays: see "Deep sleep" above
                }
            } else {
                deadCandidate = false;
            }
            if (retake(now) > 0) {
                idle = 0;
            } else {
                idle++;
            }
        }
    }

    private void deepSleep() {
        waiting = true;
        if (!sched.allIdle()) { // an M took a P meanwhile (it may have missed our flag)
            waiting = false;
            return;
        }
        LockSupport.parkNanos(this, DEEP_SLEEP_NS);
        waiting = false;
    }

    /**
     * Go's {@code retake}, preemption part: asks the goroutine on each P that has not
     * scheduled for {@link #FORCE_PREEMPT_NS} to yield. Returns how many it asked.
     */
    private int retake(long now) {
        int n = 0;
        for (P pp : sched.procs.allp()) {
            if (pp.status != PStatus.RUNNING) {
                continue;
            }
            int t = pp.schedtick;
            if (pp.sysmonTick != t) {
                pp.sysmonTick = t;
                pp.sysmonWhen = now;
            } else if (blockedHandoff(pp, now)) {
                pp.sysmonTick = pp.schedtick;
                pp.sysmonWhen = now;
                n++;
            } else if (now - pp.sysmonWhen >= FORCE_PREEMPT_NS) {
                M mp = pp.m;
                if (mp == null || mp.curg == null) {
                    continue;
                }
                if (!mp.preempt) {
                    mp.preempt = true; // Go's preemptone: honoured at the next safe point
                    pp.sysmonPreemptWhen = now;
                    n++;
                } else if (now - pp.sysmonPreemptWhen >= FORCE_PREEMPT_NS && sched.handoff(pp, mp)) {
                    // No safe point for another slice: a loop, or a pinned or native
                    // call. Go hands a P off from an M in a syscall; so do we.
                    pp.sysmonTick = pp.schedtick;
                    pp.sysmonWhen = now;
                    n++;
                }
            }
        }
        return n;
    }

    /**
     * Go's {@code retake} for a P in a syscall: when the G on {@code pp} has held it for
     * at least {@link #BLOCKED_AFTER_NS} and its M is blocked outside the runtime's reach
     * ({@link BlockedM}), hands the P off, unless (as in Go) the P has nothing queued,
     * another P is idle or spinning to take global work, and the block is younger than
     * {@link #FORCE_PREEMPT_NS}. Returns whether it handed the P off.
     */
    private boolean blockedHandoff(P pp, long now) {
        long held = now - pp.sysmonWhen;
        if (held < BLOCKED_AFTER_NS || now - pp.sysmonBlockedCheck < BLOCKED_RECHECK_NS) {
            return false;
        }
        M mp = pp.m;
        G gp = mp != null ? mp.curg : null;
        if (gp == null) {
            return false;
        }
        if (pp.runq.isEmpty() && sched.othersCanTakeWork() && held < FORCE_PREEMPT_NS) {
            return false;
        }
        pp.sysmonBlockedCheck = now;
        return BlockedM.isBlocked(mp, gp) && sched.handoff(pp, mp);
    }

    /**
     * Go's {@code checkdead}, confirmed over two looks {@value #DEADLOCK_CONFIRM_MS} ms
     * apart: every goroutine parked in a wait only another goroutine can end, the same
     * waits both times, no timer pending, every P idle, and no thread outside the
     * runtime that may still end a wait ({@link ForeignThreads}, ADR 0010) at either
     * look, nor any channel, select, sync or time call by such a thread between them.
     * Returns true while a candidate awaits confirmation (so that the caller looks again
     * soon). The thread scan runs at the two looks only, not at every round between.
     */
    private boolean checkdead(long now) {
        if (!sched.programs.anyRunning() || sched.poller.timersPending()) {
            deadCandidate = false;
            return false;
        }
        List<G> gs = sched.lifecycle.allGoroutines();
        if (gs.isEmpty()) {
            deadCandidate = false;
            return false;
        }
        long sig = 1;
        for (G gp : gs) {
            if (gp.status() != GStatus.WAITING || !gp.waitReason().isBlockedForever()) {
                deadCandidate = false;
                return false;
            }
            sig = sig * 31 + gp.goid;
            sig = sig * 31 + gp.waitSince(); // 16.8 ms units: a re-park within one unit
            // and still parked 20 ms later, everything idle, is a deadlock all the same
        }
        if (!deadCandidate || sig != deadSig) {
            long ops = sched.programs.foreignOps();
            if (noThreadMayWake()) {
                deadCandidate = true;
                deadSig = sig;
                deadSince = now;
                deadForeignOps = ops;
                return true;
            }
            deadCandidate = false;
            return false;
        }
        if (now - deadSince < TimeUnit.MILLISECONDS.toNanos(DEADLOCK_CONFIRM_MS) || !sched.allIdle()) {
            return true;
        }
        deadCandidate = false;
        if (sched.programs.foreignOps() != deadForeignOps || !noThreadMayWake() || !sched.programs.anyRunning()) {
            return false;
        }
        String dump = GoroutineDump.stack(sched, true);
        int cut = dump.indexOf("\n\n"); // drop sysmon's own stack: Go prints only goroutines
        String goroutines = cut >= 0 ? dump.substring(cut + 2) : dump;
        sched.programs.deadlocked(new DeadlockError(DeadlockError.MESSAGE_PREFIX + "\n\n" + goroutines));
        return false;
    }

    /** Whether no thread outside the runtime may end a goroutine's wait (ADR 0010). */
    private boolean noThreadMayWake() {
        Thread waker = sched.programs.foreignThreads.firstThatMayWake(sched.programs.firstThreadId());
        if (waker != null && log.isTraceEnabled()) {
            log.trace("checkdead: {} ({}) may still wake a goroutine", waker, waker.getState());
        }
        return waker == null;
    }
}
