package io.goroutines.impl.sched;

import io.goroutines.impl.diag.Diagnostics;
import io.goroutines.impl.trace.TraceBuf;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * A machine: Go's {@code m} (runtime/runtime2.go), here a daemon platform thread that
 * carries goroutines. Its body is Go's {@code mstart -> schedule} loop, in
 * {@link Sched#schedule(M)}.
 *
 * <h2>Fields and who guards them</h2>
 * <ul>
 *   <li>{@link #p}: the P this M holds; written by this M only ({@code acquireP},
 *       {@code releaseP}); read by the goroutine mounted on this M (same OS thread) to
 *       find its P, and racily by statistics.</li>
 *   <li>{@link #nextp}: the P handed to this M by {@code startm} while it is parked on
 *       the idle M list; written by the starter with a volatile store, which also
 *       publishes {@link #spinning}; cleared by this M.</li>
 *   <li>{@link #spinning}: Go's {@code m.spinning}; this M only once running.</li>
 *   <li>{@link #curg}: the G mounted on this M, or null; this M only, read racily.</li>
 * </ul>
 * A JVM platform thread extends {@link Thread}; {@code M} does too, so that the
 * carrier of a mounted virtual thread <em>is</em> its M and no lookup is needed.
 */
final class M extends Thread {

    private static final Logger log = LoggerFactory.getLogger(M.class);

    final Sched sched;
    final int mid;
    volatile P p;
    volatile P nextp;
    boolean spinning;
    /** The G just found came from runnext and inherits the time slice; this M only. */
    boolean inheritTime;
    volatile G curg;
    /**
     * Go's {@code gp.preempt}, kept on the M: set by sysmon when the running G has held
     * the P for a time slice; the G yields at its next safe point; cleared by
     * {@code schedule} before the next G runs.
     */
    volatile boolean preempt;
    /**
     * Who may use {@link #p} now, so that sysmon can take the P away from an M whose G
     * runs too long (Go's P in {@code _Psyscall}) without two Ms ever producing into its
     * run queue: {@link #OWNED} while this M's scheduler loop runs; {@link #FREE} while
     * a G runs, and then G code that puts into the P's queue or takes its goids
     * (readying, newproc) holds it at {@link #IN_USE} for the moment it needs
     * ({@link #usePBegin}); sysmon may CAS it from FREE to {@link #RETAKING}, detach the
     * P ({@code mp.p} and {@code pp.m} to null), then publish {@link #RETAKEN}
     * ({@link #beginRetake}, {@link #finishRetake}). When the G stops, the loop takes
     * the word back ({@link #reclaimP}) and learns whether the P is gone; it waits out a
     * RETAKING, so that it never reads {@code mp.p} while sysmon is still clearing it.
     * (Publishing RETAKEN by the CAS itself let an M whose G had just stopped read its
     * old P back, run a G on it while sysmon gave it to another M, and then find
     * {@code mp.p} null: an M died of that in a run of ParkedGoroutineMemory.)
     */
    @SuppressWarnings("unused")
    private volatile int pUse = OWNED;
    static final int OWNED = 1;
    static final int FREE = 0;
    static final int IN_USE = 2;
    static final int RETAKEN = 3;
    static final int RETAKING = 4;
    /** Scratch results of timer checks; this M only. */
    final Timers.CheckResult timerCheck = new Timers.CheckResult();
    /** This M's execution-trace events (Go's {@code mp.trace.buf}); see TraceBuf for who writes. */
    final TraceBuf traceBuf;
    /** Waiters the network poller readied for this M (Gs or threads); this M only. */
    final java.util.List<Object> netpollReady = new java.util.ArrayList<>();
    /** The Gs of a poller batch, collected while {@link #batching}; this M only. */
    final java.util.List<G> injectBatch = new java.util.ArrayList<>();
    /**
     * While this M wakes the waiters the poller found, the Gs it readies go to
     * {@link #injectBatch} instead of its P's runnext (Go's {@code injectglist}); this M only.
     */
    boolean batching;
    /** xorshift32 state for the steal order (Go's cheaprand); this M only. */
    private int rand;

    M(Sched sched, int mid, P nextp, boolean spinning) {
        super(null, null, "goroutines-M" + mid, 0, false);
        this.sched = sched;
        this.mid = mid;
        this.spinning = spinning;
        this.rand = 0x9E3779B9 * (mid + 1);
        this.traceBuf = new TraceBuf("M" + mid);
        this.nextp = nextp; // volatile: publishes spinning
        setDaemon(true);
    }

    @Override
    public void run() {
        try {
            sched.mstart(this);
        } catch (Throwable t) {
            // The scheduler loop catches what a goroutine can throw; reaching here is a
            // runtime bug. Say so loudly rather than losing the M silently.
            Diagnostics.report(log, Level.ERROR, "goroutines: M" + mid + " died; its P is lost", t);
            throw t;
        }
    }

    /**
     * Before resuming a G: the P may be handed off while the G runs. This M only. A
     * release store: it publishes the loop's writes to the P to a sysmon that then
     * retakes it; no later load of this M depends on sysmon seeing it at once (until it
     * does, sysmon sees the loop owning the P and leaves it alone).
     */
    void releasePForG() {
        PUSE.setRelease(this, FREE);
    }

    /**
     * The G this M runs now ({@link #curg}), set by the loop: a release store, as the
     * readers (sysmon, dumps) only label or re-check what they read. This M only.
     */
    void setCurg(G gp) {
        CURG.setRelease(this, gp);
    }

    /**
     * After the G stopped: back to this M. Returns true when sysmon took the P meanwhile;
     * {@code p} is then already null. Waits while sysmon is detaching the P (a few plain
     * writes on its side).
     */
    boolean reclaimP() {
        for (int spins = 1; ; spins++) {
            int s = (int) PUSE.getVolatile(this);
            if (s == RETAKING) {
                if ((spins & 63) == 0) {
                    Thread.yield(); // sysmon was descheduled between its writes
                } else {
                    Thread.onSpinWait();
                }
                continue;
            }
            if (PUSE.compareAndSet(this, s, OWNED)) {
                return s == RETAKEN;
            }
        }
    }

    /**
     * G code (or this M's own scheduler code) about to use {@link #p}: false when sysmon
     * took it. On this M's own thread (timer functions run by the scheduler loop) the
     * loop owns the P already.
     */
    boolean usePBegin() {
        if (Thread.currentThread() == this) {
            return true;
        }
        return PUSE.compareAndSet(this, FREE, IN_USE);
    }

    /** After {@link #usePBegin}: a release store, publishing what the G put into the P. */
    void usePEnd() {
        if (Thread.currentThread() != this) {
            PUSE.setRelease(this, FREE);
        }
    }

    /**
     * sysmon: claims the P if no G code is using it and the M's loop does not own it.
     * On true, sysmon detaches the P and then calls {@link #finishRetake}.
     */
    boolean beginRetake() {
        return PUSE.compareAndSet(this, FREE, RETAKING);
    }

    /** sysmon, after detaching the P: lets the M's loop see that it is gone. */
    void finishRetake() {
        PUSE.setVolatile(this, RETAKEN);
    }

    /** Go's {@code cheaprand}: a fast per-M pseudo-random number. This M only. */
    int cheaprand() {
        int x = rand;
        x ^= x << 13;
        x ^= x >>> 17;
        x ^= x << 5;
        rand = x;
        return x;
    }

    private static final java.lang.invoke.VarHandle PUSE;
    private static final java.lang.invoke.VarHandle CURG;

    static {
        try {
            PUSE = java.lang.invoke.MethodHandles.lookup().findVarHandle(M.class, "pUse", int.class);
            CURG = java.lang.invoke.MethodHandles.lookup().findVarHandle(M.class, "curg", G.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
