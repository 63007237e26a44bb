package io.goroutines.impl.sched;

import io.goroutines.impl.trace.Trace;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A runtime timer: Go's {@code timer} (runtime/time.go) with {@code modify},
 * {@code stop}, {@code needsAdd}, {@code maybeAdd}, {@code updateHeap},
 * {@code unlockAndRun}, {@code maybeRunChan}, {@code blockTimerChan} and
 * {@code unblockTimerChan}. Subclassed by the objects of the time package above
 * ({@code TimeTimer}, {@code TimeTicker}, {@code FuncTimer} and a goroutine's
 * {@code Sleeper}, in {@code io.goroutines.impl.time}), so that, as in Go 1.23, a
 * {@code time.Timer} <em>is</em> its runtime timer; and by the poller's
 * {@link DeadlineTimer}. A channel timer's argument is its channel, seen here only as
 * a {@link TimerChannel}: the timers sit below the channels.
 *
 * <h2>Implementation overview</h2>
 * A timer fires {@code f(arg, seq, delay)} at {@code when}, and again every
 * {@code period} if positive. While active it sits in the heap of one P
 * ({@link Timers}); stopping or moving it does not touch that heap, which another M may
 * be using: the timer is marked ({@code ZOMBIE}: remove me; {@code MODIFIED}: my heap
 * entry's {@code when} is stale) and the heap's owner fixes it up lazily, when the
 * entry reaches the top or when a sweep ({@link Timers#adjust}) runs.
 *
 * <p>Channel timers ({@code isChan}: {@code newTimer}, {@code after}, tickers) follow
 * Go 1.23: the channel has a one-slot buffer but reports {@code len} and {@code cap} 0;
 * the timer is in a heap only while some goroutine is blocked receiving from its channel
 * ({@code blocked > 0}); otherwise a receive first checks whether the value is due and
 * sends it then ({@link #maybeRunChan}). So a timer that nothing references, not even a
 * heap, is garbage. {@code stop} and {@code reset} bump {@code seq} and drain the
 * buffer, so that no value prepared before them is ever received.
 *
 * <h2>Locks and fields</h2>
 * <ul>
 *   <li>{@code mu} guards every mutable field; {@code astate} is a copy of
 *       {@code state} published at each unlock, read without the lock by the fast paths
 *       of the heap owner and of {@link #maybeRunChan}; a stale copy only sends them to
 *       the locked path, because each bit is set under {@code mu} before anything that
 *       depends on it is published (see {@link #modify}).</li>
 *   <li>{@code sendLock} (channel timers) is held across the channel send and by
 *       {@code stop}/{@code modify} while they bump {@code seq}: a send whose
 *       {@code seq} is stale is dropped. {@code isSending} is raised under {@code mu}
 *       and lowered under {@code sendLock}, and read under both, so that a stop that
 *       cancels an in-flight send reports the timer as stopped.</li>
 *   <li>Lock order (Go's static ranks): a channel's lock, then a P's heap lock
 *       ({@code Timers.mu}), then {@code mu}; {@code sendLock} before {@code mu}, and
 *       before the channel's lock (the send). All are {@link SpinLock} words: no
 *       holder blocks.</li>
 * </ul>
 */
public class RuntimeTimer {

    /** Go's {@code timerHeaped}: in some P's heap ({@code ts != null}). */
    static final int HEAPED = 1;
    /** Go's {@code timerModified}: {@code when} changed; the heap entry is stale. Only with HEAPED. */
    static final int MODIFIED = 2;
    /** Go's {@code timerZombie}: stopped (or unwatched channel timer) but still in the heap. Only with HEAPED. */
    static final int ZOMBIE = 4;

    @SuppressWarnings("unused")
    private volatile int mu;
    @SuppressWarnings("unused")
    private volatile int sendLock;
    /** State bits; under mu. */
    int state;
    /** Copy of {@link #state} at the last unlock; racy reads. */
    @SuppressWarnings("unused")
    private volatile int astate;
    /** A channel timer (immutable). */
    final boolean isChan;
    /** Goroutines blocked receiving from this timer's channel; under mu. */
    int blocked;
    /** When to fire, {@link Nanotime} reading; 0 when inactive. Under mu. */
    long when;
    /** Repeat interval, 0 for one-shot. Under mu. */
    long period;
    final TimerFunc f;
    /** f's argument (a channel timer's: its {@link TimerChannel}); set before the timer is published, then immutable. */
    protected Object arg;
    /** Sequence number: bumped by stop/modify of a channel timer to cancel a stale send. */
    long seq;
    /** The heap this timer is in, when HEAPED. Under mu (and the heap's lock to change). */
    Timers ts;
    /** Sends in flight of a one-shot channel timer (see the class comment). */
    @SuppressWarnings("unused")
    private volatile int isSending;

    /**
     * A timer that is not in any heap yet.
     *
     * @param isChan whether it feeds a channel (Go's {@code t.isChan})
     * @param f      called with {@code arg} when the timer fires
     * @param arg    the function's argument
     */
    protected RuntimeTimer(boolean isChan, TimerFunc f, Object arg) {
        this.isChan = isChan;
        this.f = f;
        this.arg = arg;
    }

    // ---------------------------------------------------------------- locks

    final void lock() {
        SpinLock.lock(MU, this);
    }

    /** Publishes {@code state} to {@code astate}, then unlocks (Go's {@code timer.unlock}). */
    final void unlock() {
        astate = state;
        SpinLock.unlock(MU, this);
    }

    private void lockSend() {
        SpinLock.lock(SEND_LOCK, this);
    }

    private void unlockSend() {
        SpinLock.unlock(SEND_LOCK, this);
    }

    final int lvAstate() {
        return astate;
    }

    /** The channel of a channel timer. */
    private TimerChannel hchan() {
        return (TimerChannel) arg;
    }

    // ---------------------------------------------------------------- modify, stop

    /**
     * Go's {@code timer.modify}: (re)arms the timer to fire at {@code when} and then
     * every {@code period} (0: once).
     *
     * @param when   the {@link Nanotime} reading to fire at; positive
     * @param period the repeat interval in nanoseconds, 0 for once
     * @return whether it was active (pending) before
     */
    protected final boolean modify(long when, long period) {
        if (when <= 0) {
            throw new IllegalArgumentException("timer when must be positive: " + when);
        }
        if (period < 0) {
            throw new IllegalArgumentException("timer period must be non-negative: " + period);
        }
        if (isChan) {
            lockSend();
        }
        lock();
        long oldPeriod = this.period;
        this.period = period;
        boolean wake = false;
        boolean pending = this.when > 0;
        this.when = when;
        if ((state & HEAPED) != 0) {
            state |= MODIFIED;
            if ((state & ZOMBIE) != 0) {
                // In the heap but marked for removal by a stop: it runs again.
                ts.addZombies(-1);
                state &= ~ZOMBIE;
            }
            // The heap entry is fixed later (Timers.adjust). Publish MODIFIED before
            // lowering minWhenModified, so that a concurrent adjust that resets
            // minWhenModified cannot miss this change (Go's comment in adjust).
            long min = ts.lvMinWhenModified();
            if (min == 0 || when < min) {
                wake = true;
                astate = state;
                ts.updateMinWhenModified(when);
            }
        }
        boolean add = needsAdd();
        if (isChan) {
            seq++; // no send with the old configuration happens after this returns
            if (oldPeriod == 0 && (int) IS_SENDING.getVolatile(this) > 0) {
                pending = true; // we stopped a send in flight
            }
        }
        unlock();
        if (isChan) {
            if (hchan().timerDrain()) {
                pending = true;
            }
            unlockSend();
        }
        if (add) {
            maybeAdd();
        }
        if (wake) {
            Sched.get().poller().wakeNetPoller(when);
        }
        return pending;
    }

    /**
     * Go's {@code timer.stop} (reached through {@code time.stopTimer}): deactivates the timer; it may be in another P's heap, so
     * it is only marked, and removed by that heap's owner in due course.
     *
     * @return whether it was active (for a channel timer: armed, or fired with the value
     *         not received)
     */
    protected final boolean stopTimer() {
        if (isChan) {
            lockSend();
        }
        lock();
        if ((state & HEAPED) != 0) {
            state |= MODIFIED;
            if ((state & ZOMBIE) == 0) {
                state |= ZOMBIE;
                ts.addZombies(1);
            }
        }
        boolean pending = when > 0;
        when = 0;
        if (isChan) {
            seq++;
            if (period == 0 && (int) IS_SENDING.getVolatile(this) > 0) {
                pending = true;
            }
        }
        unlock();
        if (isChan) {
            unlockSend();
            if (hchan().timerDrain()) {
                pending = true;
            }
        }
        return pending;
    }

    /** Go's {@code needsAdd}: whether the timer belongs in a heap and is not in one. mu held. */
    private boolean needsAdd() {
        return (state & HEAPED) == 0 && when > 0 && (!isChan || blocked > 0);
    }

    /**
     * Go's {@code maybeAdd}: adds the timer to the current P's heap if it needs to be in
     * one. Called with no lock held (the heap's lock ranks before the timer's).
     */
    private void maybeAdd() {
        Poller poller = Sched.get().poller();
        for (;;) {
            Timers heap = poller.timersForAdd();
            heap.lock();
            if (heap.isDead()) { // its P was retired by GOMAXPROCS meanwhile: pick another
                heap.unlock();
                continue;
            }
            heap.cleanHead();
            lock();
            long w = 0;
            boolean wake = false;
            if (needsAdd()) {
                state |= HEAPED;
                w = when;
                long wakeTime = heap.wakeTime();
                wake = wakeTime == 0 || w < wakeTime;
                heap.addHeap(this);
            }
            unlock();
            heap.sweepIfManyZombies();
            heap.unlock();
            if (wake) {
                poller.wakeNetPoller(w);
            }
            return;
        }
    }

    // ---------------------------------------------------------------- running

    /**
     * Go's {@code updateHeap}: applies a pending ZOMBIE or MODIFIED mark of this timer,
     * which must be {@code ts.heap[0]}; returns whether anything changed. mu and the
     * heap's lock held.
     */
    final boolean updateHeap() {
        Timers h = ts;
        if ((state & ZOMBIE) != 0) {
            state &= ~(HEAPED | ZOMBIE | MODIFIED);
            h.addZombies(-1);
            h.deleteMin();
            return true;
        }
        if ((state & MODIFIED) != 0) {
            state &= ~MODIFIED;
            h.replaceMinWhen(when);
            return true;
        }
        return false;
    }

    /**
     * Go's {@code unlockAndRun}: computes the next firing (or deactivates a one-shot),
     * unlocks the timer and {@code heap} (the locked heap it is in, or null), calls f,
     * and re-locks {@code heap}. mu held on entry, not on return.
     */
    final void unlockAndRun(long now, Timers heap) {
        Object a = arg;
        long s = seq;
        long delay = now - when;
        Trace.sched("timer", 0, -1, delay);
        long next;
        if (period > 0) {
            next = when + period * (1 + delay / period); // keep the phase, skip missed ticks
            if (next < 0) {
                next = Nanotime.MAX_WHEN;
            }
        } else {
            next = 0;
        }
        when = next;
        if ((state & HEAPED) != 0) {
            state |= MODIFIED;
            if (next == 0) {
                state |= ZOMBIE;
                ts.addZombies(1);
            }
            updateHeap();
        }
        boolean oneShotChan = isChan && period == 0;
        if (oneShotChan) {
            IS_SENDING.getAndAdd(this, 1); // tell stop/reset a send is coming
        }
        unlock();
        if (heap != null) {
            heap.unlock();
        }
        try {
            if (isChan) {
                lockSend();
                try {
                    if (oneShotChan) {
                        IS_SENDING.getAndAdd(this, -1); // committed: seq decides now
                    }
                    if (seq == s) {
                        f.fire(a, s, delay);
                    }
                } finally {
                    unlockSend();
                }
            } else {
                f.fire(a, s, delay);
            }
        } finally {
            if (heap != null) {
                heap.lock();
            }
        }
    }

    // ---------------------------------------------------------------- timer channels

    /**
     * Go's {@code maybeRunChan}: a receive on this timer's channel is about to look at
     * it; if the timer is not in a heap and its time has come, send the value now.
     * No lock held.
     */
    public final void maybeRunChan() {
        if ((astate & HEAPED) != 0) {
            return; // in a heap: the heap's owner sends when due
        }
        lock();
        long now = Nanotime.now();
        if ((state & HEAPED) != 0 || when == 0 || when > now) {
            unlock();
            return;
        }
        unlockAndRun(now, null);
    }

    /**
     * Go's {@code blockTimerChan}: a receiver is about to park on this timer's channel,
     * whose lock the caller holds: make sure the timer is in a heap.
     */
    public final void blockTimerChan() {
        lock();
        blocked++;
        if ((state & (HEAPED | ZOMBIE)) == (HEAPED | ZOMBIE) && when > 0) {
            // First receiver since the last one left: it is still in the heap, unmark it.
            state &= ~ZOMBIE;
            ts.addZombies(-1);
        }
        boolean add = needsAdd();
        unlock();
        if (add) {
            maybeAdd();
        }
    }

    /**
     * Go's {@code unblockTimerChan}: a receiver that was parked on this timer's channel
     * is done; the last one out marks the timer for removal from its heap (keeping
     * {@code when}, so a later receive still knows when the value is due).
     */
    public final void unblockTimerChan() {
        lock();
        if (blocked == 0) {
            unlock();
            throw new IllegalStateException("unblockTimerChan without blockTimerChan");
        }
        blocked--;
        if (blocked == 0 && (state & (HEAPED | ZOMBIE)) == HEAPED) {
            state |= ZOMBIE;
            ts.addZombies(1);
        }
        unlock();
    }

    private static final VarHandle MU;
    private static final VarHandle SEND_LOCK;
    private static final VarHandle IS_SENDING;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            MU = l.findVarHandle(RuntimeTimer.class, "mu", int.class);
            SEND_LOCK = l.findVarHandle(RuntimeTimer.class, "sendLock", int.class);
            IS_SENDING = l.findVarHandle(RuntimeTimer.class, "isSending", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
