package io.goroutines.impl.sched;


import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;

/**
 * One P's timers: Go's {@code timers} (runtime/time.go): a 4-ary min-heap ordered by
 * {@code when}, with {@code addHeap}, {@code deleteMin}, {@code siftUp},
 * {@code siftDown}, {@code initHeap}, {@code cleanHead}, {@code adjust}, {@code check},
 * {@code run}, {@code wakeTime} and {@code take}.
 *
 * <h2>Implementation overview</h2>
 * The heap is two parallel arrays, {@code whens} and {@code timers} (Go's
 * {@code []timerWhen}), so that sifting compares longs without touching the timers.
 * An entry's {@code when} may be stale: a timer that was reset or stopped is only
 * marked (MODIFIED, ZOMBIE; see {@link RuntimeTimer}), and fixed when it reaches the
 * top ({@link #cleanHead}, {@link #run}) or in a sweep ({@link #adjust}) that runs when
 * the earliest modified time is due, or when zombies exceed a quarter of the heap.
 * The scheduler calls {@link #check} on its own P's heap at every schedule, on other
 * Ps' heaps when it is about to steal, and on all heaps from the M that sleeps until
 * the earliest timer (Go's netpoller M; see {@code Poller}).
 *
 * <h2>Locks and racy fields</h2>
 * {@code mu} (a {@link SpinLock} word) guards the arrays, {@code len} and
 * {@code dead}. Lock order: the heap's lock before any of its timers' locks; a channel's
 * lock may be held when it is taken (a receive blocking on a timer channel adds the
 * timer). {@link #check} and {@link #run} release {@code mu} while a timer function
 * runs. Read without the lock: {@code minWhenHeap} and {@code minWhenModified} (their
 * minimum is {@link #wakeTime}, which decides whether to lock at all, or how long an
 * idle M may sleep), {@code zombies} and {@code len} (the sweep heuristic). They are
 * volatile; the ordering argument that keeps {@code wakeTime} from ever reading late is
 * Go's, in {@link #adjust}.
 */
final class Timers {

    /** Go's {@code timerHeapN}: the heap's arity. */
    private static final int HEAP_N = 4;
    private static final int INITIAL_CAPACITY = 16;
    /** Shrink the arrays when they are this many times larger than needed (and big). */
    private static final int SHRINK_FACTOR = 4;
    private static final int SHRINK_MIN_CAPACITY = 1024;
    /** Sweep zombies at add time only above this size (see {@link #sweepIfManyZombies}). */
    private static final int SWEEP_ON_ADD_MIN = 64;
    /**
     * Heap entry k is at array index k + BASE. With BASE = 1 the four children of an
     * entry (4k+1 .. 4k+4, at indices 4k+2 .. 4k+5) start 32-byte aligned in the
     * {@code long[]} of whens (16-byte array header), so a sift compares the children in
     * one cache line, as Go's 16-byte {@code timerWhen} entries do. Large heaps are
     * humongous G1 objects, which start at a region boundary.
     */
    private static final int BASE = 1;

    @SuppressWarnings("unused")
    private volatile int mu;
    private long[] whens = new long[INITIAL_CAPACITY];
    private RuntimeTimer[] timers = new RuntimeTimer[INITIAL_CAPACITY];
    /** Heap size; under mu, published for racy readers. */
    private volatile int len;
    /** Retired by a GOMAXPROCS shrink; its timers were moved away. Under mu. */
    private boolean dead;
    /** Timers in the heap marked ZOMBIE. */
    @SuppressWarnings("unused")
    private volatile int zombies;
    /** Go's {@code minWhenHeap}: the top entry's when, or 0 when empty. */
    private volatile long minWhenHeap;
    /** Go's {@code minWhenModified}: a lower bound of the MODIFIED timers' new whens, or 0. */
    @SuppressWarnings("unused")
    private volatile long minWhenModified;

    /** An empty heap: each P has one. */
    Timers() {
    }

    // ---------------------------------------------------------------- lock and racy reads

    void lock() {
        SpinLock.lock(MU, this);
    }

    void unlock() {
        SpinLock.unlock(MU, this);
    }

    boolean isDead() {
        return dead;
    }

    /** {@return the number of timers in the heap, zombies included (racy)} */
    int size() {
        return len;
    }

    void addZombies(int delta) {
        ZOMBIES.getAndAdd(this, delta);
    }

    long lvMinWhenModified() {
        return minWhenModified;
    }

    /** Go's {@code updateMinWhenModified}: lowers minWhenModified to at most {@code when}. Any thread. */
    void updateMinWhenModified(long when) {
        for (;;) {
            long old = minWhenModified;
            if (old != 0 && old < when) {
                return;
            }
            if (MIN_WHEN_MODIFIED.compareAndSet(this, old, when)) {
                return;
            }
        }
    }

