package io.goroutines.impl.sched;


import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Who sleeps until the next timer, and the network poller's place in the scheduler:
 * Go's runtime/netpoll.go ({@code netpollGenericInit}, {@code netpollAnyWaiters}, the
 * {@code netpollWakeSig} dedupe of {@code netpollBreak}), the netpoll and timer parts
 * of runtime/proc.go ({@code netpoll(delay)} in {@code findRunnable}, sysmon's
 * {@code netpoll}, {@code wakeNetPoller}, {@code checkTimersNoP}) and runtime/time.go's
 * {@code maybeAdd} ({@link #timersForAdd}). {@code Sched.idlem} decides that an M
 * becomes the poller and calls {@link #pollUntilDue}; in "jdk" mode the timerproc
 * thread ({@link JdkMode}) is the poller for good. The network poller itself is
 * {@link NetPoller}; {@code docs/netpoll.md} tells who polls when.
 *
 * <h2>Fields and who guards them</h2>
 * <ul>
 *   <li>{@code poller}: the thread sleeping until the earliest timer, or null (Go's M
 *       blocked in {@code netpoll(delay)}, {@code sched.lastpoll == 0}). An idle M takes
 *       the role by CAS from null and gives it up with a volatile store; the timerproc
 *       thread holds it from the start in "jdk" mode. Wakers read it racily: a waker
 *       publishes its timer (or socket waiter) first, then reads {@code poller}; the
 *       poller publishes itself first, then reads the timers and waiters
 *       ({@link #pollUntilDue}): one of the two sees the other (Dekker).</li>
 *   <li>{@code pollerUntil}: Go's {@code sched.pollUntil}, when the poller wakes by
 *       itself; 0 while it is still deciding, {@link #POLLER_WOKEN} once a waker has
 *       unparked it. CAS only between those states, so that a burst of wakers costs one
 *       unpark ({@link #wakePollerBy}).</li>
 *   <li>{@code netpoller}: made once under this object's monitor (double-checked,
 *       volatile), null before the first socket; read racily.</li>
 *   <li>{@code foreignTimerAdds}: an atomic counter; only its spread matters.</li>
 * </ul>
 * Lock: this object's monitor, taken once to make the network poller; never on the
 * scheduling path ({@code docs/lock-order.md}).
 */
final class Poller {

    private static final VarHandle POLLER;
    private static final VarHandle POLLER_UNTIL;
    /** {@code pollerUntil} once a waker has unparked the poller: earlier than any timer. */
    private static final long POLLER_WOKEN = 1;

    static {
        try {
            POLLER = MethodHandles.lookup().findVarHandle(Poller.class, "poller", Thread.class);
            POLLER_UNTIL = MethodHandles.lookup().findVarHandle(Poller.class, "pollerUntil", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final Sched sched;
    /** See the class comment. */
    private volatile Thread poller;
    /** Go's {@code sched.pollUntil}: when the poller will wake by itself; 0 while it is still deciding. */
    private volatile long pollerUntil;
    /** The network poller, made at the first socket of io.goroutines.net (Go's netpollinit); null before. */
    private volatile NetPoller netpoller;
    /** Spreads the timers of threads that are not goroutines over the Ps. */
    private final AtomicInteger foreignTimerAdds = new AtomicInteger();

    Poller(Sched sched) {
        this.sched = sched;
    }

    // ------------------------------------------------------------------ the poller's role

    /** An idle M tries to become the poller; false when another thread is. */
    boolean claim(M mp) {
        return POLLER.compareAndSet(this, null, mp);
    }

    /** The M that {@linkplain #claim claimed} the role gives it up. */
    void release() {
        poller = null;
    }

    /** "jdk" mode: {@code timerproc}, not started yet, is the poller for good. */
    void claimForGood(Thread timerproc) {
        poller = timerproc;
    }

    /**
     * The poller's sleep: until the earliest timer of any P, blocked in the network
     * poller when sockets have waiters (their waiters are added to {@code ready}).
     * Returns the clock once a timer is due, 0 when woken before (by
     * {@link #wakeNetPoller} for an earlier timer, by the network, or spuriously), or -1
     * when it could not poll the network because another thread is polling it. The
     * caller is the {@code poller}.
     */
    long pollUntilDue(List<Object> ready) {
        pollerUntil = 0; // wakeNetPoller unparks us while we compute (a woken mark is reset too)
        // After publishing poller: a timer added meanwhile was published before its adder
        // read poller (wakeNetPoller), so either it is seen here or its adder wakes us.
        // The same holds for a socket's waiter, counted before it reads poller
        // (netpollWaiter).
        long until = timersWakeTime();
        NetPoller np = netpoller;
        boolean io = np != null && np.hasWaiters();
        if (until == 0 && !io) {
            return 0;
        }
        long delay = until == 0 ? -1 : until - Nanotime.now();
        if (delay != 0 && (until == 0 || delay > 0)
                && POLLER_UNTIL.compareAndSet(this, 0L, until == 0 ? Long.MAX_VALUE : until)) { // not woken meanwhile
            if (io) {
                if (!np.poll(delay, ready)) { // Go's netpoll(delay): wakeNetPoller breaks it
                    return -1; // another thread polls now
                }
            } else {
                LockSupport.parkNanos(this, delay);
            }
            Thread.interrupted(); // nobody interrupts the poller; never let it spin
        }
        if (until == 0) {
            return 0;
        }
        long now = Nanotime.now();
        long w = timersWakeTime();
        return w != 0 && w <= now ? now : 0;
    }

    /**
     * Wakes the poller if it would sleep past {@code when}. One wake-up is enough until
     * the poller rescans: the first waker swaps {@code pollerUntil} to
     * {@link #POLLER_WOKEN}, which every later {@code when} is past, so a burst of new
     * timers costs one unpark (Go's {@code netpollWakeSig} dedupes
     * {@code netpollBreak} the same way). The poller resets it before it rescans.
     */
    void wakePollerBy(long when) {
        Thread pm = poller;
        if (pm != null) {
            long until = pollerUntil;
            if ((until == 0 || until > when) && POLLER_UNTIL.compareAndSet(this, until, POLLER_WOKEN)) {
                LockSupport.unpark(pm);
                NetPoller np = netpoller;
                if (np != null && np.isBlocked()) {
                    np.wakeup(); // Go's netpollBreak
                }
            }
        }
    }

    /**
     * Go's {@code wakeNetPoller}: a timer was added (or moved earlier) to fire at
     * {@code when}: wake the poller if it sleeps past it; with no poller, wake an M
     * (which, finding nothing else, becomes the poller). Any thread; never blocks.
     *
     * @param when the timer's time, a {@code Nanotime} reading
     */
    void wakeNetPoller(long when) {
        if (poller != null) {
            wakePollerBy(when);
        } else {
            sched.wakep(); // "gmp" mode only: in "jdk" mode the timerproc thread is always the poller
        }
    }

    // ------------------------------------------------------------------ timers

    /** Go's {@code checkTimersNoP}: the earliest wake time over all Ps' timers, or 0. */
    long timersWakeTime() {
        long min = 0;
        for (P p2 : sched.procs.allp()) {
            long w = p2.timers.wakeTime();
            if (w != 0 && (min == 0 || w < min)) {
                min = w;
            }
        }
        return min;
    }

    /** Whether any P has a timer (racy; checkdead's test). */
    boolean timersPending() {
        return timersWakeTime() != 0;
    }

    /**
     * The heap a new timer goes to (Go's {@code maybeAdd}: the current P's): the P of the
     * M this code runs on, else, for a thread that is not a goroutine, one P after another.
     *
     * @return the timer heap to add to
     */
    Timers timersForAdd() {
        M mp = sched.currentM();
        if (mp != null) {
            P pp = mp.p;
            if (pp != null) {
                return pp.timers;
            }
        }
        P[] allp = sched.procs.allp();
        return allp[(foreignTimerAdds.getAndIncrement() & Integer.MAX_VALUE) % allp.length].timers;
    }

    // ------------------------------------------------------------------ the network poller

    /** The network poller, made on first use (Go's {@code netpollGenericInit}). */
    NetPoller netpoller() {
        NetPoller np = netpoller;
        if (np == null) {
            synchronized (this) {
                np = netpoller;
                if (np == null) {
                    np = new NetPoller();
                    netpoller = np;
                }
            }
        }
        return np;
    }

    /**
     * Go's {@code netpoll(delay)} from a thread that is not the poller: polls if the
     * network poller exists and no other thread polls now; adds what it readies to
     * {@code out}. Returns whether it polled.
     */
    boolean netpoll(long delayNanos, List<Object> out) {
        NetPoller np = netpoller;
        return np != null && np.poll(delayNanos, out);
    }

    /** Go's {@code netpollAnyWaiters}: whether sockets of {@code io.goroutines.net} have waiters (racy; a hint). */
    boolean netpollWaiting() {
        NetPoller np = netpoller;
        return np != null && np.hasWaiters();
    }

    /**
     * Waits on the network poller that no M is blocked polling for (Go's
     * {@code netpollAnyWaiters() && sched.lastpoll != 0}): {@code findRunnable} then polls
     * without blocking, an M going idle makes the poller M look again, and sysmon keeps
     * its 10 ms polls instead of sleeping deeply. Racy; a hint.
     */
    boolean netpollUnwatched() {
        NetPoller np = netpoller;
        return np != null && np.hasWaiters() && !np.isBlocked();
    }

    /**
     * {@code gp} (null: a thread that is not a goroutine) armed the network poller and
     * is about to wait: make sure someone polls for it. A goroutine's own M polls when
     * it has nothing else to run; any other waiter, and every waiter in "jdk" mode, where
     * no M polls, wakes the thread sleeping until the next timer (it then polls: an M,
     * or the timerproc thread), or an M to become the poller.
     */
    void netpollWaiter(G gp) {
        if (gp != null && sched.jdk == null) {
            return;
        }
        NetPoller np = netpoller;
        if (np != null && np.isBlocked()) {
            return;
        }
        wakeNetPoller(1); // the poller at once, or an M to become it
    }

    /** sysmon: nobody polled for 10 ms: poll without blocking and ready what is found (Go's sysmon netpoll). */
    void sysmonNetpoll(long nowNanoTime, List<Object> scratch) {
        NetPoller np = netpoller;
        if (np == null || !np.hasWaiters() || !np.pollOverdue(nowNanoTime)) {
            return;
        }
        if (np.poll(0, scratch)) {
            PollDesc.wakeAll(scratch); // not an M: each G goes to the global queue, with wakep
        }
    }
}
