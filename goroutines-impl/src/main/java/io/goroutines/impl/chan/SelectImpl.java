package io.goroutines.impl.chan;

import io.goroutines.Panic;
import io.goroutines.RecvChan;
import io.goroutines.SendChan;
import io.goroutines.impl.panic.PanicMessages;
import io.goroutines.impl.sched.Sched;
import io.goroutines.impl.sched.WaitReason;
import io.goroutines.spi.SelectSpi;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One select statement: Go's {@code selectgo} (runtime/select.go), with
 * {@code sellock}, {@code selunlock} and the three passes.
 *
 * <h2>Implementation overview</h2>
 * <ol>
 *   <li>A random poll order over the cases with a channel (Go's {@code pollorder}, a
 *       Fisher-Yates shuffle per run), and a lock order by channel id, computed once
 *       since a {@code Select}'s channels never change (Go sorts each time); cases on
 *       the same channel are shuffled among themselves each run, as Go's unstable sort
 *       leaves them.</li>
 *   <li>Lock every distinct channel in lock order. Pass 1: in poll order, the first case
 *       that can proceed now does (a parked peer, buffer room or data, a close). Else the
 *       default case, if any.</li>
 *   <li>Pass 2: enqueue one sudog per case, all sharing one {@link SelectState}, unlock,
 *       park. A waker that dequeues one of them must win the state's CAS; it completes
 *       that case's communication and names its sudog as the winner.</li>
 *   <li>Pass 3: lock again, remove the losing sudogs from their queues, unlock, and
 *       finish the winning case (a send case woken by a close panics).</li>
 * </ol>
 * {@link #runInterruptibly()} (ADR 0017) differs only in pass 2's park: an interrupt
 * makes the select race its wakers for the state's CAS, as one more waker would. If it
 * wins, no case can proceed any more, pass 3 removes every sudog, and the run throws
 * {@link InterruptedException}; if a waker won, that case completes as usual and the
 * interrupt status is set again.
 *
 * <h2>Allocation</h2>
 * The sudogs, the orders and the state are this object's and are reused by every run,
 * so a run allocates nothing beyond what parking the thread costs. A sudog is reused
 * only after pass 3, when it is in no queue.
 *
 * <h2>Threads</h2>
 * One run at a time, as the API says. {@code running} is set for the length of a run,
 * and a run that finds it set fails fast. The check is best-effort, like
 * {@code ConcurrentModificationException}: two runs that start at the same instant may
 * both pass it. A CAS would make it exact, at a locked instruction per run, most of the
 * cost of a one-case select with default (docs/benchmarks.md, Channels); a Go select
 * statement has no such cost because it cannot be shared. Fields other than the sudogs' channel-guarded parts
 * are confined to the running thread; a program that moves a Select to another thread
 * orders the runs itself (one thread at a time), and {@code running}'s release at the
 * end of a run publishes to the next run that reads it.
 */
public final class SelectImpl implements SelectSpi {

    private static final byte RECV = 1;
    private static final byte SEND = 2;
    private static final byte DEFAULT = 3;

    private byte[] kinds = new byte[4];
    /** Channel of each case; null for a nil channel or the default case. */
    private HChan<?>[] chans = new HChan<?>[4];
    private Object[] sendValues = new Object[4];
    private SelectSudog[] sudogs = new SelectSudog[4];
    private int ncases;
    private int defaultIndex = -1;

    /** Cases with a channel, in lock order (by channel id); null until the first run. */
    private int[] lockorder;
    private int[] pollorder;
    /** Some channel appears in more than one case. */
    private boolean duplicates;
    private final SelectState state = new SelectState();

    private Object received;
    private boolean receivedOk;
    @SuppressWarnings("unused")
    private volatile int running;

    // ---------------------------------------------------------------- building

    /** A select with no cases; {@code Go.select()} makes one through the SPI. */
    public SelectImpl() {
    }

    @Override
    public void addRecv(RecvChan<?> ch) {
        add(RECV, chanOf(ch), null);
    }

    @Override
    public void addSend(SendChan<?> ch, Object value) {
        add(SEND, chanOf(ch), value);
    }

    @Override
    public void addDefault() {
        defaultIndex = ncases;
        add(DEFAULT, null, null);
    }

    private static HChan<?> chanOf(Object ch) {
        if (ch == null || ch instanceof HChan<?>) {
            return (HChan<?>) ch;
        }
        throw new IllegalArgumentException("select works only on channels made by Chan.make (got "
                + ch.getClass().getName() + ")");
    }

    private void add(byte kind, HChan<?> c, Object value) {
        if (ncases == kinds.length) {
            int n = ncases * 2;
            kinds = Arrays.copyOf(kinds, n);
            chans = Arrays.copyOf(chans, n);
            sendValues = Arrays.copyOf(sendValues, n);
            sudogs = Arrays.copyOf(sudogs, n);
        }
        kinds[ncases] = kind;
        chans[ncases] = c;
        sendValues[ncases] = value;
        ncases++;
        lockorder = null; // recomputed at the next run
    }

    /** Go's lockorder: the cases with a channel, sorted by channel id (insertion sort: few cases). */
    private void computeOrders() {
        int n = 0;
        int[] order = new int[ncases];
        for (int i = 0; i < ncases; i++) {
            if (chans[i] != null) {
                int j = n++;
                long id = chans[i].id();
                while (j > 0 && chans[order[j - 1]].id() > id) {
                    order[j] = order[j - 1];
                    j--;
                }
                order[j] = i;
                if (sudogs[i] == null) {
                    sudogs[i] = new SelectSudog();
                }
            }
        }
        pollorder = new int[n];
        lockorder = Arrays.copyOf(order, n);
        duplicates = false;
        for (int k = 1; k < n; k++) {
            if (chans[lockorder[k]] == chans[lockorder[k - 1]]) {
                duplicates = true;
            }
        }
    }

    /**
     * Shuffles each run of cases on the same channel in the lock order. Go builds its
     * lock order by an unstable sort of the random poll order, so cases on one channel
     * enqueue in a random order and a peer arriving later picks among them at random
     * (TestPseudoRandomSend); a fixed order would always favour the first case added.
     */
    private void shuffleDuplicates(ThreadLocalRandom rnd) {
        int[] order = lockorder;
        int n = order.length;
        for (int start = 0; start < n; ) {
            int end = start + 1;
            while (end < n && chans[order[end]] == chans[order[start]]) {
                end++;
            }
            for (int i = end - 1; i > start; i--) {
                int j = start + rnd.nextInt(i - start + 1);
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
            start = end;
        }
    }

    // ---------------------------------------------------------------- running

    @Override
    public int run() {
        enter();
        try {
            return selectgo(false);
        } catch (InterruptedException e) {
            throw new AssertionError("not interruptible", e);
        } finally {
            RUNNING.setRelease(this, 0);
        }
    }

    @Override
    public int runInterruptibly() throws InterruptedException {
        enter();
        try {
            return selectgo(true);
        } finally {
            RUNNING.setRelease(this, 0);
        }
    }

    /** Starts a run: fails fast when another is in progress (best-effort, see the class comment). */
    private void enter() {
        if ((int) RUNNING.getAcquire(this) != 0) {
            throw new IllegalStateException("this Select is already running in another thread: "
                    + "a Select runs one thread at a time; build one per goroutine");
        }
        RUNNING.setOpaque(this, 1);
    }

    @Override
    public Object takeReceived() {
        Object v = received;
        received = null;
        return v;
    }

    @Override
    public boolean receivedOk() {
        return receivedOk;
    }

    /** Go's {@code selectgo}; {@code interruptible}: see {@link #runInterruptibly()}. */
    private int selectgo(boolean interruptible) throws InterruptedException {
        Sched.get().safePoint();
        if (interruptible && Thread.interrupted()) {
            throw new InterruptedException();
        }
        if (lockorder == null) {
            computeOrders();
        }
        int n = lockorder.length;
        if (n == 1 && defaultIndex >= 0) {
            return selectnb(lockorder[0]);
        }
        if (n == 0) {
            if (defaultIndex >= 0) {
                return defaultIndex;
            }
            blockForever(interruptible);
        }
        // Go's pollorder: a uniformly random permutation of the cases with a channel.
        int[] poll = pollorder;
        ThreadLocalRandom rnd = ThreadLocalRandom.current();
        for (int i = 0; i < n; i++) {
            int j = rnd.nextInt(i + 1);
            poll[i] = poll[j];
            poll[j] = lockorder[i];
            HChan<?> c = chans[lockorder[i]];
            if (c.timer != null) {
                c.timer.maybeRunChan(); // a due timer value lands in the buffer now
            }
        }
        if (duplicates) {
            shuffleDuplicates(rnd);
        }

        sellock();

        // pass 1: look for something already waiting
        for (int k = 0; k < n; k++) {
            int ci = poll[k];
            HChan<?> c = chans[ci];
            if (kinds[ci] == RECV) {
                Sudog sg = WaitQ.dequeue(c, WaitQ.SEND);
                if (sg != null) { // a parked sender: take its value
                    Object v = c.recvFrom(sg);
                    selunlock();
                    HChan.goready(sg);
                    return received(ci, v, true);
                }
                if (c.qcountLocked() > 0) {
                    Object v = c.bufTake();
                    selunlock();
                    return received(ci, v, true);
                }
                if (c.closedLocked()) {
                    selunlock();
                    return received(ci, null, false);
                }
            } else {
                if (c.closedLocked()) {
                    selunlock();
                    throw new Panic(PanicMessages.SEND_ON_CLOSED_CHANNEL);
                }
                Sudog sg = WaitQ.dequeue(c, WaitQ.RECV);
                if (sg != null) { // a parked receiver: hand it the value
                    HChan.sendTo(sg, sendValues[ci]);
                    selunlock();
                    HChan.goready(sg);
                    return ci;
                }
                if (c.qcountLocked() < c.dataqsiz) {
                    c.bufPut(sendValues[ci]);
                    selunlock();
                    return ci;
                }
            }
        }
        if (defaultIndex >= 0) {
            selunlock();
            return defaultIndex;
        }

        // pass 2: enqueue on all channels, in lock order
        state.reset();
        for (int k = 0; k < n; k++) {
            int ci = lockorder[k];
            HChan<?> c = chans[ci];
            SelectSudog sg = sudogs[ci];
            boolean send = kinds[ci] == SEND;
            sg.prepare(state, send ? sendValues[ci] : null);
            if (send) {
                WaitQ.enqueue(c, WaitQ.SEND, sg);
            } else {
                WaitQ.enqueue(c, WaitQ.RECV, sg);
                if (c.timer != null) {
                    c.timer.blockTimerChan();
                }
            }
        }
        selunlock();
        if (!interruptible) {
            state.park();
        } else if (!state.parkInterruptibly()) {
            if (!state.casDone()) {
                state.parkUntilWoken(true); // a waker won: its case completes
            } // else: withdrawn; no waker can take a case now, and winner stays null
        }

        // pass 3: dequeue from the losing channels (all of them when withdrawn)
        sellock();
        SelectSudog winner = state.lvWinner();
        int ci = -1; // the winner's case: its index in sudogs (a sudog keeps no case index)
        for (int k = 0; k < n; k++) {
            int cj = lockorder[k];
            SelectSudog sg = sudogs[cj];
            if (kinds[cj] == RECV && chans[cj].timer != null) {
                chans[cj].timer.unblockTimerChan();
            }
            if (sg == winner) {
                ci = cj;
            } else if (kinds[cj] == SEND) {
                WaitQ.dequeueSudoG(chans[cj], WaitQ.SEND, sg);
            } else {
                WaitQ.dequeueSudoG(chans[cj], WaitQ.RECV, sg);
            }
        }
        selunlock();
        boolean success = winner != null && winner.success;
        Object v = winner != null ? winner.elem : null;
        for (int k = 0; k < n; k++) {
            sudogs[lockorder[k]].clear();
        }
        if (winner == null) {
            throw new InterruptedException(); // runInterruptibly withdrew every case
        }
        if (kinds[ci] == SEND) {
            if (!success) {
                throw new Panic(PanicMessages.SEND_ON_CLOSED_CHANNEL); // closed while we waited
            }
            return ci;
        }
        return received(ci, success ? v : null, success);
    }

    /**
     * One case and a default: Go's compiler turns this select into a non-blocking
     * operation ({@code selectnbsend}/{@code selectnbrecv}), which has the lock-free
     * would-block fast path of chan.go. Same here.
     */
    private int selectnb(int ci) {
        HChan<?> c = chans[ci];
        if (kinds[ci] == SEND) {
            return c.chansend(sendValues[ci], false) == HChan.SENT ? ci : defaultIndex;
        }
        Object v = c.chanrecv(false);
        if (v == HChan.WOULD_BLOCK) {
            return defaultIndex;
        }
        return v == HChan.CLOSED ? received(ci, null, false) : received(ci, v, true);
    }

    private int received(int ci, Object v, boolean ok) {
        received = v;
        receivedOk = ok;
        return ci;
    }

    /** Go's {@code sellock}: locks each distinct channel once, in lock order. */
    private void sellock() {
        HChan<?> prev = null;
        for (int ci : lockorder) {
            HChan<?> c = chans[ci];
            if (c != prev) {
                c.lock();
                prev = c;
            }
        }
    }

    /** Go's {@code selunlock}: unlocks each distinct channel once, in reverse lock order. */
    private void selunlock() {
        int[] order = lockorder;
        for (int k = order.length - 1; k >= 0; k--) {
            HChan<?> c = chans[order[k]];
            if (k > 0 && chans[order[k - 1]] == c) {
                continue; // a duplicate: unlock once, at its first occurrence
            }
            c.unlock();
        }
    }

    /**
     * {@code select {}}, or only nil-channel cases and no default: never returns, except
     * by an interrupt when {@code interruptible}.
     */
    private void blockForever(boolean interruptible) throws InterruptedException {
        Sched sched = Sched.get();
        WaitReason reason = ncases == 0 ? WaitReason.SELECT_NO_CASES : WaitReason.SELECT;
        for (;;) {
            sched.park(reason, this);
            if (Thread.interrupted() && interruptible) {
                throw new InterruptedException();
            } // else not interruptible: the status is cleared, so the park never spins on it
        }
    }

    private static final VarHandle RUNNING;

    static {
        try {
            RUNNING = MethodHandles.lookup().findVarHandle(SelectImpl.class, "running", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