    /**
     * Go's {@code wakeTime}: when this heap next needs attention (its earliest timer, or
     * the earliest modified one), or 0 if never. Racy; never later than the truth.
     * minWhenModified is read first: see {@link #adjust}.
     *
     * @return the earliest time a timer of this heap may need to run, or 0
     */
    long wakeTime() {
        long nextWhen = minWhenModified;
        long w = minWhenHeap;
        if (w == 0 || (nextWhen != 0 && nextWhen < w)) {
            w = nextWhen;
        }
        return w;
    }

    // ---------------------------------------------------------------- the heap, mu held

    /** Go's {@code addHeap}: {@code t} is locked and not in any heap. */
    void addHeap(RuntimeTimer t) {
        if (t.ts != null) {
            throw new IllegalStateException("timer already in a heap");
        }
        int n = len;
        if (n + BASE == whens.length) {
            int cap = n * 2;
            whens = Arrays.copyOf(whens, cap);
            timers = Arrays.copyOf(timers, cap);
        }
        t.ts = this;
        whens[n + BASE] = t.when;
        timers[n + BASE] = t;
        len = n + 1;
        siftUp(n);
        if (timers[BASE] == t) {
            updateMinWhenHeap();
        }
    }

    /** Go's {@code deleteMin}: removes the top entry, whose timer is locked. */
    void deleteMin() {
        RuntimeTimer t = timers[BASE];
        t.ts = null;
        int last = len - 1;
        if (last > 0) {
            whens[BASE] = whens[last + BASE];
            timers[BASE] = timers[last + BASE];
        }
        timers[last + BASE] = null;
        whens[last + BASE] = 0;
        len = last;
        if (last > 0) {
            siftDown(0);
        }
        updateMinWhenHeap();
        if (last == 0) {
            minWhenModified = 0; // no timers, so no modified timers
        }
        maybeShrink();
    }

    /** The top timer's new {@code when} (it was MODIFIED): fix its entry and sift it down. */
    void replaceMinWhen(long when) {
        whens[BASE] = when;
        siftDown(0);
        updateMinWhenHeap();
    }

    private void updateMinWhenHeap() {
        minWhenHeap = len == 0 ? 0 : whens[BASE];
    }

    private void siftUp(int i) {
        long[] w = whens;
        RuntimeTimer[] ts = timers;
        long when = w[i + BASE];
        RuntimeTimer t = ts[i + BASE];
        while (i > 0) {
            int p = (i - 1) / HEAP_N;
            if (when >= w[p + BASE]) {
                break;
            }
            w[i + BASE] = w[p + BASE];
            ts[i + BASE] = ts[p + BASE];
            i = p;
        }
        w[i + BASE] = when;
        ts[i + BASE] = t;
    }

    private void siftDown(int i) {
        long[] w = whens;
        RuntimeTimer[] ts = timers;
        int n = len;
        if (i * HEAP_N + 1 >= n) {
            return;
        }
        long when = w[i + BASE];
        RuntimeTimer t = ts[i + BASE];
        for (;;) {
            int left = i * HEAP_N + 1;
            if (left >= n) {
                break;
            }
            long min = when;
            int c = -1;
            int end = Math.min(left + HEAP_N, n);
            for (int j = left; j < end; j++) {
                long wj = w[j + BASE];
                if (wj < min) {
                    min = wj;
                    c = j;
                }
            }
            if (c < 0) {
                break;
            }
            w[i + BASE] = min;
            ts[i + BASE] = ts[c + BASE];
            i = c;
        }
        w[i + BASE] = when;
        ts[i + BASE] = t;
    }

    /** Go's {@code initHeap}: restores heap order in O(n). */
    private void initHeap() {
        if (len <= 1) {
            return;
        }
        for (int i = (len - 2) / HEAP_N; i >= 0; i--) {
            siftDown(i);
        }
    }

    /** Gives memory back after a mass removal, so that a storm of timers does not pin it. */
    private void maybeShrink() {
        int cap = whens.length;
        if (cap >= SHRINK_MIN_CAPACITY && (len + BASE) * SHRINK_FACTOR < cap) {
            int n = Math.max(INITIAL_CAPACITY, cap / 2);
            whens = Arrays.copyOf(whens, n);
            timers = Arrays.copyOf(timers, n);
        }
    }

