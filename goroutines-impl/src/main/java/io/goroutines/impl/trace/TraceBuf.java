package io.goroutines.impl.trace;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.List;

/**
 * One writer's execution-trace events: Go's {@code traceBuf} (runtime/tracebuf.go),
 * here a list of fixed-size chunks of {@code long} records, {@value #WORDS} words per
 * event: {@code {type | p << 8 | arg32 << 32, nanoTime, goid, arg}}.
 *
 * <h2>Who writes, who reads</h2>
 * Every M owns one buffer, written only on that M's OS thread: by the M's scheduler
 * loop and by the goroutine mounted on it, which run one after the other, never at
 * once (the loop is suspended inside the G's resume). Threads that are not Ms (sysmon,
 * platform threads, other virtual threads) share one buffer guarded by {@link #lock}.
 * So a buffer's events are in timestamp order.
 *
 * <p>The reader is {@link ExecTracer#stop}, once, after it turned tracing off. The
 * hand-over is Go's per-M trace seqlock ({@code mp.trace.seqlock}): a writer makes
 * {@link #seq} odd (volatile), then re-reads {@link ExecTracer#enabled}, writes, and
 * makes {@code seq} even again (release). The stopper clears {@code enabled}
 * (volatile), then waits until {@code seq} is even. Under the total order of volatile
 * accesses either the writer sees tracing off and writes nothing, or the stopper sees
 * the odd {@code seq} and waits for the even one, whose release publishes the event.
 *
 * <p>{@link #gen} ties the buffer to one trace: the first event of a new trace clears
 * the old chunks and registers the buffer with the tracer.
 */
public final class TraceBuf {

    /** Words per event. */
    static final int WORDS = 4;
    /** Events per chunk: 4,096 events, 128 KiB. */
    static final int CHUNK_EVENTS = 4096;
    private static final int CHUNK_WORDS = CHUNK_EVENTS * WORDS;

    private static final VarHandle SEQ;
    private static final VarHandle LOCK;

    static {
        try {
            SEQ = MethodHandles.lookup().findVarHandle(TraceBuf.class, "seq", int.class);
            LOCK = MethodHandles.lookup().findVarHandle(TraceBuf.class, "lock", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** A name for diagnostics ("M3", "other threads"). */
    final String owner;
    /** Whether threads share this buffer and must take {@link #lock}. */
    private final boolean shared;
    /** Odd while an event is being written (see the class comment). */
    @SuppressWarnings("unused")
    private volatile int seq;
    /** For the shared buffer: 0 free, 1 held. Held only while one event is copied in. */
    @SuppressWarnings("unused")
    private volatile int lock;
    /** The trace generation these chunks belong to; 0 for none. Writer only. */
    private int gen;
    /** Full chunks then the current one. Writer only while tracing; the stopper after. */
    private final List<long[]> chunks = new ArrayList<>();
    private long[] cur;
    private int pos;
    /**
     * Why the G running on this M is about to stop (a reason index + 1; 0: none),
     * set by the G before it parks or yields and taken by the M's {@code GO_STOP}:
     * not an event of its own, because both run on the M's OS thread, one after the
     * other. The M's buffer only.
     */
    int blockReason;

    /**
     * An M's own buffer.
     *
     * @param owner the M's name, for the trace's track
     */
    public TraceBuf(String owner) {
        this(owner, false);
    }

    TraceBuf(String owner, boolean shared) {
        this.owner = owner;
        this.shared = shared;
    }

    /**
     * Appends one event with the current time; drops it when tracing is off or the
     * tracer's event budget is spent.
     */
    void emit(int type, int p, int arg32, long goid, long arg) {
        if (shared) {
            while (!LOCK.compareAndSet(this, 0, 1)) {
                Thread.onSpinWait(); // held only for one copy; never across a block
            }
        }
        try {
            int s = seq;
            SEQ.setVolatile(this, s + 1);
            try {
                if (!ExecTracer.enabled) {
                    return;
                }
                int g = ExecTracer.gen;
                if (gen != g) {
                    chunks.clear();
                    cur = null;
                    gen = g;
                    ExecTracer.register(this);
                }
                if (cur == null || pos == CHUNK_WORDS) {
                    if (!ExecTracer.reserveChunk()) {
                        ExecTracer.dropped();
                        return;
                    }
                    cur = new long[CHUNK_WORDS];
                    chunks.add(cur);
                    pos = 0;
                }
                long[] c = cur;
                int i = pos;
                c[i] = (type & 0xFF) | ((long) (p + 1) & 0xFF_FFFF) << 8 | (long) arg32 << 32;
                c[i + 1] = System.nanoTime();
                c[i + 2] = goid;
                c[i + 3] = arg;
                pos = i + WORDS;
            } finally {
                SEQ.setRelease(this, s + 2);
            }
        } finally {
            if (shared) {
                LOCK.setRelease(this, 0);
            }
        }
    }

    /** The stopper: waits until no event is half-written (see the class comment). */
    void quiesce() {
        while (((int) SEQ.getVolatile(this) & 1) != 0) {
            Thread.onSpinWait();
        }
    }

    /**
     * The stopper, after {@link #quiesce}: this buffer's events, in time order, as a
     * cursor; the buffer forgets them.
     */
    EventCursor drain() {
        int n = chunks.isEmpty() ? 0 : (chunks.size() - 1) * CHUNK_EVENTS + pos / WORDS;
        EventCursor c = new EventCursor(chunks.toArray(new long[0][]), n);
        chunks.clear();
        cur = null;
        pos = 0;
        return c;
    }

    /** Reads a drained buffer's events one by one. Single-threaded. */
    static final class EventCursor {
        private final long[][] chunks;
        private final int count;
        private int next;
        /** The current event's chunk and offset, after {@link #advance}. */
        long[] chunk;
        int off;

        EventCursor(long[][] chunks, int count) {
            this.chunks = chunks;
            this.count = count;
        }

        /** Moves to the next event; false at the end. */
        boolean advance() {
            if (next == count) {
                return false;
            }
            chunk = chunks[next / CHUNK_EVENTS];
            off = (next % CHUNK_EVENTS) * WORDS;
            next++;
            return true;
        }

        int type() {
            return (int) (chunk[off] & 0xFF);
        }

        /** The P, or -1. */
        int p() {
            return (int) ((chunk[off] >>> 8) & 0xFF_FFFF) - 1;
        }

        int arg32() {
            return (int) (chunk[off] >>> 32);
        }

        long ts() {
            return chunk[off + 1];
        }

        long goid() {
            return chunk[off + 2];
        }

        long arg() {
            return chunk[off + 3];
        }
    }
}
