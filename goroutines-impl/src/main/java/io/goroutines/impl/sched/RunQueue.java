package io.goroutines.impl.sched;

import java.util.List;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.locks.LockSupport;

/**
 * A P's local run queue: Go's {@code p.runq}, {@code p.runqhead},
 * {@code p.runqtail} and {@code p.runnext} (runtime/runtime2.go) with
 * {@code runqput}, {@code runqget}, {@code runqgrab} and {@code runqsteal}
 * (runtime/proc.go).
 *
 * <h2>Implementation overview</h2>
 * A 256-slot ring (Go's {@code [256]guintptr}) that is single-producer,
 * multi-consumer: only the owner of the P puts (at {@code tail}), while the owner
 * and thieves take (at {@code head}, by CAS). The owner is whichever code runs on
 * the M that holds the P: the M's scheduling loop, or the goroutine mounted on that
 * M (Go's {@code ready} puts into the current P from inside the goroutine). The two
 * never run at once because they share one OS thread.
 *
 * <p>{@code runnext} is a one-G slot ahead of the ring: a G readied by the running G
 * goes there and runs next, inheriting the time slice, so that a ping-pong of two
 * goroutines stays on one P. The owner and thieves update it by CAS.
 *
 * <h2>Memory order (as in Go)</h2>
 * <ul>
 *   <li>{@code tail}: written only by the owner with a release store after the slot
 *       is written; thieves read it with acquire, which makes the slots below it
 *       visible.</li>
 *   <li>{@code head}: read with acquire, advanced by CAS (volatile). A consumer reads
 *       slots with plain loads <em>before</em> its CAS; the read may race with the
 *       owner reusing the slot, but then the CAS fails (the owner only reuses a slot
 *       after head has moved past it) and the value is discarded.</li>
 *   <li>Ring slots are never cleared by consumers (a consumer cannot know whether the
 *       owner already reused the slot); a consumed G stays referenced until its slot
 *       is overwritten, at most 256 Gs per P.</li>
 * </ul>
 * Indices are ints that wrap around, like Go's uint32s: {@code tail - head} is the
 * length as long as it stays below 2^31.
 */
final class RunQueue {

    /** Go's {@code len(p.runq)} (runtime2.go): 256 slots. */
    static final int SIZE = 256;
    private static final int MASK = SIZE - 1;
    /**
     * How long a thief waits before taking {@code runnext} from a running P, so that
     * P can schedule it first. Go's runqgrab: {@code usleep(3)}.
     */
    private static final long RUNNEXT_STEAL_DELAY_NANOS = 3_000;

    private final G[] ring = new G[SIZE];
    /** Next slot to take; CAS by owner and thieves. */
    @SuppressWarnings("unused")
    private volatile int head;
    /** Next slot to fill; written by the owner only. */
    @SuppressWarnings("unused")
    private volatile int tail;
    /** The G to run next, or null; CAS by owner and thieves. */
    @SuppressWarnings("unused")
    private volatile G runnext;

    // ---- accessors (JCTools' naming: lv = volatile load, la = acquire load,
    //      lp = plain load, so = release store, sp = plain store) ----

    private int laHead() {
        return (int) HEAD.getAcquire(this);
    }

    private boolean casHead(int expect, int update) {
        return HEAD.compareAndSet(this, expect, update);
    }

    private int lpTail() {
        return (int) TAIL.get(this);
    }

    private int laTail() {
        return (int) TAIL.getAcquire(this);
    }

    private void soTail(int v) {
        TAIL.setRelease(this, v);
    }

    /** Whether runnext is empty (racy). Any thread. */
    boolean runnextEmpty() {
        return runnext == null;
    }

    private G lvRunnext() {
        return runnext;
    }

    private boolean casRunnext(G expect, G update) {
        return RUNNEXT.compareAndSet(this, expect, update);
    }

    private G lpElement(int index) {
        return ring[index & MASK];
    }

    private void spElement(int index, G gp) {
        ring[index & MASK] = gp;
    }

    // ---- Go's runq functions ----

    /**
     * Go's {@code runqput}: puts {@code gp} in the queue; with {@code next}, in the
     * {@code runnext} slot, kicking the previous occupant to the tail. When the ring is
     * full, moves half of it and {@code gp} to the global queue. Owner only.
     */
    void put(G gp, boolean next, GlobalRunQueue global) {
        if (next) {
            G old;
            do {
                old = lvRunnext();
            } while (!casRunnext(old, gp));
            if (old == null) {
                return;
            }
            gp = old; // kick the old runnext to the regular queue
        }
        for (;;) {
            int h = laHead(); // acquire: synchronize with consumers
            int t = lpTail();
            if (t - h < SIZE) {
                spElement(t, gp);
                soTail(t + 1); // release: makes the slot available for consumption
                return;
            }
            if (putSlow(gp, h, t, global)) {
                return;
            }
            // the queue is not full any more: a consumer took something; retry
        }
    }

    /**
     * Go's {@code runqputbatch}: puts {@code gs[from..]} in order at the tail, as many as
     * the ring has room for, with one release store; the rest, in order, goes to the
     * global queue. Unlike {@link #put} a batch never moves half of the ring out: the
     * poller's batches then keep their order (the oldest ready first), which bounds how
     * long a readied G waits. Owner only.
     */
    void putBatch(List<G> gs, int from, GlobalRunQueue global) {
        int h = laHead(); // acquire: a slot below head may be reused
        int t = lpTail();
        int n = gs.size();
        int i = from;
        while (i < n && t - h < SIZE) {
            spElement(t++, gs.get(i++));
        }
        soTail(t); // release: publishes every slot written above
        for (; i < n; i++) {
            global.put(gs.get(i));
        }
    }