    /**
     * Go's {@code cleanHead}: removes zombies from the tail and fixes the top entry until
     * the top is a live timer with an accurate {@code when}; speeds up programs that
     * create and stop many timers.
     */
    void cleanHead() {
        for (;;) {
            int n = len;
            if (n == 0) {
                return;
            }
            RuntimeTimer last = timers[n - 1 + BASE];
            if ((last.lvAstate() & RuntimeTimer.ZOMBIE) != 0) {
                // Deleting from the tail needs no sifting, and makes it likelier that a
                // zombie at the top is swapped for a live timer.
                last.lock();
                if ((last.state & RuntimeTimer.ZOMBIE) != 0) {
                    last.state &= ~(RuntimeTimer.HEAPED | RuntimeTimer.ZOMBIE | RuntimeTimer.MODIFIED);
                    last.ts = null;
                    addZombies(-1);
                    timers[n - 1 + BASE] = null;
                    whens[n - 1 + BASE] = 0;
                    len = n - 1;
                    if (n - 1 == 0) {
                        updateMinWhenHeap();
                        minWhenModified = 0;
                    }
                }
                last.unlock();
                continue;
            }
            RuntimeTimer t = timers[BASE];
            if ((t.lvAstate() & (RuntimeTimer.MODIFIED | RuntimeTimer.ZOMBIE)) == 0) {
                return;
            }
            t.lock();
            boolean updated = t.updateHeap();
            t.unlock();
            if (!updated) {
                return;
            }
        }
    }

    /**
     * Removes zombies when they are more than a quarter of a large heap. Go does this in
     * {@code check} on the local P; a goroutine that adds and stops timers in a loop
     * without ever parking would keep the scheduler from running {@code check}, and Go
     * relies on preemption there. Doing it at add time bounds the heap at 4/3 of its
     * live timers, at amortized O(1) per add. mu held.
     */
    void sweepIfManyZombies() {
        int n = len;
        if (n >= SWEEP_ON_ADD_MIN && zombies > n / 4) {
            adjust(Nanotime.now(), true);
        }
    }

    /**
     * Go's {@code adjust}: when the earliest modified timer is due (or {@code force}),
     * one pass over the heap fixes every MODIFIED entry and drops every ZOMBIE, then
     * re-heapifies. mu held.
     *
     * <p>Keeping {@link #wakeTime} never late during the pass (Go's argument): first
     * lower minWhenHeap to the current wakeTime, then clear minWhenModified (a concurrent
     * {@code modify} may lower it again, and its MODIFIED bit is already visible in the
     * timer's {@code astate}, so the pass sees it), then scan, then set minWhenHeap
     * exactly. {@code wakeTime} reads minWhenModified before minWhenHeap, so a reader
     * that sees the cleared value also sees the lowered minWhenHeap.
     */
    void adjust(long now, boolean force) {
        if (!force) {
            long first = minWhenModified;
            if (first == 0 || first > now) {
                return;
            }
        }
        minWhenHeap = wakeTime();
        minWhenModified = 0;
        boolean changed = false;
        for (int i = 0; i < len; i++) {
            RuntimeTimer t = timers[i + BASE];
            if ((t.lvAstate() & (RuntimeTimer.MODIFIED | RuntimeTimer.ZOMBIE)) == 0) {
                continue;
            }
            t.lock();
            if ((t.state & RuntimeTimer.ZOMBIE) != 0) {
                addZombies(-1);
                t.state &= ~(RuntimeTimer.HEAPED | RuntimeTimer.ZOMBIE | RuntimeTimer.MODIFIED);
                t.ts = null;
                int n = len - 1;
                whens[i + BASE] = whens[n + BASE];
                timers[i + BASE] = timers[n + BASE];
                whens[n + BASE] = 0;
                timers[n + BASE] = null;
                len = n;
                i--;
                changed = true;
            } else if ((t.state & RuntimeTimer.MODIFIED) != 0) {
                whens[i + BASE] = t.when;
                t.state &= ~RuntimeTimer.MODIFIED;
                changed = true;
            }
            t.unlock();
        }
        if (changed) {
            initHeap();
        }
        updateMinWhenHeap();
        maybeShrink();
    }

    // ---------------------------------------------------------------- running

    /**
     * Go's {@code timers.check}: runs every timer that is due at {@code now} (0: read
     * the clock when needed). Returns when the next timer is due, 0 if none; {@code out}
     * gets the clock reading used and whether a timer ran. Any thread; takes the lock
     * only when something is due, or when {@code local} and zombies abound.
     *
     * @param now   the clock reading to run timers against, or 0 to read the clock
     * @param local whether the caller holds this heap's P (only it sweeps zombies, to
     *              keep other Ms off this lock)
     * @param out   where the clock reading used and whether a timer ran are reported
     * @return when the next timer is due, or 0 if none
     */
    long check(long now, boolean local, CheckResult out) {
        return check(now, local, out, Integer.MAX_VALUE);
    }

