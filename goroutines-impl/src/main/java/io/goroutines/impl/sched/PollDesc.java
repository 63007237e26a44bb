package io.goroutines.impl.sched;

import io.goroutines.net.DeadlineExceededException;
import io.goroutines.net.NetClosedException;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A channel's registration with the network poller: Go's {@code pollDesc}
 * (runtime/netpoll.go: {@code poll_runtime_pollOpen}, {@code pollReset} as
 * {@link #prepareRead}, {@code pollWait} as {@link #waitRead}/{@link #waitWrite},
 * {@code pollSetDeadline}, {@code pollUnblock} as {@link #evict}, {@code pollClose}),
 * the runtime half of {@code io.goroutines.net}'s sockets.
 *
 * <h2>Implementation overview</h2>
 * Each direction has a wait word, {@code rg} and {@code wg}, as in Go: {@code null}
 * (Go's {@code pdNil}), {@link #READY} (an I/O readiness not consumed yet, Go's
 * {@code pdReady}), or the waiter, a goroutine's {@link G} or a thread that is not a
 * goroutine (Go's {@code pdWait} then the G; Java has no commit hook inside a park, so
 * the waiter is published before it parks and a wake-up that comes first leaves the
 * park's permit, which the park then consumes).
 * <ul>
 *   <li>{@code wait}: consumes a {@code READY}, or CASes {@code null -> waiter}, arms the
 *       poller's interest, re-checks {@code closing} and the deadline (a close or
 *       deadline that ran before the publication found no waiter to wake), then parks
 *       with wait reason {@code IO wait} while the word still holds it.</li>
 *   <li>{@link #netpollReady} (the poller, readiness) swaps the word to {@code READY};
 *       {@link #unblock} (close, deadline) to {@code null}; either returns the waiter,
 *       which the caller wakes ({@code LockSupport.unpark}: for a goroutine that lands in
 *       {@code G.execute}, so the poller can batch the readied Gs).</li>
 *   <li>Deadlines are runtime timers ({@link DeadlineTimer}, Go's {@code rt}/{@code wt});
 *       a deadline already past is stored as -1 (Go's convention) and fails at once.</li>
 * </ul>
 *
 * <h2>Fields and who guards them</h2>
 * {@code rg}/{@code wg}: CAS only. {@code closing}, {@code rd}, {@code wd}: written under
 * {@code lock} (Go's {@code pd.lock}), read racily by waiters, which re-check after
 * publishing. The timers are armed and stopped under {@code lock}; their functions take
 * it. Lock order: {@code lock} before a timer's own lock; never held across a park.
 * One waiter per direction at a time (the caller serializes reads and writes per
 * socket, as Go's {@code fdMutex} does); a second one throws {@link IllegalStateException}.
 */
public final class PollDesc {

    /** Go's {@code pdReady}. */
    static final Object READY = new Object() {
        @Override
        public String toString() {
            return "pdReady";
        }
    };
    /** Go's mode {@code 'r'}. */
    static final int MODE_READ = 'r';
    /** Go's mode {@code 'w'}. */
    static final int MODE_WRITE = 'w';

    private static final TimerFunc READ_DEADLINE = (arg, seq, delay) -> ((PollDesc) arg).deadlineFired(true, false);
    private static final TimerFunc WRITE_DEADLINE = (arg, seq, delay) -> ((PollDesc) arg).deadlineFired(false, true);

    private final NetPoller poller;
    private final SelectionKey key;
    private final int readOps;
    private final int writeOps;
    private final ReentrantLock lock = new ReentrantLock();
    @SuppressWarnings("unused")
    private volatile Object rg;
    @SuppressWarnings("unused")
    private volatile Object wg;
    private volatile boolean closing;
    /** Read deadline: 0 none, -1 passed, else a {@link Nanotime} reading. */
    private volatile long rd;
    private volatile long wd;
    private DeadlineTimer rt;
    private DeadlineTimer wt;

    private PollDesc(NetPoller poller, SelectableChannel ch) throws IOException {
        this.poller = poller;
        this.readOps = ch instanceof ServerSocketChannel ? SelectionKey.OP_ACCEPT : SelectionKey.OP_READ;
        this.writeOps = ch instanceof SocketChannel sc && !sc.isConnected()
                ? SelectionKey.OP_CONNECT | SelectionKey.OP_WRITE : SelectionKey.OP_WRITE;
        this.key = poller.register(ch, this);
    }

    /**
     * Go's {@code poll_runtime_pollOpen}: registers {@code ch}, which must be
     * non-blocking, with the runtime's network poller.
     *
     * @param ch a non-blocking socket channel
     * @return the channel's poll descriptor
     * @throws IOException when the channel cannot be registered (closed, or blocking)
     */
    public static PollDesc open(SelectableChannel ch) throws IOException {
        if (ch.isBlocking()) {
            throw new IllegalArgumentException("PollDesc.open: the channel must be non-blocking");
        }
        return new PollDesc(Sched.get().poller.netpoller(), ch);
    }

    /**
     * Go's {@code pd.prepareRead}: fails when closed or past the read deadline.
     *
     * @throws IOException {@link NetClosedException} when closed,
     *         {@link DeadlineExceededException} past the deadline
     */
    public void prepareRead() throws IOException {
        check(MODE_READ);
    }

    /**
     * Go's {@code pd.prepareWrite}: fails when closed or past the write deadline.
     *
     * @throws IOException {@link NetClosedException} when closed,
     *         {@link DeadlineExceededException} past the deadline
     */
    public void prepareWrite() throws IOException {
        check(MODE_WRITE);
    }

    /**
     * Go's {@code pd.waitRead}: waits until the channel may be readable (or acceptable).
     * A goroutine parks ({@code IO wait}); another thread blocks. May return without
     * readiness: the caller retries its operation.
     *
     * @throws NetClosedException       once {@link #evict} was called
     * @throws DeadlineExceededException once the read deadline passed
     */
    public void waitRead() throws IOException {
        await(MODE_READ);
    }

    /**
     * Go's {@code pd.waitWrite}: as {@link #waitRead} for writability (or a connect's end).
     *
     * @throws IOException {@link NetClosedException} when closed,
     *         {@link DeadlineExceededException} past the deadline
     */
    public void waitWrite() throws IOException {
        await(MODE_WRITE);
    }

    /**
     * Go's {@code poll_runtime_pollSetDeadline}: sets the read and/or write deadline to
     * the {@link System#nanoTime()} reading {@code deadlineNanoTime}; 0 clears it; a
     * reading not after now is already past, and wakes a waiter of that direction with
     * {@link DeadlineExceededException}. A new deadline applies to a wait in progress.
     *
     * @param deadlineNanoTime the deadline as a {@link System#nanoTime()} reading, or 0 for none
     * @param read whether to set the read deadline
     * @param write whether to set the write deadline
     */
    public void setDeadline(long deadlineNanoTime, boolean read, boolean write) {
        long d;
        if (deadlineNanoTime == 0) {
            d = 0;
        } else {
            long when = Nanotime.ofNanoTime(deadlineNanoTime);
            d = when <= Nanotime.now() ? -1 : when;
        }
        Object rw = null;
        Object ww = null;
        lock.lock();
        try {
            if (closing) {
                return;
            }
            if (read) {
                rd = d;
                rt = rearm(rt, d, READ_DEADLINE);
                if (d < 0) {
                    rw = unblock(MODE_READ);
                }
            }
            if (write) {
                wd = d;
                wt = rearm(wt, d, WRITE_DEADLINE);
                if (d < 0) {
                    ww = unblock(MODE_WRITE);
                }
            }
        } finally {
            lock.unlock();
        }
        wake(rw);
        wake(ww);
    }

    /**
     * Go's {@code poll_runtime_pollUnblock}: the channel is closing; every waiter wakes
     * with {@link NetClosedException}, and so does every later prepare or wait. Call it
     * before closing the channel. Any thread.
     */
    public void evict() {
        Object rw;
        Object ww;
        lock.lock();
        try {
            if (closing) {
                return;
            }
            closing = true;
            rw = unblock(MODE_READ);
            ww = unblock(MODE_WRITE);
            if (rt != null) {
                rt.stop();
            }
            if (wt != null) {
                wt.stop();
            }
        } finally {
            lock.unlock();
        }
        wake(rw);
        wake(ww);
    }

    /**
     * Go's {@code poll_runtime_pollClose}: after {@link #evict} and the channel's close.
     * A channel registered with a selector keeps its file descriptor until the selector
     * drops the cancelled key, so this makes the poller do that now (Go's close releases
     * the port at once: listening again on it right after succeeds).
     */
    public void close() {
        evict();
        key.cancel();
        poller.flushCancelled();
    }

    // ---------------------------------------------------------------- internals

    private DeadlineTimer rearm(DeadlineTimer t, long d, TimerFunc f) {
        if (d > 0) {
            if (t == null) {
                t = new DeadlineTimer(f, this);
            }
            t.arm(d);
        } else if (t != null) {
            t.stop();
        }
        return t;
    }

    /** A deadline timer fired (on whatever M runs timers): Go's {@code netpolldeadlineimpl}. */
    private void deadlineFired(boolean read, boolean write) {
        Object rw = null;
        Object ww = null;
        lock.lock();
        try {
            long now = Nanotime.now();
            if (read && rd > 0 && rd <= now) {
                rd = -1;
                rw = unblock(MODE_READ);
            }
            if (write && wd > 0 && wd <= now) {
                wd = -1;
                ww = unblock(MODE_WRITE);
            }
        } finally {
            lock.unlock();
        }
        wake(rw);
        wake(ww);
    }

    /** Throws when closing, or when the direction's deadline passed (Go's {@code netpollcheckerr}). */
    private void check(int mode) throws IOException {
        if (closing) {
            throw new NetClosedException();
        }
        if (expired(mode)) {
            throw new DeadlineExceededException();
        }
    }

    private void await(int mode) throws IOException {
        check(mode);
        VarHandle h = mode == MODE_READ ? RG : WG;
        Sched sched = Sched.get();
        G gp = sched.currentG();
        Object me = gp != null ? gp : Thread.currentThread();
        for (;;) {
            Object old = h.getVolatile(this);
            if (old == READY) {
                if (h.compareAndSet(this, READY, null)) {
                    return; // readiness that came before us
                }
            } else if (old != null) {
                throw new IllegalStateException("runtime: double wait on a network poller descriptor");
            } else if (h.compareAndSet(this, null, me)) {
                break;
            }
        }
        poller.arm(key, mode == MODE_READ ? readOps : writeOps);
        try {
            sched.poller.netpollWaiter(gp); // make sure someone polls for a waiter no M polls for
            if (closing || expired(mode)) {
                h.compareAndSet(this, me, null); // a close or deadline that found no waiter
            }
            while (h.getVolatile(this) == me) {
                if (gp != null) {
                    gp.park(WaitReason.IO_WAIT, this);
                } else {
                    LockSupport.park(this);
                }
            }
        } finally {
            poller.disarm();
        }
        h.compareAndSet(this, READY, null); // consume the readiness that woke us
        check(mode);
    }

    private boolean expired(int mode) {
        long d = mode == MODE_READ ? rd : wd;
        return d < 0 || (d > 0 && d <= Nanotime.now());
    }

    /**
     * The poller found the direction ready: Go's {@code netpollunblock(pd, mode, true)}.
     * Returns the waiter to wake, or null. The poller only.
     */
    Object netpollReady(int mode) {
        VarHandle h = mode == MODE_READ ? RG : WG;
        for (;;) {
            Object old = h.getVolatile(this);
            if (old == READY) {
                return null;
            }
            if (h.compareAndSet(this, old, READY)) {
                return old;
            }
        }
    }

    /** Whether a goroutine or thread waits in the direction now (racy; the poller's re-check). */
    boolean hasWaiter(int mode) {
        Object w = (mode == MODE_READ ? RG : WG).getVolatile(this);
        return w != null && w != READY;
    }

    /** Go's {@code netpollunblock(pd, mode, false)}: releases the waiter, returns it (or null). */
    private Object unblock(int mode) {
        VarHandle h = mode == MODE_READ ? RG : WG;
        for (;;) {
            Object old = h.getVolatile(this);
            if (old == null || old == READY) {
                return null;
            }
            if (h.compareAndSet(this, old, null)) {
                return old;
            }
        }
    }

    /**
     * Wakes every waiter in {@code ws} (Gs or threads the poller readied), then empties
     * it. On an M without a P or on another thread, each G goes to the global queue.
     */
    static void wakeAll(java.util.List<Object> ws) {
        for (Object w : ws) {
            wake(w);
        }
        ws.clear();
    }

    /** Wakes a waiter returned by {@link #netpollReady} or {@link #unblock}. */
    static void wake(Object w) {
        if (w instanceof G gp) {
            LockSupport.unpark(gp.thread());
        } else if (w instanceof Thread t) {
            LockSupport.unpark(t);
        }
    }

    private static final VarHandle RG;
    private static final VarHandle WG;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            RG = l.findVarHandle(PollDesc.class, "rg", Object.class);
            WG = l.findVarHandle(PollDesc.class, "wg", Object.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
