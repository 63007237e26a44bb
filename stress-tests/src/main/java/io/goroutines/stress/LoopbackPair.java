package io.goroutines.stress;

import io.goroutines.impl.sched.PollDesc;
import io.goroutines.net.DeadlineExceededException;
import io.goroutines.net.NetClosedException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.openjdk.jcstress.infra.results.II_Result;

/**
 * One connected TCP pair on loopback for the network poller's races ({@link NetPollRace}):
 * the reading side is non-blocking and registered with the runtime's poller through its
 * own {@link PollDesc}; the peer stays blocking and only writes. Each actor of a state
 * calls {@link #join} first (the first one connects the pair, the other waits for it)
 * and {@link #leave} last (the second one closes it), so a pair lives only while its
 * state's actors run: one or two pairs open at a time per forked VM.
 *
 * <p>{@link #read} is the read loop of goroutines-impl's NetPollerTest (Go's
 * {@code fd.Read} loop): prepare, try, wait on the poller when the channel would block,
 * try again. It returns one of the {@code DATA}, {@code CLOSED}, ... codes instead of
 * throwing, so that a test records every ending as an outcome.
 *
 * <h2>Hangs</h2>
 * A lost wake-up leaves the reader parked for ever. jcstress ends an iteration whose
 * actors do not finish within 30 s with a timeout error, but its API sanity check and
 * its footprint estimation join the actor threads with no time limit, and the host waits
 * for the forked VM with none either: a lost wake-up there would hang the whole run.
 * So a daemon watchdog looks at the read in progress (one reader thread at a time per
 * forked VM): blocked for {@link #STUCK_NS}, the read is marked {@link #HUNG} and the
 * watchdog tries to free it through the descriptor's other exits (a past deadline, then
 * {@code evict}); still blocked {@link #STUCK_NS} later, it prints the reader's stack and
 * halts the VM, which jcstress reports as an error of the test.
 */
final class LoopbackPair {

    /** The read returned the byte. */
    static final int DATA = 1;
    /** The read threw {@link NetClosedException} (the descriptor was evicted). */
    static final int CLOSED = 2;
    /** The read threw {@link DeadlineExceededException}. */
    static final int TIMEOUT = 3;
    /** The read saw end of stream (nothing here closes the peer before the read ends). */
    static final int EOF = 4;
    /** The read threw anything else. */
    static final int OTHER = 5;
    /** The read was blocked for {@link #STUCK_NS}: a lost wake-up. */
    static final int HUNG = 9;

    static final long STUCK_NS = TimeUnit.SECONDS.toNanos(10);

    private static ServerSocketChannel listener;

    private static final int NEW = 0;
    private static final int CONNECTING = 1;
    private static final int CONNECTED = 2;
    private static final int FAILED = 3;

    /** Published by {@link #phase} (CONNECTED). */
    SocketChannel ch;
    PollDesc pd;
    SocketChannel peer;
    private final AtomicInteger phase = new AtomicInteger(NEW);
    private final AtomicInteger left = new AtomicInteger();
    private final ByteBuffer buf = ByteBuffer.allocate(1);
    /** The read went to {@code waitRead} at least once (the channel would have blocked). */
    boolean waited;
    /** Set by the watchdog. */
    volatile boolean hung;

    /** A pair for one jcstress state: no socket yet, see {@link #join}. */
    LoopbackPair() {}

    /**
     * Each actor calls this first. The first one connects the pair while the other
     * waits for it, so both start the race together, and no socket exists before a
     * state's actors run (jcstress makes all the states of a round before it runs them:
     * up to 10,240 in quick mode, 2 descriptors each, had they been connected then).
     */
    void join() {
        if (phase.compareAndSet(NEW, CONNECTING)) {
            try {
                connect();
            } catch (RuntimeException | Error e) {
                phase.set(FAILED);
                throw e;
            }
            phase.set(CONNECTED);
            return;
        }
        for (int spins = 0;; spins++) {
            int ph = phase.get();
            if (ph == CONNECTED) {
                return;
            }
            if (ph == FAILED) {
                throw new IllegalStateException("LoopbackPair: the other actor could not connect the pair");
            }
            if (spins < 1000) {
                Thread.onSpinWait();
            } else {
                Thread.yield();
            }
        }
    }

