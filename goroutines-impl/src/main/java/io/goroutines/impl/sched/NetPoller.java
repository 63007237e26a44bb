package io.goroutines.impl.sched;

import io.goroutines.impl.diag.Diagnostics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The network poller: Go's runtime/netpoll.go and netpoll_epoll.go
 * ({@code netpollinit}, {@code netpollopen}, {@code netpoll(delay)},
 * {@code netpollBreak}, {@code netpollAnyWaiters}) over one NIO {@link Selector}
 * (epoll on Linux).
 *
 * <h2>Implementation overview</h2>
 * <ul>
 *   <li>Each channel of {@code io.goroutines.net} is registered once, with no interest,
 *       and its key carries its {@link PollDesc}. A waiter adds the interest of its mode
 *       ({@link #arm}; nothing to do when it is still set). A Java selector is
 *       level-triggered, so an interest left on a socket nobody serves fires at every
 *       poll: a poll that finds a key ready removes the write interest always (a
 *       writable socket stays writable) and the read interest when no reader waited;
 *       when a reader waited, the read interest stays, as the woken reader drains the
 *       socket before its P polls again, and a request costs no interest change (Go
 *       registers each socket once, edge-triggered).</li>
 *   <li>{@link #poll} runs on an M: without blocking in {@code findRunnable} before it
 *       steals, blocking until the next timer in the M that would otherwise sleep for
 *       it, and without blocking from sysmon when nobody polled for 10 ms. A
 *       {@code Selector} serializes its selects, so one poll at a time
 *       ({@link #polling}); a non-blocking poll that finds another in progress returns
 *       nothing instead of waiting for it.</li>
 *   <li>{@link #wakeup} is Go's {@code netpollBreak}: {@link Selector#wakeup()}, which
 *       ends a blocking select or makes the next one return at once.</li>
 * </ul>
 *
 * <h2>Fields</h2>
 * {@code waiters} (Go's {@code netpollWaiters}) counts armed waits; it is a hint for
 * whether polling is worth it, raised before the interest is set and lowered after the
 * wait ended. {@code blocked} is true while an M is inside a blocking select (Go's
 * {@code sched.lastpoll == 0}); {@code lastpoll} is when a poll last returned (racy
 * reads: both only decide whether to poll or to wake). Interest changes use the
 * selection key's atomic {@code interestOpsOr}/{@code interestOpsAnd}; a change made
 * while another thread is inside {@code select} is applied at its next round, so
 * {@link #arm} wakes a blocked poller.
 */
final class NetPoller {

    private static final Logger log = LoggerFactory.getLogger(NetPoller.class);

    /** sysmon polls when nobody has for this long (Go's 10 ms in sysmon). */
    static final long FORCE_POLL_NS = TimeUnit.MILLISECONDS.toNanos(10);

    private static final int READ_OPS = SelectionKey.OP_READ | SelectionKey.OP_ACCEPT;
    private static final int WRITE_OPS = SelectionKey.OP_WRITE | SelectionKey.OP_CONNECT;

    private final Selector selector;
    private final AtomicInteger waiters = new AtomicInteger();
    /** Interests asked for by waiters ({@link #arm}), set by the polling thread. */
    private final ConcurrentLinkedQueue<Arm> pendingArms = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean polling = new AtomicBoolean();
    private volatile boolean blocked;
    private volatile long lastpoll = System.nanoTime();
    /** A close asked for cancelled keys to be dropped while another poll ran; see {@link #flushCancelled}. */
    private volatile boolean flushPending;

    NetPoller() {
        try {
            this.selector = Selector.open();
        } catch (IOException e) {
            throw new UncheckedIOException("goroutines: cannot open the network poller's selector", e);
        }
    }

    /** Go's {@code netpollopen}: registers {@code ch} (non-blocking) with no interest yet. */
    SelectionKey register(SelectableChannel ch, PollDesc pd) throws IOException {
        return ch.register(selector, 0, pd);
    }

    /**
     * A waiter of {@code pd} is about to park for {@code ops}: count it and ask for the
     * interest. The interest is set by the next poll ({@link #applyArms}), not here: a
     * {@code Selector} guards interest changes with a monitor that its select also
     * takes, and a goroutine contending for it there could leave an M blocked on a
     * monitor whose next owner is a goroutine waiting for that M's P (found with two
     * Ps under load). A poll in progress is woken so that it applies the request now.
     */
    void arm(SelectionKey key, int ops) {
        waiters.incrementAndGet();
        try {
            if ((key.interestOps() & ops) == ops) {
                // Already set (a reader's interest stays between requests). A poll that
                // clears it re-checks the waiter words after the clear, and the waiter
                // published itself before this read: no request is lost.
                return;
            }
        } catch (CancelledKeyException e) {
            return; // closed meanwhile: the waiter re-checks closing after arming
        }
        pendingArms.offer(new Arm(key, ops));
        if (blocked) { // after the offer: see applyArms (Dekker with blocked)
            selector.wakeup();
        }
    }

    /** An interest a waiter asked for, applied by the next poll. */
    private record Arm(SelectionKey key, int ops) {
    }

    /**
     * Sets the interests asked for since the last poll. The polling thread only (it owns
     * {@link #polling}), before each select; a blocking poll calls it again after
     * raising {@code blocked}, so that a request whose waiter saw {@code blocked} still
     * false is applied before the select that would otherwise miss it.
     */
    private void applyArms() {
        Arm a;
        while ((a = pendingArms.poll()) != null) {
            try {
                a.key.interestOpsOr(a.ops);
            } catch (CancelledKeyException e) {
                // closed meanwhile: the waiter re-checks closing after arming
            }
        }
    }

    /** The wait armed by {@link #arm} ended. */
    void disarm() {
        waiters.decrementAndGet();
    }

    /** Go's {@code netpollAnyWaiters}. */
    boolean hasWaiters() {
        return waiters.get() > 0;
    }

    /** Whether an M is blocked in a select now. */
    boolean isBlocked() {
        return blocked;
    }

    /** Whether nobody polled for {@link #FORCE_POLL_NS} (sysmon's test). */
    boolean pollOverdue(long nowNanoTime) {
        return !blocked && nowNanoTime - lastpoll > FORCE_POLL_NS;
    }

    /**
     * Drops cancelled keys now, so that closed channels release their file descriptors:
     * a non-blocking poll whose readied waiters are woken from here, or, when another
     * poll is in progress, a wakeup that makes it end its round (and drop them).
     */
    void flushCancelled() {
        flushPending = true; // before trying to poll: see poll's end (Dekker with polling)
        List<Object> ready = new ArrayList<>();
        if (poll(0, ready)) {
            PollDesc.wakeAll(ready);
        } else {
            selector.wakeup(); // ends a blocking select; a non-blocking one flushes at its end
        }
    }

    /** Go's {@code netpollBreak}. Any thread; never blocks. */
    void wakeup() {
        selector.wakeup();
    }

    /**
     * Go's {@code netpoll(delay)}: polls the selector and adds the waiters it readies
     * (Gs or threads, already released by their {@link PollDesc}) to {@code out}.
     * {@code delayNanos} 0: do not block; below 0: block until woken; else block at most
     * that long. Returns false without polling when another poll is in progress.
     */
    boolean poll(long delayNanos, List<Object> out) {
        if (!polling.compareAndSet(false, true)) {
            return false;
        }
        try {
            int n;
            applyArms();
            if (delayNanos == 0) {
                n = selector.selectNow();
            } else {
                blocked = true;
                applyArms(); // after raising blocked: see arm
                try {
                    if (delayNanos < 0) {
                        n = selector.select();
                    } else {
                        n = selector.select(Math.max(1, TimeUnit.NANOSECONDS.toMillis(delayNanos + 999_999)));
                    }
                } finally {
                    blocked = false;
                }
            }
            if (n > 0) {
                collect(out);
            }
        } catch (IOException e) {
            Diagnostics.report(log, Level.ERROR, "goroutines: the network poller's select failed", e);
        } finally {
            lastpoll = System.nanoTime();
            polling.set(false);
        }
        // A close that found this poll in progress asked for its cancelled keys to be
        // dropped (flushPending, set before its own attempt to poll): do it now, so that
        // its file descriptor is released at once.
        while (flushPending && polling.compareAndSet(false, true)) {
            try {
                flushPending = false;
                applyArms();
                if (selector.selectNow() > 0) {
                    collect(out);
                }
            } catch (IOException e) {
                Diagnostics.report(log, Level.ERROR, "goroutines: the network poller's select failed", e);
            } finally {
                polling.set(false);
            }
        }
        return true;
    }

    private void collect(List<Object> out) {
        Set<SelectionKey> keys = selector.selectedKeys();
        for (SelectionKey key : keys) {
            PollDesc pd = (PollDesc) key.attachment();
            int ready;
            try {
                ready = key.readyOps();
            } catch (CancelledKeyException e) {
                continue; // closed: close() woke its waiters itself
            }
            int clear = ready & WRITE_OPS; // a writable socket stays writable: always one-shot
            if ((ready & READ_OPS) != 0) {
                Object w = pd.netpollReady(PollDesc.MODE_READ);
                if (w != null) {
                    out.add(w); // the woken reader drains the socket before the next poll
                    // of its P, so the read interest stays: no interest change per request
                } else {
                    clear |= ready & READ_OPS; // nobody reads: stop the level-triggered repeats
                }
            }
            if ((ready & WRITE_OPS) != 0) {
                addIfWaiter(out, pd.netpollReady(PollDesc.MODE_WRITE));
            }
            if (clear != 0) {
                try {
                    key.interestOpsAnd(~clear);
                    // A waiter that published itself and armed while we cleared found its
                    // interest still set (a no-op) and would sleep without one: re-check the
                    // words after the clear. A waiter publishes before it arms, so either
                    // this sees it, or its arm comes after the clear and sets the interest.
                    int again = 0;
                    if ((clear & READ_OPS) != 0 && pd.hasWaiter(PollDesc.MODE_READ)) {
                        again |= clear & READ_OPS;
                    }
                    if ((clear & WRITE_OPS) != 0 && pd.hasWaiter(PollDesc.MODE_WRITE)) {
                        again |= clear & WRITE_OPS;
                    }
                    if (again != 0) {
                        key.interestOpsOr(again);
                    }
                } catch (CancelledKeyException e) {
                    // closed meanwhile
                }
            }
        }
        keys.clear();
    }

    private static void addIfWaiter(List<Object> out, Object w) {
        if (w != null) {
            out.add(w);
        }
    }
}
