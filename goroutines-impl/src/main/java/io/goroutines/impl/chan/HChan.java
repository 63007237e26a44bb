package io.goroutines.impl.chan;

import io.goroutines.Chan;
import io.goroutines.Panic;
import io.goroutines.Received;
import io.goroutines.impl.panic.PanicMessages;
import io.goroutines.impl.sched.Sched;
import io.goroutines.impl.sched.SpinLock;
import io.goroutines.impl.sched.TimerChannel;
import io.goroutines.impl.sched.RuntimeTimer;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * A channel: Go's {@code hchan} with {@code makechan}, {@code chansend},
 * {@code chanrecv} and {@code closechan} (runtime/chan.go).
 *
 * <h2>Implementation overview</h2>
 * <ul>
 *   <li>A ring buffer of {@code dataqsiz} slots ({@code buf}, {@code sendx},
 *       {@code recvx}, {@code qcount}), FIFO queues of parked senders and receivers
 *       ({@code sendq}, {@code recvq}), a {@code closed} flag, and one short lock.</li>
 *   <li>A sender that finds a parked receiver hands the value straight into the
 *       receiver's sudog and readies it, bypassing the buffer; a receiver that finds a
 *       parked sender takes its value (unbuffered), or takes the buffer's head and moves
 *       the sender's value into the freed slot (buffered, full).</li>
 *   <li>Waking is {@code LockSupport.unpark}, always after the lock is released. The JDK
 *       then calls the woken goroutine's scheduler, which puts it in the waker's P's
 *       {@code runnext}: a ping-pong of two goroutines stays on one P, as in Go.</li>
 *   <li>Never park while holding the lock: enqueue the sudog, unlock, park.</li>
 * </ul>
 *
 * <h2>Invariants (Go's, chan.go)</h2>
 * <ul>
 *   <li>At least one of {@code sendq} and {@code recvq} is empty, except for an
 *       unbuffered channel with one goroutine blocked in a select both sending and
 *       receiving on it.</li>
 *   <li>Buffered: {@code qcount > 0} implies {@code recvq} is empty;
 *       {@code qcount < dataqsiz} implies {@code sendq} is empty.</li>
 * </ul>
 *
 * <h2>The lock</h2>
 * Go's {@code hchan.lock} is a runtime mutex that spins, yields, then sleeps the M
 * (lock_futex.go); it never parks the goroutine. Here it is a test-and-set word that
 * spins. That is enough because no holder ever blocks or unmounts: the critical
 * sections copy a value, link or unlink a sudog, and return (readying and parking happen
 * outside), so a holder is always running. A virtual thread must never yield while
 * waiting for it: a select acquiring its second lock would unmount holding the first,
 * and the spinners, re-queued in {@code runnext}, would keep their Ps from ever running
 * it again (a livelock seen in BenchmarkChanPopular). Only a platform thread yields,
 * which is an OS-level yield: the thread stays runnable and keeps its locks.
 * Lock order: by channel {@link #id()} when a select holds several (selectgo's
 * lockorder); a single operation holds one.
 *
 * <h2>Racy reads</h2>
 * {@code closed}, {@code qcount} and the wait queues' heads are read without the lock
 * by the would-block fast path of non-blocking operations (Go's {@code full} and
 * {@code empty}) and by {@code len()}. They are written under the lock with release
 * stores; a stale read only makes the fast path fall through to the locked path, or
 * reports a would-block that was true at some instant during the call, which is the
 * linearization Go's comments argue for.
 *
 * @param <T> the element type
 */
public final class HChan<T> implements Chan<T>, TimerChannel {

    private static final AtomicLong IDS = new AtomicLong();

    /** A buffer size below any heap's {@link #maxBufferSize()}: 256 KiB of references at most. */
    private static final int SMALL_BUFFER = 1 << 16;
    /** The buffer of every unbuffered channel: never read nor written. */
    private static final Object[] NO_BUFFER = new Object[0];
    /** Internal results of a receive, distinct from any element. */
    static final Object WOULD_BLOCK = new Object();
    static final Object CLOSED = new Object();
    /** Internal result of a send that completed. */
    static final Object SENT = new Object();

    /**
     * Lock order among channels (Go orders by hchan address): 0 until a select over
     * several channels first asks for it ({@link #id()}), so that {@code make} does not
     * touch a counter shared by every thread. Written once, by CAS from 0; read racily
     * (a volatile read, free on x86), and a reader that sees 0 takes the CAS path.
     */
    private volatile long id;
    final int dataqsiz;
    private final Object[] buf;
    private int sendx;
    private int recvx;
    @SuppressWarnings("unused")
    private int qcount;
    @SuppressWarnings("unused")
    private boolean closed;
    /** Go's {@code c.recvq} and {@code c.sendq}, inline (see {@link WaitQ}); the lock guards them. */
    Sudog recvqFirst;
    Sudog recvqLast;
    Sudog sendqFirst;
    Sudog sendqLast;
    /**
     * Go's {@code c.timer}: the timer feeding this channel, for the channels of
     * {@code newTimer}, {@code after} and tickers; null otherwise. Immutable.
     */
    final RuntimeTimer timer;
    @SuppressWarnings("unused")
    private volatile int lock;

    /**
     * The largest buffer {@code makechan} accepts, Go's {@code mem > maxAlloc} check of
     * runtime/chan.go in the JVM's terms (the contract is in {@code Chan.make(int)}):
     * the buffer is one {@code Object[]}, so a size must be at most
     * {@code Integer.MAX_VALUE - 8}, the largest array length every JVM allows (some
     * reserve header words; java.util's growth code keeps to the same limit), and its
     * array must fit in {@link Runtime#maxMemory()} at 4 bytes a reference, the
     * smallest a reference takes (compressed oops). A size above either can never be
     * allocated: Go's "size out of range" panic, not an {@link OutOfMemoryError}. A size
     * under both may still not fit in the free heap; that is an OutOfMemoryError, as Go
     * throws "out of memory".
     */
    static int maxBufferSize() {
        long byMemory = Runtime.getRuntime().maxMemory() / 4;
        return (int) Math.min(Integer.MAX_VALUE - 8, byMemory);
    }

    /**
     * Go's {@code makechan}; panics {@code "makechan: size out of range"} as {@link #maxBufferSize()} says.
     *
     * @param capacity the buffer size; 0 for an unbuffered channel
     */
    public HChan(int capacity) {
        this(capacity, null);
    }

    /**
     * A timer's channel (Go's {@code newTimer} sets {@code c.timer}): one slot, which
     * {@code len} and {@code cap} hide (Go 1.23's synchronous timer channels).
     *
     * @param capacity the buffer size (1 for a timer channel)
     * @param timer the timer that feeds this channel, or null for a plain channel
     */
    public HChan(int capacity, RuntimeTimer timer) {
        // maxMemory() is a call into the JVM: ask only for a size that could exceed it
        // (any heap holds SMALL_BUFFER references).
        if (capacity < 0 || (capacity > SMALL_BUFFER && capacity > maxBufferSize())) {
            throw new Panic(PanicMessages.MAKECHAN_SIZE_OUT_OF_RANGE);
        }
        if (timer != null && capacity == 0) {
            throw new IllegalArgumentException("invalid timer channel: no capacity");
        }
        this.dataqsiz = capacity;
        this.buf = capacity == 0 ? NO_BUFFER : new Object[capacity];
        this.timer = timer;
    }

    /** {@return this channel's place in the lock order, drawn from a global counter on first use} */
    long id() {
        long i = id;
        if (i != 0) {
            return i;
        }
        long mine = IDS.incrementAndGet();
        long witness = (long) ID.compareAndExchange(this, 0L, mine);
        return witness == 0 ? mine : witness;
    }

    // ---------------------------------------------------------------- the lock

    void lock() {
        SpinLock.lock(LOCK, this);
    }

    void unlock() {
        SpinLock.unlock(LOCK, this);
    }

    // ---------------------------------------------------------------- racy reads

    boolean lvClosed() {
        return (boolean) CLOSED_FIELD.getAcquire(this);
    }

    private void soClosed() {
        CLOSED_FIELD.setRelease(this, true);
    }

    int lvQcount() {
        return (int) QCOUNT.getAcquire(this);
    }

    private void soQcount(int n) {
        QCOUNT.setRelease(this, n);
    }

    /** Go's {@code full}: a send would block. Racy. */
    private boolean full() {
        if (dataqsiz == 0) {
            return WaitQ.isEmptyRacy(this, WaitQ.RECV);
        }
        return lvQcount() == dataqsiz;
    }

    /** Go's {@code empty}: a receive would block. Racy. */
    private boolean empty() {
        if (dataqsiz == 0) {
            return WaitQ.isEmptyRacy(this, WaitQ.SEND);
        }
        return lvQcount() == 0;
    }

    // ---------------------------------------------------------------- buffer, lock held

    boolean closedLocked() {
        return lvClosed();
    }

    int qcountLocked() {
        return lvQcount();
    }

    /** Appends to the ring. Lock held; {@code qcount < dataqsiz}. */
    void bufPut(Object v) {
        buf[sendx] = v;
        if (++sendx == dataqsiz) {
            sendx = 0;
        }
        soQcount(lvQcount() + 1);
    }

    /** Takes the ring's head. Lock held; {@code qcount > 0}. */
    Object bufTake() {
        Object v = buf[recvx];
        buf[recvx] = null;
        if (++recvx == dataqsiz) {
            recvx = 0;
        }
        soQcount(lvQcount() - 1);
        return v;
    }

    /**
     * Go's {@code send}, first half: hands {@code v} to the receiver {@code sg} dequeued
     * from {@code recvq}. The caller then unlocks and calls {@link #goready}. Lock held.
     */
    static void sendTo(Sudog sg, Object v) {
        sg.elem = v;
        sg.success = true;
    }

    /**
     * Go's {@code recv}: takes a value given the sender {@code sg} dequeued from
     * {@code sendq}: its own value when unbuffered; else the buffer's head, the sender's
     * value taking the freed slot at the tail (the buffer is full). Does not unlock or
     * wake: the caller unlocks, then calls {@link #goready}. Lock held.
     */
    Object recvFrom(Sudog sg) {
        Object v;
        if (dataqsiz == 0) {
            v = sg.elem;
        } else {
            v = buf[recvx];
            buf[recvx] = sg.elem;
            if (++recvx == dataqsiz) {
                recvx = 0;
            }
            sendx = recvx; // the buffer stays full
        }
        sg.elem = null;
        sg.success = true;
        return v;
    }

    /** Wakes the waiter of {@code sg}; after every lock is released. Go's {@code goready}. */
    static void goready(Sudog sg) {
        Thread t = sg.thread; // read first: once signalled, the waiter may clear the sudog
        sg.signal();
        LockSupport.unpark(t);
    }

    // ---------------------------------------------------------------- chansend

    /**
     * Go's {@code chansend} up to its {@code gopark}: {@link #SENT} when sent,
     * {@link #WOULD_BLOCK} when non-blocking and it would block, or, for a blocking
     * send that must wait, the sudog it enqueued (lock released): the caller then
     * calls {@link #awaitSend} with it.
     *
     * <p>Why the wait is the caller's: a parked goroutine freezes every frame on its
     * stack into its stack chunk, and this method's compiled frame is large (its many
     * paths keep many values). Returning before the park leaves only the smaller frame
     * of {@code awaitSend} under it. Receives have the same shape ({@link #chanrecv});
     * the stack-chunk census that measured the gain is in docs/benchmarks.md (Memory).
     */
    Object chansend(Object v, boolean block) {
        // Fast path: a non-blocking send on a full open channel fails without the lock.
        // closed is read before full(): if the channel was open then and is full now, a
        // send would have blocked at the instant between the two reads (Go's argument).
        if (!block && !lvClosed() && full()) {
            return WOULD_BLOCK;
        }
        lock();
        if (lvClosed()) {
            unlock();
            throw new Panic(PanicMessages.SEND_ON_CLOSED_CHANNEL);
        }
        Sudog sg = WaitQ.dequeue(this, WaitQ.RECV);
        if (sg != null) {
            sendTo(sg, v);
            unlock();
            goready(sg);
            return SENT;
        }
        if (lvQcount() < dataqsiz) {
            bufPut(v);
            unlock();
            return SENT;
        }
        if (!block) {
            unlock();
            return WOULD_BLOCK;
        }
        PlainSudog mysg = new PlainSudog(this, true, v);
        WaitQ.enqueue(this, WaitQ.SEND, mysg);
        unlock();
        return mysg;
    }

    /**
     * The rest of a blocking {@link #chansend} after it enqueued {@code mysg}: Go's
     * {@code gopark} and what follows it. Panics when the channel was closed while the
     * sender waited.
     */
    static void awaitSend(PlainSudog mysg) {
        mysg.park();
        boolean ok = mysg.success;
        mysg.clear();
        if (!ok) {
            throw new Panic(PanicMessages.SEND_ON_CLOSED_CHANNEL);
        }
    }

    // ---------------------------------------------------------------- chanrecv

    /**
     * Go's {@code chanrecv} up to its {@code gopark}: the value received,
     * {@link #CLOSED} when closed and drained, {@link #WOULD_BLOCK} (non-blocking
     * only), or, for a blocking receive that must wait, the sudog it enqueued (lock
     * released; never an element, as no program holds a sudog): the caller then calls
     * {@link #awaitRecv} with it. The wait is the caller's for the reason
     * {@link #chansend} gives.
     */
    Object chanrecv(boolean block) {
        if (timer != null) {
            timer.maybeRunChan();
        }
        if (!block && empty()) {
            // Go: closed must be read after empty(); if it was open, the channel was open
            // and empty at one instant, and a receive would have blocked.
            if (!lvClosed()) {
                return WOULD_BLOCK;
            }
            // Closed: re-check emptiness, a send may have landed before the close.
            if (empty()) {
                return CLOSED;
            }
        }
        lock();
        if (lvClosed()) {
            if (lvQcount() == 0) {
                unlock();
                return CLOSED;
            }
            // closed, but values are still buffered: receive them
        } else {
            Sudog sg = WaitQ.dequeue(this, WaitQ.SEND);
            if (sg != null) {
                Object v = recvFrom(sg);
                unlock();
                goready(sg);
                return v;
            }
        }
        if (lvQcount() > 0) {
            Object v = bufTake();
            unlock();
            return v;
        }
        if (!block) {
            unlock();
            return WOULD_BLOCK;
        }
        PlainSudog mysg = new PlainSudog(this, false, null);
        WaitQ.enqueue(this, WaitQ.RECV, mysg);
        if (timer != null) {
            timer.blockTimerChan();
        }
        unlock();
        return mysg;
    }

    /**
     * The rest of a blocking {@link #chanrecv} after it enqueued {@code mysg}: Go's
     * {@code gopark} and what follows it. Returns the value, or {@link #CLOSED} when the
     * channel was closed while the receiver waited.
     */
    static Object awaitRecv(PlainSudog mysg) {
        mysg.park();
        HChan<?> c = mysg.c;
        if (c.timer != null) {
            c.timer.unblockTimerChan();
        }
        Object v = mysg.success ? mysg.elem : CLOSED;
        mysg.clear();
        return v;
    }

    /** A blocking receive: the value, or {@link #CLOSED} when closed and drained. */
    private Object recvBlocking() {
        Object v = chanrecv(true);
        return v instanceof PlainSudog sg ? awaitRecv(sg) : v;
    }

    // ---------------------------------------------------------------- interruptible (ADR 0017)

    /**
     * {@link #recvBlocking} that an interrupt ends: the status set on entry throws before
     * anything is received; an interrupt while parked withdraws the sudog, unless a
     * sender or a close dequeued it first (under the lock, so the withdrawal cannot miss
     * it), in which case the receive completes and the status is set again.
     */
    private Object recvInterruptibly0() throws InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        Object v = chanrecv(true);
        if (!(v instanceof PlainSudog mysg)) {
            return v;
        }
        if (!mysg.parkInterruptibly()) {
            withdraw(mysg, WaitQ.RECV);
        }
        if (timer != null) {
            timer.unblockTimerChan();
        }
        Object r = mysg.success ? mysg.elem : CLOSED;
        mysg.clear();
        return r;
    }

    /**
     * An interrupted wait on {@code mysg}, in queue {@code q} of its channel: takes it out
     * and throws {@link InterruptedException}, or, when a waker dequeued it first, waits
     * for that waker's signal (the operation completed) and returns with the interrupt
     * status set.
     */
    private static void withdraw(PlainSudog mysg, boolean q) throws InterruptedException {
        HChan<?> c = mysg.c;
        c.lock();
        boolean removed = WaitQ.remove(c, q, mysg);
        c.unlock();
        if (!removed) {
            mysg.parkUntilWoken(true);
            return;
        }
        if (q == WaitQ.RECV && c.timer != null) {
            c.timer.unblockTimerChan();
        }
        mysg.clear();
        throw new InterruptedException();
    }

    /**
     * Go's {@code sendTime}'s non-blocking send, for the timer that feeds this channel.
     * Not a safe point: the timer's send lock is held, and a holder of a runtime spin
     * lock must never yield (see {@link SpinLock}).
     *
     * @param v the time value
     * @return whether the value was sent (the buffer had room)
     */
    public boolean timerSend(Object v) {
        return chansend(v, false) == SENT;
    }

    /**
     * Go's {@code timerchandrain}: empties a timer channel's buffer, so that no value
     * computed before a {@code stop} or {@code reset} is received after it. Returns
     * whether a value was dropped. The caller holds the timer's send lock.
     *
     * @return whether a value was dropped
     */
    @Override
    public boolean timerDrain() {
        if (lvQcount() == 0) {
            return false;
        }
        lock();
        boolean any = false;
        while (lvQcount() > 0) {
            bufTake();
            any = true;
        }
        unlock();
        return any;
    }

    // ---------------------------------------------------------------- closechan

    /** Go's {@code closechan}: readies every waiter; senders will panic. */
    @Override
    public void close() {
        lock();
        if (lvClosed()) {
            unlock();
            throw new Panic(PanicMessages.CLOSE_OF_CLOSED_CHANNEL);
        }
        soClosed();
        // Collect all waiters under the lock, wake them after it (Go's glist).
        Sudog list = null;
        Sudog sg;
        while ((sg = WaitQ.dequeue(this, WaitQ.RECV)) != null) {
            sg.elem = null;
            sg.success = false;
            sg.next = list;
            list = sg;
        }
        while ((sg = WaitQ.dequeue(this, WaitQ.SEND)) != null) {
            sg.elem = null;
            sg.success = false;
            sg.next = list;
            list = sg;
        }
        unlock();
        while (list != null) {
            Sudog next = list.next;
            list.next = null;
            goready(list);
            list = next;
        }
    }

    // ---------------------------------------------------------------- the API

    @Override
    public void send(T value) {
        Sched.get().safePoint();
        if (chansend(value, true) instanceof PlainSudog sg) {
            awaitSend(sg);
        }
    }

    @Override
    public void sendInterruptibly(T value) throws InterruptedException {
        Sched.get().safePoint();
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        if (chansend(value, true) instanceof PlainSudog mysg) {
            if (!mysg.parkInterruptibly()) {
                withdraw(mysg, WaitQ.SEND);
            }
            boolean ok = mysg.success;
            mysg.clear();
            if (!ok) {
                throw new Panic(PanicMessages.SEND_ON_CLOSED_CHANNEL);
            }
        }
    }

    @Override
    public boolean trySend(T value) {
        Sched.get().safePoint();
        return chansend(value, false) == SENT;
    }

    @Override
    @SuppressWarnings("unchecked")
    public T recv() {
        Sched.get().safePoint();
        Object v = recvBlocking();
        return v == CLOSED ? null : (T) v;
    }

    @Override
    @SuppressWarnings("unchecked")
    public Received<T> recvOk() {
        Sched.get().safePoint();
        Object v = recvBlocking();
        return v == CLOSED ? new Received<>(null, false) : new Received<>((T) v, true);
    }

    @Override
    @SuppressWarnings("unchecked")
    public T recvInterruptibly() throws InterruptedException {
        Sched.get().safePoint();
        Object v = recvInterruptibly0();
        return v == CLOSED ? null : (T) v;
    }

    @Override
    @SuppressWarnings("unchecked")
    public Received<T> recvOkInterruptibly() throws InterruptedException {
        Sched.get().safePoint();
        Object v = recvInterruptibly0();
        return v == CLOSED ? new Received<>(null, false) : new Received<>((T) v, true);
    }

    @Override
    @SuppressWarnings("unchecked")
    public Received<T> tryRecv() {
        Sched.get().safePoint();
        Object v = chanrecv(false);
        if (v == WOULD_BLOCK) {
            return null;
        }
        return v == CLOSED ? new Received<>(null, false) : new Received<>((T) v, true);
    }

    @Override
    public int len() {
        return timer != null ? 0 : lvQcount();
    }

    @Override
    public int cap() {
        return timer != null ? 0 : dataqsiz;
    }

    /** {@code for v := range ch}: ends when the channel is closed and drained. */
    @Override
    public Iterator<T> iterator() {
        return new Iterator<>() {
            private Object next = WOULD_BLOCK; // not yet received

            @Override
            public boolean hasNext() {
                if (next == WOULD_BLOCK) {
                    Sched.get().safePoint();
                    next = recvBlocking();
                }
                return next != CLOSED;
            }

            @Override
            @SuppressWarnings("unchecked")
            public T next() {
                if (!hasNext()) {
                    throw new NoSuchElementException("channel closed");
                }
                T v = (T) next;
                next = WOULD_BLOCK;
                return v;
            }
        };
    }

    @Override
    public String toString() {
        return "chan#" + id() + "(len=" + lvQcount() + ", cap=" + dataqsiz + (lvClosed() ? ", closed)" : ")");
    }

    private static final VarHandle LOCK;
    private static final VarHandle ID;
    private static final VarHandle QCOUNT;
    private static final VarHandle CLOSED_FIELD;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            LOCK = l.findVarHandle(HChan.class, "lock", int.class);
            ID = l.findVarHandle(HChan.class, "id", long.class);
            QCOUNT = l.findVarHandle(HChan.class, "qcount", int.class);
            CLOSED_FIELD = l.findVarHandle(HChan.class, "closed", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