    /**
     * {@link #check(long, boolean, CheckResult)}, running at most {@code maxRuns} timers;
     * when it stops with timers still due it returns {@code now}. The scheduler passes a
     * budget so that timers which start or ready goroutines fire no faster than its P
     * runs them (see {@code Sched.findRunnable}).
     *
     * @param now     the clock reading to run timers against, or 0 to read the clock
     * @param local   whether the caller holds this heap's P
     * @param out     where the clock reading used and whether a timer ran are reported
     * @param maxRuns the most timers to run
     * @return when the next timer is due ({@code now} when some are still due), or 0 if none
     */
    long check(long now, boolean local, CheckResult out, int maxRuns) {
        long next = wakeTime();
        out.ran = false;
        if (next == 0) {
            out.now = now;
            return 0;
        }
        if (now == 0) {
            now = Nanotime.now();
        }
        out.now = now;
        boolean force = local && zombies > len / 4;
        if (now < next && !force) {
            return next;
        }
        long pollUntil = 0;
        lock();
        try {
            if (len > 0) {
                adjust(now, false);
                for (int runs = 0; len > 0; runs++) {
                    if (runs == maxRuns) {
                        pollUntil = now; // more are due: the caller comes back for them
                        break;
                    }
                    long tw = run(now);
                    if (tw != 0) {
                        if (tw > 0) {
                            pollUntil = tw;
                        }
                        break;
                    }
                    out.ran = true;
                }
                if (local && zombies > len / 4) {
                    adjust(now, true);
                }
            }
        } finally {
            unlock();
        }
        return pollUntil;
    }

    /** Results of {@link #check} besides the next wake time: the clock it used, and whether it ran a timer. */
    static final class CheckResult {
        /** The clock reading the check used. */
        long now;
        /** Whether the check ran a timer. */
        boolean ran;

        /** An empty result; a caller reuses one across checks. */
        CheckResult() {
        }
    }

    /**
     * Go's {@code timers.run}: looks at the top timer; runs it if due. Returns 0 when it
     * ran one, -1 when the heap is empty, else the top's {@code when}. mu held; released
     * while the timer function runs.
     */
    private long run(long now) {
        for (;;) {
            if (len == 0) {
                return -1;
            }
            RuntimeTimer t = timers[BASE];
            long tw = whens[BASE];
            if ((t.lvAstate() & (RuntimeTimer.MODIFIED | RuntimeTimer.ZOMBIE)) == 0 && tw > now) {
                return tw; // fast path: not yet
            }
            t.lock();
            if (t.updateHeap()) {
                t.unlock();
                continue;
            }
            if (t.when > now) {
                t.unlock();
                return t.when;
            }
            t.unlockAndRun(now, this);
            return 0;
        }
    }

    /**
     * Go's {@code timers.take}: moves every live timer of {@code src} (a heap whose P
     * GOMAXPROCS retired) into this one, drops its zombies, and marks {@code src} dead so
     * that nothing is added to it again. Lock order: {@code src} (dead) before this
     * (live); a live heap is never a source, so two moves cannot deadlock.
     *
     * @param src the dead P's heap
     */
    void take(Timers src) {
        src.lock();
        try {
            lock();
            try {
                for (int i = 0; i < src.len; i++) {
                    RuntimeTimer t = src.timers[i + BASE];
                    t.lock();
                    t.ts = null;
                    if ((t.state & RuntimeTimer.ZOMBIE) != 0) {
                        t.state &= ~(RuntimeTimer.HEAPED | RuntimeTimer.ZOMBIE | RuntimeTimer.MODIFIED);
                    } else {
                        t.state &= ~RuntimeTimer.MODIFIED;
                        addHeap(t);
                    }
                    t.unlock();
                }
            } finally {
                unlock();
            }
            src.whens = new long[INITIAL_CAPACITY];
            src.timers = new RuntimeTimer[INITIAL_CAPACITY];
            src.len = 0;
            src.zombies = 0;
            src.minWhenHeap = 0;
            src.minWhenModified = 0;
            src.dead = true;
        } finally {
            src.unlock();
        }
    }

    private static final VarHandle MU;
    private static final VarHandle ZOMBIES;
    private static final VarHandle MIN_WHEN_MODIFIED;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            MU = l.findVarHandle(Timers.class, "mu", int.class);
            ZOMBIES = l.findVarHandle(Timers.class, "zombies", int.class);
            MIN_WHEN_MODIFIED = l.findVarHandle(Timers.class, "minWhenModified", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
