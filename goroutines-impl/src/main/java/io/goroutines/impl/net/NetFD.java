package io.goroutines.impl.net;

import io.goroutines.impl.sched.PollDesc;
import io.goroutines.impl.sync.SyncImpl;
import io.goroutines.net.NetClosedException;
import io.goroutines.spi.SyncSpi;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.SelectableChannel;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Go's {@code netFD} with its {@code poll.FD} (net/fd_posix.go, internal/poll/fd_unix.go):
 * a non-blocking channel registered with the runtime's poller, the locks that keep
 * reads (and accepts) and writes one at a time (Go's {@code fdMutex} read and write
 * locks), and closing.
 */
final class NetFD {

    final String net;
    final SelectableChannel ch;
    final PollDesc pd;
    final InetSocketAddress laddr;
    final InetSocketAddress raddr;

    /** Go's {@code fdMutex} read lock: one read (or accept) at a time, parking goroutines. */
    private final SyncSpi.Locker readLock = SyncImpl.get().newMutex();
    /** Go's {@code fdMutex} write lock. */
    private final SyncSpi.Locker writeLock = SyncImpl.get().newMutex();
    private final AtomicBoolean closed = new AtomicBoolean();

    NetFD(String net, SelectableChannel ch, PollDesc pd, InetSocketAddress laddr, InetSocketAddress raddr) {
        this.net = net;
        this.ch = ch;
        this.pd = pd;
        this.laddr = laddr;
        this.raddr = raddr;
    }

    /** Go's {@code OpError} prefix for {@code op} on this fd: {@code "read tcp a->b"}. */
    String prefix(String op) {
        return OpErrors.prefix(op, net, laddr, raddr);
    }

    boolean closed() {
        return closed.get();
    }

    /** Go's {@code readLock}: fails with {@link NetClosedException} once closed. */
    void readLock() throws IOException {
        readLock.lock();
        if (closed.get()) {
            readLock.unlock();
            throw new NetClosedException();
        }
    }

    void readUnlock() {
        readLock.unlock();
    }

    void writeLock() throws IOException {
        writeLock.lock();
        if (closed.get()) {
            writeLock.unlock();
            throw new NetClosedException();
        }
    }

    void writeUnlock() {
        writeLock.unlock();
    }

    /**
     * Go's {@code FD.Close}: wakes every waiter ({@code pd.evict}), closes the channel,
     * then drops the poller registration. Idempotent.
     */
    void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        pd.evict();
        try {
            ch.close();
        } catch (IOException ignored) {
            // as Go's Close of a socket: nothing is left to do with it
        }
        pd.close();
    }

    /** Clears the calling thread's interrupt status and returns it: an interrupted thread would close a NIO channel. */
    static boolean clearInterrupt() {
        return Thread.interrupted();
    }

    /** Puts back the interrupt status saved by {@link #clearInterrupt()}. */
    static void restoreInterrupt(boolean interrupted) {
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