    /**
     * Go's {@code runqputslow}: moves {@code gp} and half of the full ring to the global
     * queue in one batch. Fails when a consumer moved {@code head} meanwhile. Owner only.
     */
    private boolean putSlow(G gp, int h, int t, GlobalRunQueue global) {
        int n = (t - h) / 2;
        if (n != SIZE / 2) {
            throw new IllegalStateException("runqputslow: queue is not full");
        }
        G[] batch = new G[n + 1];
        for (int i = 0; i < n; i++) {
            batch[i] = lpElement(h + i);
        }
        if (!casHead(h, h + n)) {
            return false;
        }
        batch[n] = gp;
        global.putBatch(batch, n + 1);
        return true;
    }

    /**
     * Go's {@code runqget}, runnext half: takes the {@code runnext} G, or null. A G
     * taken from here inherits the time slice. Owner only.
     */
    G pollRunnext() {
        G next = lvRunnext();
        if (next != null && casRunnext(next, null)) {
            return next;
        }
        return null;
    }

    /** Go's {@code runqget}, ring half: takes the G at the head, or null. Owner only. */
    G pollRing() {
        for (;;) {
            int h = laHead(); // acquire: synchronize with other consumers
            int t = lpTail();
            if (t == h) {
                return null;
            }
            G gp = lpElement(h);
            if (casHead(h, h + 1)) { // a release: commits the consume
                return gp;
            }
        }
    }

    /**
     * Go's {@code runqgrab}: copies about half of this (victim) queue into
     * {@code batch} starting at {@code batchHead}, and returns how many. When the ring
     * is empty and {@code stealRunNext}, takes {@code runnext} instead, after giving a
     * running victim a moment to schedule it itself. Any thread.
     */
    private int grab(G[] batch, int batchHead, boolean stealRunNext, boolean victimRunning) {
        for (;;) {
            int h = laHead();
            int t = laTail();
            int n = t - h;
            n = n - n / 2;
            if (n == 0) {
                if (stealRunNext) {
                    G next = lvRunnext();
                    if (next != null) {
                        if (victimRunning) {
                            // Sleep to ensure that the victim isn't about to run the G we
                            // are about to steal: the common case is a goroutine readying
                            // another and then blocking, and stealing would only bounce the
                            // pair between Ps (Go's comment). Go calls usleep(3), which Linux
                            // rounds up to its timer slack (~50µs); parkNanos does the same.
                            LockSupport.parkNanos(RUNNEXT_STEAL_DELAY_NANOS);
                        }
                        if (!casRunnext(next, null)) {
                            continue;
                        }
                        batch[batchHead & MASK] = next;
                        return 1;
                    }
                }
                return 0;
            }
            if (n > SIZE / 2) {
                continue; // read an inconsistent head and tail: retry
            }
            for (int i = 0; i < n; i++) {
                batch[(batchHead + i) & MASK] = lpElement(h + i);
            }
            if (casHead(h, h + n)) {
                return n;
            }
        }
    }

    /**
     * Go's {@code runqsteal}: steals half of {@code victim}'s Gs into this queue and
     * returns one of them to run, or null. Owner of this queue only, and only when this
     * queue is empty (as in Go, findRunnable steals only after runqget failed).
     */
    G steal(RunQueue victim, boolean stealRunNext, boolean victimRunning) {
        int t = lpTail();
        int n = victim.grab(ring, t, stealRunNext, victimRunning);
        if (n == 0) {
            return null;
        }
        n--;
        G gp = lpElement(t + n);
        if (n == 0) {
            return gp;
        }
        int h = laHead();
        if (t - h + n >= SIZE) {
            throw new IllegalStateException("runqsteal: runq overflow");
        }
        soTail(t + n);
        return gp;
    }

    /**
     * Go's {@code runqempty}: true when there is no G in the ring nor in runnext. Reads
     * head, tail and runnext consistently: retries when tail moved meanwhile. Any thread.
     */
    boolean isEmpty() {
        for (;;) {
            int h = laHead();
            int t = laTail();
            G next = lvRunnext();
            if (t == laTail()) {
                return h == t && next == null;
            }
        }
    }

    /** Gs in the ring (not counting runnext), racy: for statistics. Any thread. */
    int size() {
        int n = laTail() - laHead();
        return Math.max(0, Math.min(n, SIZE));
    }

    /**
     * Moves every G of this queue, runnext first, to {@code global}. Used when the P is
     * destroyed by a GOMAXPROCS decrease. Owner only.
     */
    void drainTo(GlobalRunQueue global) {
        G next = pollRunnext();
        if (next != null) {
            global.put(next);
        }
        G gp;
        while ((gp = pollRing()) != null) {
            global.put(gp);
        }
    }

    private static final VarHandle HEAD;
    private static final VarHandle TAIL;
    private static final VarHandle RUNNEXT;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            HEAD = l.findVarHandle(RunQueue.class, "head", int.class);
            TAIL = l.findVarHandle(RunQueue.class, "tail", int.class);
            RUNNEXT = l.findVarHandle(RunQueue.class, "runnext", G.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
