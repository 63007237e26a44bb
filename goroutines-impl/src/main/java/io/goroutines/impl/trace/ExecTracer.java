package io.goroutines.impl.trace;

import io.goroutines.impl.diag.Diagnostics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The execution tracer: Go's runtime/trace.go ({@code StartTrace}, {@code StopTrace},
 * the {@code traceEvent} sites) and, at stop, what {@code go tool trace} does to show
 * a trace in the Chrome trace viewer: {@link TraceJsonWriter} turns the events into
 * Chrome/Perfetto trace-event JSON, one track per P.
 *
 * <h2>Events</h2>
 * The scheduler records, into the current M's {@link TraceBuf} (or the shared buffer
 * for other threads):
 * <ul>
 *   <li>{@link #GO_START}/{@link #GO_STOP}: an M runs a G on a P, and the G stopped
 *       (Go's {@code GoStart}, {@code GoStop}/{@code GoBlock}/{@code GoEnd}); the stop
 *       carries the wait reason the G set on its M before parking ({@link #goBlock}).</li>
 *   <li>{@link #GO_UNBLOCK}: a thread made a G runnable (Go's {@code GoUnblock}), or
 *       started it (Go's {@code GoCreate}); the JSON shows it as a flow arrow from the
 *       readier's slice to the readied G's next slice.</li>
 *   <li>{@link #HANDOFF}: sysmon took a P from an M whose G kept running.</li>
 * </ul>
 * Events are kept in memory until {@link #stop}, up to
 * {@code -Dgoroutines.trace.maxEvents} (default 4,194,304, 128 MiB); beyond it they
 * are counted as dropped and the trace says so. (Go streams its trace to the writer as
 * buffers fill; a JSON trace needs every buffer at hand to pair slices and flows.)
 *
 * <h2>Cost</h2>
 * Off, each site is one read of the volatile {@link #enabled} (a plain load on x86).
 * On, an event is a {@code System.nanoTime()} and four stores into the M's buffer.
 *
 * <h2>Lock</h2>
 * {@code startStop} serializes {@link #start} and {@link #stop}; no event site takes it.
 * The static fields other than {@link #enabled} and {@link #gen} are written under it
 * while tracing is off and read by the writers after they saw {@code enabled} true.
 */
public final class ExecTracer {

    private static final Logger log = LoggerFactory.getLogger("io.goroutines");

    /** An M starts running a G: p, goid. */
    static final int GO_START = 1;
    /**
     * The G an M ran stopped: p, goid, arg32 {@link #STOP_ENDED}, or the reason it
     * gave before parking or yielding (its index in the names + 1), or 0 when it gave
     * none (it parked outside the runtime: I/O, {@code java.util.concurrent}).
     */
    static final int GO_STOP = 2;
    static final int STOP_ENDED = -1;
    /** A G was readied: p of the readier, goid the readier (0: none), arg the readied goid, arg32 1 at creation. */
    static final int GO_UNBLOCK = 4;
    /** sysmon handed off p: goid the G that keeps running without it, arg32 its M. */
    static final int HANDOFF = 5;

    /** Whether a trace is being recorded: read at every event site. */
    static volatile boolean enabled;
    /** The current trace's number, from 1. */
    static volatile int gen;

    private static final ReentrantLock startStop = new ReentrantLock();
    private static final ConcurrentLinkedQueue<TraceBuf> bufs = new ConcurrentLinkedQueue<>();
    private static final TraceBuf foreign = new TraceBuf("other threads", true);
    private static final AtomicLong chunksLeft = new AtomicLong();
    private static final AtomicLong droppedEvents = new AtomicLong();
    /** Names of goroutines ({@code Go.go(name, ...)}), by goid, for the slices. */
    private static final Map<Long, String> names = new ConcurrentHashMap<>();
    private static OutputStream out;
    private static Path path;
    private static List<String> reasonNames;
    private static int nprocs;
    private static long startNanos;

    private ExecTracer() {
    }

    /** {@return whether tracing is on (racy; the event methods check again)} */
    public static boolean enabled() {
        return enabled;
    }

    /**
     * Go's {@code StartTrace}: creates (or truncates) {@code file} and starts
     * recording.
     *
     * @param file where {@link #stop} writes the trace
     * @param reasons the display names that {@link #goBlock} indexes
     * @param procs GOMAXPROCS now, for the P tracks
     * @param liveNames the names of goroutines already running, by goid
     * @throws IllegalStateException when a trace is already being recorded
     * @throws IOException when the file cannot be created
     */
    public static void start(Path file, List<String> reasons, int procs, Map<Long, String> liveNames)
            throws IOException {
        startStop.lock();
        try {
            if (enabled) {
                throw new IllegalStateException(
                        "tracing is already enabled: call GoRuntime.stopTrace() before starting another trace");
            }
            OutputStream os = new BufferedOutputStream(Files.newOutputStream(file,
                    StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE),
                    1 << 16);
            long maxEvents = Long.getLong("goroutines.trace.maxEvents", 4L << 20);
            chunksLeft.set(Math.max(1, (maxEvents + TraceBuf.CHUNK_EVENTS - 1) / TraceBuf.CHUNK_EVENTS));
            droppedEvents.set(0);
            bufs.clear();
            names.clear();
            names.putAll(liveNames);
            out = os;
            path = file;
            reasonNames = List.copyOf(reasons);
            nprocs = procs;
            startNanos = System.nanoTime();
            gen = gen + 1;
            enabled = true; // publishes the fields above to the writers
        } finally {
            startStop.unlock();
        }
        log.debug("goroutines: execution trace started, writing to {}", file);
    }

    /**
     * Go's {@code StopTrace}: stops recording, writes the JSON and closes the file.
     * Does nothing when no trace is being recorded.
     *
     * @return the file written, or null when no trace was being recorded
     * @throws IOException when writing fails
     */
    public static Path stop() throws IOException {
        startStop.lock();
        try {
            if (!enabled) {
                return null;
            }
            enabled = false;
            long endNanos = System.nanoTime();
            List<TraceBuf.EventCursor> cursors = new ArrayList<>();
            for (TraceBuf b : bufs) {
                b.quiesce();
                cursors.add(b.drain());
            }
            bufs.clear();
            long dropped = droppedEvents.get();
            Path file = path;
            try (OutputStream os = out) {
                new TraceJsonWriter(os, reasonNames, nprocs, startNanos, endNanos, Map.copyOf(names), dropped)
                        .write(cursors);
            } finally {
                out = null;
                path = null;
                names.clear();
            }
            if (dropped > 0) {
                Diagnostics.report(log, Level.WARN, "goroutines: the execution trace " + file + " lost " + dropped
                        + " events beyond -Dgoroutines.trace.maxEvents", null);
            }
            return file;
        } finally {
            startStop.unlock();
        }
    }

    // ------------------------------------------------------------------ event sites

    /** An M's buffer, or the shared one when {@code b} is null. */
    private static TraceBuf buf(TraceBuf b) {
        return b != null ? b : foreign;
    }

    /**
     * The M that owns {@code b} starts running {@code goid} on {@code p}.
     *
     * @param b the M's buffer, or null on a thread that is not an M
     * @param p the P's id
     * @param goid the goroutine
     */
    public static void goStart(TraceBuf b, int p, long goid) {
        buf(b).emit(GO_START, p, 0, goid, 0);
    }

    /**
     * The M that owns {@code b} is back from running {@code goid} on {@code p}.
     *
     * @param b the M's buffer
     * @param p the P's id
     * @param goid the goroutine
     * @param ended whether the goroutine ended
     */
    public static void goStop(TraceBuf b, int p, long goid, boolean ended) {
        int reason = b.blockReason;
        b.blockReason = 0;
        b.emit(GO_STOP, p, ended ? STOP_ENDED : reason, goid, 0);
    }

    /**
     * The G running on the M that owns {@code b} is about to park or yield for
     * {@code reason} (an index into the names given to {@link #start}); its
     * {@link #goStop} will say so.
     *
     * @param b the M's buffer
     * @param reason the index of the wait reason
     */
    public static void goBlock(TraceBuf b, int reason) {
        b.blockReason = reason + 1;
    }

    /** {@link #goUnblock}'s {@code from} for a goroutine readied by the network poller. */
    public static final long FROM_NETPOLL = -1;

    /**
     * {@code from} (0: not a goroutine) made {@code to} runnable, on P {@code p} (-1:
     * none); {@code create} when it started it. {@code name} is {@code to}'s name or
     * null.
     *
     * @param b the M's buffer, or null on a thread that is not an M
     * @param p the P's id, or -1
     * @param from the goroutine that readied {@code to}, 0, or {@link #FROM_NETPOLL}
     * @param to the goroutine made runnable
     * @param create whether {@code from} started {@code to}
     * @param name {@code to}'s name, or null
     */
    public static void goUnblock(TraceBuf b, int p, long from, long to, boolean create, String name) {
        if (create && name != null && enabled) {
            names.put(to, name);
        }
        buf(b).emit(GO_UNBLOCK, p, create ? 1 : 0, from, to);
    }

    /**
     * sysmon took {@code p} from M {@code mid}, whose G {@code goid} runs on.
     *
     * @param p the P's id
     * @param goid the goroutine still running on the M
     * @param mid the M's id
     */
    public static void handoff(int p, long goid, int mid) {
        foreign.emit(HANDOFF, p, mid, goid, 0);
    }

    // ------------------------------------------------------------------ for TraceBuf

    static void register(TraceBuf b) {
        bufs.add(b);
    }

    /** Takes one chunk from the event budget; false when it is spent. */
    static boolean reserveChunk() {
        return chunksLeft.getAndDecrement() > 0;
    }

    static void dropped() {
        droppedEvents.incrementAndGet();
    }
}
