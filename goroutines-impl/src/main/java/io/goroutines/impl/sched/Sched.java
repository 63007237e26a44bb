package io.goroutines.impl.sched;

import io.goroutines.FatalError;
import io.goroutines.impl.diag.Diagnostics;
import io.goroutines.impl.panic.PanicMessages;
import io.goroutines.impl.trace.ExecTracer;
import io.goroutines.impl.trace.Trace;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * The scheduler: Go's {@code schedt} and the M loop of runtime/proc.go: {@code ready},
 * {@code wakep}, {@code startm}, {@code newm}, {@code stopm}, {@code mstart},
 * {@code schedule}, {@code findRunnable}, {@code stealWork}, {@code globrunqget},
 * {@code handoffp}, {@code injectglist}, {@code gopark} and {@code Gosched}. It also
 * makes and wires the components that proc.go's neighbours hold ({@code docs/scheduler.md}
 * has the map): {@link ProcSet} (allp, GOMAXPROCS, the idle Ps), {@link Poller} (the
 * sleep until the next timer, the network poller's place), {@link GoroutineLifecycle}
 * ({@code newproc}, {@code goexit0}, allgs), {@link Programs} ({@code Go.main} and
 * checkdead's inputs), {@link SchedCounters}, {@link SchedTracing}, {@link Sysmon}, and
 * in "jdk" mode {@link JdkMode}.
 *
 * <h2>Implementation overview</h2>
 * Goroutines are Loom virtual threads whose scheduler is their own {@link G}; the
 * JDK calls {@link G#execute} whenever one becomes runnable, and that lands in
 * {@link #ready}. Ms are our platform threads looping in {@link #schedule}; an M runs
 * Gs only while it holds one of the GOMAXPROCS Ps. The protocol is Go's:
 * <ul>
 *   <li>A readied G goes to the current P's {@code runnext} when the waker runs on one
 *       of our Ms (found through the carrier thread), else to the global queue. Then
 *       {@link #wakep} starts a spinning M if there is an idle P and no spinning M.</li>
 *   <li>{@link #findRunnable}: every 61st schedule the global queue first (fairness);
 *       then runnext, the local ring, the global queue; then, as a spinning M, steal
 *       half of another P's queue, visiting victims in a random order, four rounds, the
 *       last also taking runnext. Failing all, release the P, re-check, and park.</li>
 *   <li>Spinning Ms are limited to half the busy Ps; an M that stops spinning because it
 *       found work wakes another spinner ({@link #resetSpinning}), so that parallelism
 *       ramps up without thundering herds.</li>
 * </ul>
 *
 * <h2>Differences from Go, and why</h2>
 * Go guards the idle P and idle M lists and the global queue with {@code sched.lock}.
 * Here {@link #ready} runs inside the JDK's {@code execute} callback on arbitrary
 * threads, often virtual threads, where a parking lock could deadlock against its own
 * carrier. So those lists are lock-free queues ({@link MpmcUnboundedQueue}) with
 * atomic counters, and the "check the global queue under the lock, then put the P
 * idle" step of {@code findRunnable} becomes "put the P idle, then re-check", which
 * gives the same no-lost-wakeup guarantee by the Dekker argument below.
 *
 * <h2>No lost wakeups</h2>
 * A producer first publishes the G (queue put, a volatile fetch-and-add), then reads
 * {@code npidle} ({@link ProcSet}) and {@code nmspinning} (volatile reads). An M giving
 * up first publishes its idle P ({@link ProcSet#pidleput}: {@code npidle}++) or drops
 * out of spinning ({@code nmspinning}--), then re-reads the queues. Under the total
 * order of volatile accesses, either the producer sees the idle P / zero spinners and
 * wakes an M, or the M sees the G. As in Go, a non-spinning M re-checks only the global
 * queue: a G in a local queue belongs to a running P, which will run it.
 *
 * <h2>Fields and who guards them</h2>
 * <ul>
 *   <li>The components: final, made by the constructor, which starts no thread before
 *       all of them exist.</li>
 *   <li>{@code globrunq}, {@code midle}/{@code nmidle}, {@code nmspinning},
 *       {@code mcount}: lock-free, see above. The counters may briefly disagree with
 *       the queues; they are hints, and every decision is confirmed by a poll.</li>
 *   <li>{@code maxMcount}, {@code exhausted}: volatile, written by
 *       {@link #setMaxThreads} and the M that hits the limit; racy by design (the
 *       thread-exhaustion report is printed once per limit, give or take a race).</li>
 * </ul>
 * Locks: none here; see {@link ProcSet} and {@link Poller} for theirs, and
 * {@code docs/lock-order.md} for the order of every lock of the runtime.
 */
public final class Sched {

    private static final Logger log = LoggerFactory.getLogger("io.goroutines");

    /** Go's fairness tick: "check the global runnable queue once in a while" (proc.go). */
    private static final int GLOBAL_QUEUE_TICK = 61;
    /** Go's {@code stealTries} in stealWork (proc.go). */
    private static final int STEAL_TRIES = 4;
    /** Go's {@code sched.maxmcount} default (proc.go: {@code sched.maxmcount = 10000}). */
    static final int DEFAULT_MAX_THREADS = 10_000;
    /**
     * {@link #canSpinChan}: at most this many Gs queued in the local ring still allow a
     * channel waiter to spin. Beyond, the P has other work, and a spin would delay all
     * of it (a thousand selecting goroutines, ChanPopular; docs/benchmarks.md).
     */
    private static final int SPIN_MAX_QUEUED = 1;
    /**
     * Chunk size of the idle P and M lists: they hold a few entries at a time (at most
     * GOMAXPROCS Ps), so a small chunk; one is allocated per 64 idle transitions.
     */
    static final int IDLE_CHUNK = 64;

    private static final Sched INSTANCE = new Sched();

    static {
        if (INSTANCE.jdkPollers != null) {
            // After INSTANCE is set: the starter is readied through Sched.get().
            INSTANCE.jdkPollers.start();
        }
    }

    /** The JDK fallback ("jdk" mode), or null on the G/M/P scheduler. */
    final JdkMode jdk;
    final ProcSet procs;
    final Poller poller;
    final GoroutineLifecycle lifecycle;
    final Programs programs;
    final SchedCounters counters;
    final SchedTracing tracing;
    /** Hosts the JDK's socket pollers on our Ms ("gmp" mode only). */
    final JdkPollers jdkPollers;
    /** The system monitor ("gmp" mode only). */
    private final Sysmon sysmon;
    final GlobalRunQueue globrunq = new GlobalRunQueue();
    private final MpmcUnboundedQueue<M> midle = new MpmcUnboundedQueue<>(IDLE_CHUNK);
    final AtomicInteger nmidle = new AtomicInteger();
    final AtomicInteger nmspinning = new AtomicInteger();
    final AtomicInteger mcount = new AtomicInteger();
    /** Go's {@code sched.maxmcount}: the most Ms; see {@link #setMaxThreads}. */
    private volatile int maxMcount = Integer.getInteger("goroutines.maxthreads", DEFAULT_MAX_THREADS);
    /** Set once the limit was hit (the report is printed once per limit); racy by design. */
    private volatile boolean exhausted;

    private Sched() {
        boolean gmp = SchedulerChoice.gmp(); // throws when -Dgoroutines.scheduler=gmp cannot run
        this.jdk = gmp ? null : new JdkMode(this);
        this.procs = new ProcSet(this, ProcSet.initialGomaxprocs());
        this.poller = new Poller(this);
        this.lifecycle = new GoroutineLifecycle(this, jdk);
        this.programs = new Programs(this);
        this.counters = new SchedCounters(this);
        this.tracing = new SchedTracing(this);
        this.jdkPollers = gmp ? new JdkPollers(this) : null;
        this.sysmon = gmp ? new Sysmon(this, Long.getLong("goroutines.schedtrace", 0L)) : null;
        if (sysmon != null) {
            sysmon.start();
        } else {
            jdk.start();
        }
    }

    /** {@return the scheduler of this JVM} */
    public static Sched get() {
        return INSTANCE;
    }

    /** {@return the processors and GOMAXPROCS} */
    public ProcSet procs() {
        return procs;
    }

    /** {@return the timer sleep and the network poller's place in the scheduler} */
    Poller poller() {
        return poller;
    }

    /** {@return the goroutines' creation and end, and the list of live ones} */
    public GoroutineLifecycle lifecycle() {
        return lifecycle;
    }

    /** {@return the running {@code Go.main} programs} */
    public Programs programs() {
        return programs;
    }

    /** {@return the statistics} */
    public SchedCounters counters() {
        return counters;
    }

    /** {@return the execution tracer's glue} */
    public SchedTracing tracing() {
        return tracing;
    }

    /** {@return {@code "gmp"} on the G/M/P scheduler, {@code "jdk"} on the JDK's} */
    public String mode() {
        return jdk != null ? "jdk" : "gmp";
    }

    // ------------------------------------------------------------------ the current G and M

    /**
     * The M this code runs on: the carrier of the calling goroutine, or the calling M
     * itself (its scheduler code, timer functions); null on any other thread or in
     * "jdk" mode.
     */
    M currentM() {
        return jdk == null && VirtualThreads.currentCarrierThread() instanceof M mp && mp.sched == this ? mp : null;
    }

    /** {@return the calling goroutine, or null on a thread that is not one} */
    public G currentG() {
        if (jdk != null) {
            return jdk.currentG();
        }
        // A virtual thread that Java code started inside a goroutine inherited its G
        // as scheduler (see G.execute) but is not that goroutine: it has no G, as a
        // thread Go did not create has none. Taking the G for its own let it sleep on
        // the goroutine's timer (which then woke the goroutine, never the thread), set
        // the goroutine's status and call itself that goroutine in dumps.
        Thread t = Thread.currentThread();
        return VirtualThreads.schedulerOf(t) instanceof G gp && gp.thread() == t ? gp : null;
    }

    // ------------------------------------------------------------------ safe points, park, spin

    /**
     * A safe point (Go's preemption check in a function prologue): when sysmon asked
     * the goroutine on this M to yield, it yields here, to the tail of its P's queue.
     * Called at the start of channel, select, sync and time operations. Cheap when no
     * preemption is pending.
     */
    public void safePoint() {
        if (jdk != null) {
            return; // the JDK's scheduler has no preemption
        }
        Thread carrier = VirtualThreads.currentCarrierThread();
        if (!(carrier instanceof M)) {
            // A thread that is not a goroutine uses channels, sync or timers: it may be
            // the one that ends a goroutine's wait (see ForeignThreads).
            programs.noteForeignOp();
            return;
        }
        if (carrier instanceof M mp && mp.preempt && mp.sched == this) {
            mp.preempt = false;
            G gp = currentG();
            if (gp == null) {
                return; // the M's own scheduler code (a timer function): nothing to preempt
            }
            counters.preemptions.increment();
            Trace.sched("preempt", gp.goid, mp.p != null ? mp.p.id : -1, 0);
            if (ExecTracer.enabled()) {
                ExecTracer.goBlock(mp.traceBuf, SchedTracing.TRACE_PREEMPTED);
            }
            gp.preemptPending = true;
            Thread.yield();
            gp.preemptPending = false; // not consumed when the JDK could not yield (pinned)
        }
    }

    /**
     * A G preempted at a safe point goes to the global queue, as Go's
     * {@code gopreempt_m}: behind every G queued anywhere, so that a P whose local
     * queue is a pair of goroutines handing off to each other also serves the rest.
     */
    void readyPreempted(G gp) {
        globrunq.put(gp);
        wakep();
    }

    /** Go's {@code Gosched}: the calling goroutine yields its P and queues behind the others. */
    public void gosched() {
        G gp = currentG();
        if (gp == null || jdk != null) {
            Thread.yield();
            return;
        }
        if (ExecTracer.enabled()) {
            tracing.traceBlock(SchedTracing.TRACE_YIELD);
        }
        gp.yieldPending = true;
        Thread.yield();
        gp.yieldPending = false; // not consumed when the JDK could not yield (pinned)
    }

    /**
     * Parks the calling goroutine with {@code reason} (Go's {@code gopark}); see {@link G#park}.
     *
     * @param reason why it waits, for dumps and checkdead
     * @param blocker what it waits on, for {@code LockSupport.getBlocker}
     */
    public void park(WaitReason reason, Object blocker) {
        G gp = currentG();
        if (gp != null) {
            gp.park(reason, blocker);
        } else {
            LockSupport.park(blocker);
        }
    }

    /**
     * Parks the calling thread ({@link #park}) until {@code w.isWoken()}: Go's
     * {@code gopark} in the loop that waits for {@code goready}'s signal. Spurious
     * returns are absorbed. Not interruptible: an interrupt is remembered and the
     * interrupt status set again on return, as it is when {@code interrupted}.
     *
     * @param w the flag its waker sets before the unpark
     * @param reason why the thread waits, for dumps and checkdead
     * @param blocker what it waits on, for {@code LockSupport.getBlocker}
     * @param interrupted whether the caller already took an interrupt to set again
     */
    public static void parkUntilWoken(WakeSignal w, WaitReason reason, Object blocker, boolean interrupted) {
        Sched sched = INSTANCE;
        while (!w.isWoken()) {
            sched.park(reason, blocker);
            if (Thread.interrupted()) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Go's {@code sync_runtime_canSpin} (proc.go): whether the caller may spin briefly
     * before parking, because the peer that will wake it may be running on another P
     * right now. True only on one of our Ms holding a P, when GOMAXPROCS > 1, at least
     * one other P is running (not idle, not spinning), and this P's run queue is empty:
     * if a G is queued here, and above all if the peer was just readied into our
     * runnext, it can only run once we park, so spinning would only delay it.
     *
     * @return whether the caller may spin
     */
    public boolean canSpin() {
        P pp = spinnableP();
        return pp != null && pp.runq.isEmpty();
    }

    /**
     * The common part of {@link #canSpin} and {@link #canSpinChan}: the caller's P when
     * it runs on one of our Ms holding a P and another P is running (not idle, not
     * spinning); else null.
     */
    private P spinnableP() {
        M mp = currentM();
        if (mp == null) {
            return null;
        }
        P pp = mp.p;
        ProcSet ps = procs;
        if (pp == null || ps.gomaxprocs() <= ps.npidle.get() + nmspinning.get() + 1) {
            return null;
        }
        return pp;
    }

    /**
     * {@link #canSpin} for a goroutine about to park on a channel or select: the same
     * rule, except that a G in this P's {@code runnext} forbids the spin but one G in
     * the ring ({@link #SPIN_MAX_QUEUED}) does not. Runnext is where the peer this waiter
     * needs would be (the last G it readied); spinning over it would only delay it. With
     * it empty and little else queued, the peer is as likely to be running on another P,
     * answering within the spin. A deviation from Go, whose channels never spin: a Loom
     * continuation switch costs several times Go's goroutine switch (ADR 0005; the
     * measurements are in docs/benchmarks.md). {@code sync.Mutex} keeps Go's rule.
     *
     * @return whether a channel waiter may spin
     */
    public boolean canSpinChan() {
        P pp = spinnableP();
        return pp != null && pp.runq.runnextEmpty() && pp.runq.size() <= SPIN_MAX_QUEUED;
    }

    // ------------------------------------------------------------------ for sysmon

    /** Every P idle, no M spinning, nothing in the global queue (racy). */
    boolean allIdle() {
        return procs.npidle.get() == procs.gomaxprocs() && nmspinning.get() == 0 && globrunq.isEmpty();
    }

    /** Go's {@code sched.nmspinning + sched.npidle > 0} in retake: another P can take global work (racy). */
    boolean othersCanTakeWork() {
        return nmspinning.get() + procs.npidle.get() > 0;
    }

    // ------------------------------------------------------------------ ready, wakep

    /**
     * Go's {@code ready}: makes {@code gp} runnable. From a goroutine (or an M) holding a
     * P it goes to that P's runnext; from any other thread, to the global queue. Called
     * by the JDK's execute callback; never blocks.
     */
    void ready(G gp) {
        runqputCurrent(gp, true);
    }

    /**
     * A G that yielded ({@code gosched}) goes to the tail of the yielding M's local queue:
     * Go's {@code goyield}. Go's {@code Gosched} uses the global queue instead; the local
     * tail gives the same round-robin among the P's goroutines without global-queue
     * traffic, and keeps two yielding goroutines on one P strictly alternating even on
     * the 61st tick, when the global queue is served first (ADR 0003). The JDK calls
     * this on the M after the yield unmounted the G. {@link JdkPollers} readies its
     * system Gs here too: from an M they go to the tail of its P's queue, from any other
     * thread (the JDK's master poller) to the global queue.
     */
    void readyYielded(G gp) {
        runqputCurrent(gp, false);
    }

    /**
     * Queues {@code gp} on the P of the M this code runs on (the carrier of the calling
     * virtual thread, or the calling M itself), at runnext when {@code next}; on the
     * global queue when the caller is not one of our Ms holding a P. Then wakep.
     */
    private void runqputCurrent(G gp, boolean next) {
        M mp = currentM();
        if (mp != null && mp.batching && Thread.currentThread() == mp) {
            mp.injectBatch.add(gp); // the poller's batch (netpollInject)
            return;
        }
        if (mp != null && mp.usePBegin()) {
            boolean put = false;
            try {
                P pp = mp.p;
                if (pp != null) {
                    pp.runq.put(gp, next, globrunq);
                    put = true;
                }
            } finally {
                mp.usePEnd();
            }
            if (put) {
                wakep();
                return;
            }
        }
        globrunq.put(gp);
        wakep();
    }

    /**
     * Go's {@code wakep}: starts a spinning M when there is an idle P and no spinning M.
     * Conservative on purpose: at most one M is woken; a spinner that finds work wakes the
     * next ({@link #resetSpinning}). Any thread; never blocks. "gmp" mode only.
     */
    void wakep() {
        if (procs.npidle.get() == 0) {
            return;
        }
        if (nmspinning.get() != 0 || !nmspinning.compareAndSet(0, 1)) {
            return;
        }
        P pp = procs.pidleget();
        if (pp == null) {
            if (nmspinning.decrementAndGet() < 0) {
                throw new IllegalStateException("wakep: negative nmspinning");
            }
            return;
        }
        startm(pp, true);
    }

    /**
     * Go's {@code startm}: runs {@code pp} on an idle M, or a new one. With
     * {@code spinning}, the caller has already counted the M in {@code nmspinning}.
     */
    private void startm(P pp, boolean spinning) {
        M mp = mget();
        if (mp == null) {
            if (!newm(pp, spinning)) {
                // Thread exhaustion: the P stays idle (Go dies here).
                if (spinning) {
                    nmspinning.decrementAndGet();
                }
                procs.pidleput(pp);
            }
            return;
        }
        mp.spinning = spinning;
        mp.nextp = pp; // volatile: publishes spinning
        LockSupport.unpark(mp);
    }

    /**
     * Go's {@code newm}. The number of Ms stays bounded: a new M is made only when no M
     * is idle and a P is free for it, so Ms never outnumber the Ps by more than those
     * blocked inside a goroutine.
     */
    private boolean newm(P pp, boolean spinning) {
        int id = mcount.getAndIncrement();
        if (id >= maxMcount) {
            mcount.decrementAndGet();
            threadExhaustion();
            return false;
        }
        M mp = new M(this, id, pp, spinning);
        mp.start();
        return true;
    }

    /**
     * Go's {@code checkmcount} failing: prints Go's two lines to standard error (and
     * logs them), once per limit, and ends every running program with
     * {@link FatalError}. Go ends the process; here goroutines outside a program go on
     * with the Ms they have.
     */
    private void threadExhaustion() {
        if (exhausted) {
            return;
        }
        exhausted = true;
        String msg = "runtime: program exceeds " + maxMcount + "-thread limit\nfatal error: thread exhaustion";
        Diagnostics.print(log, Level.ERROR, msg); // Go's two lines, always on standard error
        programs.fatal(new FatalError(PanicMessages.THREAD_EXHAUSTION));
    }

    /**
     * Go's {@code debug.SetMaxThreads}: the most Ms, returns the previous limit. A limit
     * below the Ms already made stops new ones; it does not end any.
     *
     * @param n the new limit, at least 1
     * @return the previous limit
     */
    public int setMaxThreads(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("setMaxThreads(" + n + "): the thread limit must be at least 1");
        }
        int old = maxMcount;
        maxMcount = n;
        exhausted = false;
        return old;
    }

    private M mget() {
        M mp = midle.poll();
        if (mp != null) {
            nmidle.decrementAndGet();
        }
        return mp;
    }

    private void acquireP(M mp, P pp) {
        pp.status = PStatus.RUNNING;
        pp.m = mp;
        mp.p = pp;
        if (sysmon != null) {
            sysmon.wake(); // after npidle went down: see Sysmon's Dekker note
        }
    }

    private static void releaseP(M mp) {
        P pp = mp.p;
        pp.m = null;
        mp.p = null;
    }

    // ------------------------------------------------------------------ the M loop

    /** Go's {@code mstart}: the body of every M. Never returns. */
    void mstart(M mp) {
        P pp = mp.nextp;
        mp.nextp = null;
        acquireP(mp, pp);
        for (;;) {
            schedule(mp);
        }
    }

    /** Go's {@code schedule}: one round: find a runnable G and run it. */
    private void schedule(M mp) {
        G gp = findRunnable(mp);
        if (mp.spinning) {
            resetSpinning(mp);
        }
        P pp = mp.p;
        if (!mp.inheritTime) {
            pp.schedtick++;
        }
        mp.setCurg(gp);
        if (mp.preempt) {
            mp.preempt = false; // a read first: no fence on the usual path
        }
        if (ExecTracer.enabled()) {
            ExecTracer.goStart(mp.traceBuf, pp.id, gp.goid);
        }
        mp.releasePForG(); // from here sysmon may hand the P off (see M.pUse)
        try {
            gp.resume();
        } catch (Throwable t) {
            // A goroutine's own panics end inside its virtual thread; this is the JDK's
            // continuation machinery failing. Keep the M alive.
            Diagnostics.report(log, Level.ERROR, "goroutines: running " + gp + " failed on " + mp.getName(), t);
        }
        if (ExecTracer.enabled()) {
            ExecTracer.goStop(mp.traceBuf, pp.id, gp.goid, gp.status() == GStatus.DEAD);
        }
        mp.setCurg(null);
        if (mp.reclaimP()) {
            // Go's exitsyscall without a P: sysmon handed ours to another M while the
            // G ran. findRunnable finds mp.p null and parks this M.
            mp.spinning = false;
        }
    }

    /**
     * Go's {@code handoffp}, called by sysmon: takes {@code pp} from {@code mp}, whose G
     * is blocked where the runtime cannot unmount it (native code, file I/O, a pinned
     * monitor: Go's syscall) or has held it for two time slices without a safe point (a
     * loop), and gives it to another M, so that the rest of its queue runs.
     * {@code mp} keeps running its G without a P. Returns whether it did.
     */
    boolean handoff(P pp, M mp) {
        if (nmidle.get() == 0 && mcount.get() >= maxMcount) {
            threadExhaustion(); // Go's checkmcount, at the newm this handoff would need
            return false;
        }
        if (mp.p != pp || pp.m != mp || !mp.beginRetake()) {
            return false;
        }
        pp.m = null;
        mp.p = null;
        mp.finishRetake(); // only now may mp's loop, once its G stops, see the P gone
        counters.handoffs.increment();
        Trace.sched("handoff", mp.curg != null ? mp.curg.goid : 0, pp.id, mp.mid);
        if (ExecTracer.enabled()) {
            G running = mp.curg;
            ExecTracer.handoff(pp.id, running != null ? running.goid : 0, mp.mid);
        }
        if (!pp.runq.isEmpty() || !globrunq.isEmpty()) {
            startm(pp, false); // it has work: run it at once
            return true;
        }
        procs.pidleput(pp);
        long w = pp.timers.wakeTime();
        if (w != 0) {
            poller.wakeNetPoller(w);
        }
        return true;
    }

    /** Go's {@code resetspinning}. */
    private void resetSpinning(M mp) {
        mp.spinning = false;
        if (nmspinning.decrementAndGet() < 0) {
            throw new IllegalStateException("findRunnable: negative nmspinning");
        }
        wakep();
    }

    /**
     * Go's {@code findRunnable}: returns a G to run, blocking (parking the M) until there
     * is one. On return {@code mp} holds a live P and {@code mp.inheritTime} says whether
     * the G came from runnext.
     */
    private G findRunnable(M mp) {
        for (;;) {
            P pp = mp.p;
            if (pp == null) {
                stopm(mp);
                continue;
            }
            if (!procs.isLive(pp)) {
                destroyP(mp, pp);
                continue;
            }
            mp.inheritTime = false;
            // Run the timers that are due; they may ready Gs into this P (Go: checkTimers).
            pp.timers.check(0, true, mp.timerCheck, timerBudget(pp));
            G gp;
            // Check the global runnable queue once in a while to ensure fairness.
            // Otherwise two goroutines can completely occupy the local runqueue by
            // constantly respawning each other (Go's comment, proc.go).
            if (pp.schedtick % GLOBAL_QUEUE_TICK == 0 && !globrunq.isEmpty()) {
                gp = globrunqget(pp, 1);
                if (gp != null) {
                    pp.inheritRun = 0;
                    return gp;
                }
            }
            gp = pp.runq.pollRunnext();
            if (gp != null) {
                if (!timeSliceExpired(pp)) {
                    mp.inheritTime = true;
                    return gp;
                }
                // The runnext chain has held this P for a whole time slice: queue its G
                // behind the others (see timeSliceExpired).
                pp.runq.put(gp, false, globrunq);
            }
            pp.inheritRun = 0;
            gp = pp.runq.pollRing();
            if (gp != null) {
                return gp;
            }
            if (!globrunq.isEmpty()) {
                gp = globrunqget(pp, 0);
                if (gp != null) {
                    return gp;
                }
            }
            // Poll the network without blocking before stealing (Go: "Poll network. This
            // netpoll is only an optimization before we resort to stealing").
            if (poller.netpollUnwatched() && poller.netpoll(0, mp.netpollReady)) {
                gp = netpollInject(mp, pp, mp.netpollReady, true);
                if (gp != null) {
                    return gp;
                }
            }
            // Spinning Ms steal. Limit them to half the busy Ps, to keep CPU use in check
            // when GOMAXPROCS>>1 but the program parallelism is low (Go's comment).
            if (mp.spinning || 2 * nmspinning.get() < procs.gomaxprocs() - procs.npidle.get()) {
                if (!mp.spinning) {
                    mp.spinning = true;
                    nmspinning.incrementAndGet();
                }
                gp = stealWork(mp, pp);
                if (gp != null) {
                    return gp;
                }
            }
            // Nothing to do: give up the P, then re-check (see "No lost wakeups").
            releaseP(mp);
            procs.pidleput(pp);
            boolean wasSpinning = mp.spinning;
            if (wasSpinning) {
                mp.spinning = false;
                if (nmspinning.decrementAndGet() < 0) {
                    throw new IllegalStateException("findRunnable: negative nmspinning");
                }
            }
            if (!globrunq.isEmpty()) {
                P p2 = procs.pidleget();
                if (p2 != null) {
                    acquireP(mp, p2);
                    if (wasSpinning) {
                        mp.spinning = true;
                        nmspinning.incrementAndGet();
                    }
                    continue;
                }
            }
            if (wasSpinning) {
                P p2 = checkRunqsNoP();
                if (p2 != null) {
                    acquireP(mp, p2);
                    mp.spinning = true;
                    nmspinning.incrementAndGet();
                    continue;
                }
            }
            idlem(mp);
        }
    }

    /**
     * An M with no P and nothing to run: sleeps until the earliest timer as the poller
     * (Go's {@code netpoll(delay)} in findRunnable; {@link Poller#pollUntilDue}), or,
     * when there is no timer or another M already polls, parks on the idle list
     * ({@code stopm}). Returns holding a P.
     */
    private void idlem(M mp) {
        for (;;) {
            long until = poller.timersWakeTime();
            if (until == 0 && !poller.netpollWaiting()) {
                stopm(mp);
                return;
            }
            if (!poller.claim(mp)) {
                // make the poller wake by our earliest timer, or at once to poll the network
                poller.wakePollerBy(poller.netpollUnwatched() ? 1 : until);
                stopm(mp);
                return;
            }
            long now = poller.pollUntilDue(mp.netpollReady);
            poller.release();
            if (now < 0) {
                // Another M is inside a poll (a non-blocking one, in findRunnable, holding
                // a P): it and its P serve what that poll finds. Rescanning here would
                // spin; park instead.
                stopm(mp);
                return;
            }
            if (!mp.netpollReady.isEmpty()) {
                P pp = procs.pidleget();
                if (pp == null) {
                    PollDesc.wakeAll(mp.netpollReady); // no P: to the global queue, as Go's injectglist(nil P)
                    stopm(mp);
                    return;
                }
                acquireP(mp, pp);
                netpollInject(mp, pp, mp.netpollReady, false);
                if (poller.timersWakeTime() != 0 || poller.netpollWaiting()) {
                    wakep(); // hand the poller's role to another M while this one runs Gs
                }
                return;
            }
            if (now == 0) {
                continue; // woken early (an earlier timer, new I/O waiters, or spuriously): rescan
            }
            P pp = procs.pidleget();
            if (pp == null) {
                // Every P is busy, and each of their Ms runs its own timers at its next
                // schedule (and steals others'): as in Go, an M without a P does not run
                // timers; it goes idle.
                stopm(mp);
                return;
            }
            acquireP(mp, pp);
            int budget = timerBudget(pp);
            for (P p2 : procs.allp()) {
                p2.timers.check(now, p2 == pp, mp.timerCheck, budget);
            }
            if (poller.timersWakeTime() != 0) {
                wakep(); // hand the poller's role to another M while this one runs Gs
            }
            return;
        }
    }

    /**
     * Go's {@code netpoll} plus {@code injectglist}: polls without blocking and readies
     * what it finds as one batch. The Gs go to the global queue for each idle P (with an
     * M started for each) and the rest to {@code pp}'s queue; the first is returned to
     * run on {@code mp} at once when {@code takeOne}. Threads that are not goroutines are
     * unparked. {@code mp} holds {@code pp}; scheduler code only.
     */
    private G netpollInject(M mp, P pp, List<Object> ready, boolean takeOne) {
        if (ready.isEmpty()) {
            return null;
        }
        List<G> batch = mp.injectBatch;
        batch.clear();
        mp.batching = true;
        try {
            for (Object w : ready) {
                PollDesc.wake(w); // a G lands in G.execute -> ready -> the batch
            }
        } finally {
            mp.batching = false;
            ready.clear();
        }
        if (batch.isEmpty()) {
            return null;
        }
        G first = takeOne ? batch.remove(batch.size() - 1) : null;
        injectglist(batch, pp);
        batch.clear();
        return first;
    }

    /** Go's {@code injectglist}: as many Gs as idle Ps to the global queue, with Ms started; the rest to {@code pp}. */
    private void injectglist(List<G> gs, P pp) {
        int n = gs.size();
        if (n == 0) {
            return;
        }
        int toGlobal = pp == null ? n : Math.min(n, procs.npidle.get());
        for (int i = 0; i < toGlobal; i++) {
            globrunq.put(gs.get(i));
        }
        if (toGlobal < n) {
            pp.runq.putBatch(gs, toGlobal, globrunq); // what does not fit: global, in order
        }
        for (int i = 0; i < toGlobal; i++) {
            P idle = procs.pidleget();
            if (idle == null) {
                break;
            }
            startm(idle, false);
        }
    }

    /**
     * How many timers a schedule may run on its own P: up to half a local queue's worth,
     * less what is queued already, and at least one. Go runs every due timer at once;
     * its goroutines cost 2 KiB of recycled stack. Here a timer whose function starts a
     * goroutine (afterFunc) makes a virtual thread of several hundred bytes that lives
     * until it runs, and a burst of a million due timers ({@code MillionTimers}) would
     * make all of them before running any: the GC then copies them all. With the budget,
     * once the P has a backlog its timers fire at the rate its goroutines complete.
     * Timers stay in {@code when} order, and the heap is still drained at every
     * schedule, so a timer is late only by the backlog ahead of it.
     */
    private static int timerBudget(P pp) {
        return Math.max(1, RunQueue.SIZE / 2 - pp.runq.size());
    }

    /**
     * Whether the Gs this P has been taking from runnext, one after the other, have used
     * up a time slice ({@code Sysmon.FORCE_PREEMPT_NS}, Go's {@code forcePreemptNS}, 10 ms). Go lets such a chain inherit
     * the time slice (two goroutines handing a channel back and forth); sysmon then sees
     * the P's {@code schedtick} stand still for 10 ms and preempts the running G, which
     * lets the rest of the local queue run. Sysmon does that here too ({@code Sysmon}'s
     * retake: a runnext G does not advance {@code schedtick}), but its request is
     * honoured only at a safe point; so the same decision is also taken here, when the
     * chain next schedules: the runnext G goes to the tail of the local queue instead.
     * The clock is read at the chain's second G and then every 64th, so a ping-pong pays
     * a clock read per 64 switches.
     */
    private static boolean timeSliceExpired(P pp) {
        int run = ++pp.inheritRun;
        if (run == 1) {
            return false;
        }
        if (run == 2) {
            pp.sliceStart = System.nanoTime();
            return false;
        }
        if ((run & 63) != 0) {
            return false;
        }
        return System.nanoTime() - pp.sliceStart > Sysmon.FORCE_PREEMPT_NS;
    }

    /**
     * Go's {@code stealWork}: four rounds over all other non-idle Ps in a random order,
     * stealing half of a victim's queue; the last round may take runnext.
     */
    private G stealWork(M mp, P pp) {
        ProcSet.Procs ps = procs.current();
        P[] allp = ps.allp();
        StealOrder order = ps.order();
        for (int i = 0; i < STEAL_TRIES; i++) {
            boolean stealRunNext = i == STEAL_TRIES - 1;
            int r = mp.cheaprand();
            int pos = order.start(r);
            int inc = order.stride(r);
            for (int k = 0; k < order.count; k++, pos = (pos + inc) % order.count) {
                P p2 = allp[pos];
                if (p2 == pp) {
                    continue;
                }
                if (stealRunNext) {
                    // Go: "steal timers from p2" on the last round, idle Ps included:
                    // their timers fire into our P.
                    p2.timers.check(0, false, mp.timerCheck, timerBudget(pp));
                    if (mp.timerCheck.ran) {
                        G gp = pp.runq.pollRunnext();
                        if (gp == null) {
                            gp = pp.runq.pollRing();
                        }
                        if (gp != null) {
                            return gp;
                        }
                    }
                }
                PStatus st = p2.status;
                if (st == PStatus.IDLE) {
                    continue; // Go's idlepMask: an idle P has nothing to steal
                }
                G gp = pp.runq.steal(p2.runq, stealRunNext, st == PStatus.RUNNING);
                if (gp != null) {
                    counters.steals.increment();
                    Trace.sched("steal", gp.goid, pp.id, p2.id);
                    return gp;
                }
            }
        }
        return null;
    }

    /** Go's {@code checkRunqsNoP}: an idle P to take when some P has queued work. */
    private P checkRunqsNoP() {
        for (P p2 : procs.allp()) {
            if (!p2.runq.isEmpty()) {
                return procs.pidleget();
            }
        }
        return null;
    }

    /**
     * Go's {@code globrunqget}: takes a G from the global queue and moves a fair share
     * more ({@code size/gomaxprocs + 1}, at most {@code max} when positive, at most half
     * a local queue) into {@code pp}'s local queue. Holder of {@code pp} only.
     */
    private G globrunqget(P pp, int max) {
        int size = Math.max(1, globrunq.size());
        int n = size / procs.gomaxprocs() + 1;
        n = Math.min(n, size);
        if (max > 0) {
            n = Math.min(n, max);
        }
        n = Math.min(n, RunQueue.SIZE / 2);
        G gp = globrunq.poll();
        if (gp == null) {
            return null;
        }
        for (n--; n > 0; n--) {
            G g1 = globrunq.poll();
            if (g1 == null) {
                break;
            }
            pp.runq.put(g1, false, globrunq);
        }
        return gp;
    }

    /** Go's {@code stopm}: parks the M on the idle list until {@link #startm} hands it a P. */
    private void stopm(M mp) {
        midle.offer(mp);
        nmidle.incrementAndGet();
        P pp;
        while ((pp = mp.nextp) == null) {
            LockSupport.park(this);
            Thread.interrupted(); // nobody interrupts an M; never let it spin
        }
        mp.nextp = null;
        acquireP(mp, pp);
    }

    /** The holder of a P that GOMAXPROCS removed: moves its Gs to the global queue. */
    private void destroyP(M mp, P pp) {
        pp.runq.drainTo(globrunq);
        procs.moveTimers(pp);
        pp.status = PStatus.DEAD;
        releaseP(mp);
        if (mp.spinning) {
            mp.spinning = false;
            nmspinning.decrementAndGet();
        }
        P np = procs.pidleget();
        if (np != null) {
            acquireP(mp, np);
        }
        wakep();
    }
}