    /** Each actor calls this last: the second one closes the pair. */
    void leave() {
        if (left.incrementAndGet() == 2) {
            close();
        }
    }

    /**
     * Connects the pair. Synchronized: both jcstress actor threads connect pairs (each
     * for the states it reaches first), and a connect must meet its own accept.
     */
    private void connect() {
        synchronized (LoopbackPair.class) {
            SocketChannel c = null;
            SocketChannel pr = null;
            try {
                if (listener == null) {
                    listener = ServerSocketChannel.open();
                    listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
                    Watchdog.start();
                }
                pr = SocketChannel.open(listener.getLocalAddress());
                c = listener.accept();
                c.configureBlocking(false);
                pd = PollDesc.open(c);
                ch = c;
                peer = pr;
            } catch (IOException e) {
                closeQuietly(c);
                closeQuietly(pr);
                throw new UncheckedIOException("LoopbackPair: cannot connect a loopback pair", e);
            }
        }
    }

    /**
     * The reading actor of every {@link NetPollRace} test: joins, reads, leaves; r1 is
     * the read's ending ({@link #HUNG} once the watchdog stepped in), r2 is 1 when the
     * read went to {@code waitRead}.
     */
    void reader(II_Result r) {
        join();
        r.r1 = hung(read());
        r.r2 = waited ? 1 : 0;
        leave();
    }

    /** Reads one byte through the poller (Go's read loop); returns the ending's code. */
    private int read() {
        Watchdog.begin(this);
        try {
            pd.prepareRead();
            for (;;) {
                int n = ch.read(buf);
                if (n > 0) {
                    return DATA;
                }
                if (n < 0) {
                    return EOF;
                }
                waited = true;
                pd.waitRead();
            }
        } catch (NetClosedException e) {
            return CLOSED;
        } catch (DeadlineExceededException e) {
            return TIMEOUT;
        } catch (Throwable e) {
            return OTHER;
        } finally {
            Watchdog.end();
        }
    }

    /** The reader's result: its ending, or {@link #HUNG} once the watchdog had to step in. */
    private int hung(int code) {
        return hung ? HUNG : code;
    }

    /** The peer writes one byte (a fresh socket's send buffer is empty: never blocks). */
    void write() {
        try {
            peer.write(ByteBuffer.wrap(new byte[] {42}));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Go's close order (NetPollerTest's Client.close): evict, close the channel, then the descriptor. */
    private void close() {
        pd.evict();
        closeQuietly(ch);
        pd.close();
        closeQuietly(peer);
    }

    private static void closeQuietly(SocketChannel c) {
        if (c != null) {
            try {
                c.close();
            } catch (IOException ignored) {
                // nothing to do
            }
        }
    }

    /** See "Hangs" in the class comment. */
    private static final class Watchdog {
        private static volatile LoopbackPair reading;
        private static volatile Thread reader;
        private static volatile long since;

        static void start() {
            Thread t = new Thread(Watchdog::run, "LoopbackPair-watchdog");
            t.setDaemon(true);
            t.start();
        }

        static void begin(LoopbackPair p) {
            reader = Thread.currentThread();
            since = System.nanoTime();
            reading = p;
        }

        static void end() {
            reading = null;
        }

        private static void run() {
            LoopbackPair freed = null;
            for (;;) {
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException e) {
                    return;
                }
                LoopbackPair p = reading;
                if (p == null || System.nanoTime() - since < STUCK_NS) {
                    continue;
                }
                if (p != freed) {
                    freed = p;
                    p.hung = true;
                    since = System.nanoTime();
                    p.pd.setDeadline(System.nanoTime() - 1, true, false);
                    p.pd.evict();
                    continue;
                }
                System.err.println("LoopbackPair: a read through the network poller is still blocked "
                        + "after a past deadline and evict(); halting. Reader's stack:");
                Thread t = reader;
                if (t != null) {
                    for (StackTraceElement e : t.getStackTrace()) {
                        System.err.println("\tat " + e);
                    }
                }
                System.err.flush();
                Runtime.getRuntime().halt(3);
            }
        }
    }
}
