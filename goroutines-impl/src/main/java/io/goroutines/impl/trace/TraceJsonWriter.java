package io.goroutines.impl.trace;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes a recorded execution trace as Chrome/Perfetto trace-event JSON (the
 * "JSON Object Format" of the Trace Event Format), which Perfetto
 * ({@code ui.perfetto.dev}) and {@code chrome://tracing} open: what Go's
 * {@code go tool trace} does to show its traces in the same viewer.
 *
 * <h2>What it writes</h2>
 * <ul>
 *   <li>One process, "goroutines", with one track (a {@code tid}) per P, named
 *       {@code P0}, {@code P1}, ...; a track per M that ran a G without a P after a
 *       handoff ({@code M3 (no P)}); and {@code other threads} for wake-ups made by
 *       threads that are not goroutines.</li>
 *   <li>A slice ({@code B}/{@code E}) for every stretch a G ran on a P, named
 *       {@code G7} (or {@code G7 name}), with its goid; the {@code E} carries why it
 *       stopped: its wait reason, {@code yield}, {@code preempted}, {@code end}.</li>
 *   <li>A flow arrow ({@code s}/{@code f}, category {@code ready}) from the slice of the
 *       goroutine that readied another (a channel handoff, an unlock, a close, a
 *       {@code go} statement) to the readied goroutine's next slice. A wake-up from
 *       the runtime itself (a timer) or from another thread starts at a 1 ns slice
 *       named {@code runtime} or {@code thread}.</li>
 * </ul>
 * Slices are balanced by construction: a slice is closed at its G's stop, at a
 * handoff (it continues on the M's track), or at the end of the trace; flows are
 * written only when both ends are known, so every {@code s} has its {@code f}.
 *
 * <p>The input is one time-ordered event list per buffer; they are merged by
 * timestamp. Single-threaded.
 */
final class TraceJsonWriter {

    /** The track of wake-ups by threads that are not goroutines. */
    private static final int OTHER_TID = 1_000_000;
    /** Tracks of Ms running a G without a P are {@code M_TID_BASE + mid}. */
    private static final int M_TID_BASE = 10_000;
    private static final int PID = 1;

    private final OutputStream out;
    private final List<String> reasonNames;
    private final int nprocs;
    private final long t0;
    private final long endNanos;
    private final Map<Long, String> names;
    private final long dropped;
    private final StringBuilder sb = new StringBuilder(1 << 16);
    private boolean first = true;

    /** The goid whose slice is open on a track. */
    private final Map<Integer, Long> openOn = new HashMap<>();
    /** The track on which a goid's slice is open. */
    private final Map<Long, Integer> openTrack = new HashMap<>();
    /** A wake-up waiting for the readied goroutine's next slice. */
    private final Map<Long, Flow> pendingFlows = new HashMap<>();
    /** Tracks seen, for their names. */
    private final Map<Integer, String> trackNames = new TreeMap<>();
    private long nextFlowId = 1;
    private long lastTs;
    private long slices;
    private long flows;

    private record Flow(long ts, int tid, boolean anchor, String anchorName, long from, boolean create) {
    }

    TraceJsonWriter(OutputStream out, List<String> reasonNames, int nprocs, long startNanos, long endNanos,
                    Map<Long, String> names, long dropped) {
        this.out = out;
        this.reasonNames = reasonNames;
        this.nprocs = nprocs;
        this.t0 = startNanos;
        this.endNanos = endNanos;
        this.names = names;
        this.dropped = dropped;
    }

    void write(List<TraceBuf.EventCursor> cursors) throws IOException {
        sb.append("{\"traceEvents\":[\n");
        for (int p = 0; p < nprocs; p++) {
            trackNames.put(p, "P" + p);
        }
        merge(cursors);
        closeAll(Math.max(lastTs, endNanos));
        metadata();
        sb.append("\n],\"displayTimeUnit\":\"ns\",\"otherData\":{\"producer\":\"goroutines execution tracer\"")
                .append(",\"gomaxprocs\":").append(nprocs)
                .append(",\"slices\":").append(slices)
                .append(",\"flows\":").append(flows)
                .append(",\"droppedEvents\":").append(dropped)
                .append("}}\n");
        flush();
        out.flush();
    }

    /** Merges the per-buffer lists by timestamp (few buffers: a linear scan of heads). */
    private void merge(List<TraceBuf.EventCursor> cursors) throws IOException {
        int k = cursors.size();
        TraceBuf.EventCursor[] heads = new TraceBuf.EventCursor[k];
        int live = 0;
        for (TraceBuf.EventCursor c : cursors) {
            if (c.advance()) {
                heads[live++] = c;
            }
        }
        while (live > 0) {
            int min = 0;
            for (int i = 1; i < live; i++) {
                if (heads[i].ts() < heads[min].ts()) {
                    min = i;
                }
            }
            TraceBuf.EventCursor c = heads[min];
            event(c);
            if (!c.advance()) {
                heads[min] = heads[--live];
                heads[live] = null;
            }
            if (sb.length() > (1 << 16) - 1024) {
                flush();
            }
        }
    }

    private void event(TraceBuf.EventCursor e) {
        long ts = e.ts();
        lastTs = Math.max(lastTs, ts);
        long goid = e.goid();
        switch (e.type()) {
            case ExecTracer.GO_START -> start(e.p(), goid, ts);
            case ExecTracer.GO_STOP -> stop(e.p(), goid, e.arg32(), ts);
            case ExecTracer.GO_UNBLOCK -> unblock(e.p(), goid, e.arg(), e.arg32() == 1, ts);
            case ExecTracer.HANDOFF -> handoff(e.p(), goid, e.arg32(), ts);
            default -> throw new IllegalStateException("unknown trace event type " + e.type());
        }
    }

    private void start(int p, long goid, long ts) {
        int tid = p >= 0 ? p : OTHER_TID;
        trackNames.putIfAbsent(tid, "P" + p);
        Long other = openOn.get(tid);
        if (other != null) {
            close(other, ts, "unknown"); // its stop was dropped
        }
        if (openTrack.containsKey(goid)) {
            // Its old M has not recorded the stop yet: the G was readied and taken by
            // this M while the old one was still returning from running it.
            close(goid, ts, "park");
        }
        begin(tid, goid, ts, "");
        Flow f = pendingFlows.remove(goid);
        if (f != null) {
            flow(f, goid, tid, ts);
        }
    }

    /**
     * The G that ran on P {@code p} stopped. Ignored when its slice is open elsewhere:
     * it already runs again on another P (see {@link #start}).
     */
    private void stop(int p, long goid, int reason, long ts) {
        Integer tid = openTrack.get(goid);
        if (tid == null) {
            return;
        }
        boolean handedOff = tid >= M_TID_BASE && tid < OTHER_TID;
        if (tid == p || handedOff) {
            close(goid, ts, reasonName(reason));
        }
    }

    /** A GO_STOP's reason: see {@link ExecTracer#GO_STOP}. */
    private String reasonName(int reason) {
        if (reason == ExecTracer.STOP_ENDED) {
            return "end";
        }
        int i = reason - 1;
        return i >= 0 && i < reasonNames.size() ? reasonNames.get(i) : "park";
    }

    private void begin(int tid, long goid, long ts, String suffix) {
        openOn.put(tid, goid);
        openTrack.put(goid, tid);
        String name = names.get(goid);
        obj().append("\"ph\":\"B\",\"pid\":").append(PID).append(",\"tid\":").append(tid)
                .append(",\"ts\":");
        ts(ts).append(",\"name\":");
        str("G" + goid + (name != null ? " " + name : "") + suffix)
                .append(",\"args\":{\"goid\":").append(goid).append("}}");
        slices++;
    }

    private void close(long goid, long ts, String reason) {
        Integer tid = openTrack.remove(goid);
        if (tid == null) {
            return; // its start was before the trace, or dropped
        }
        openOn.remove(tid);
        obj().append("\"ph\":\"E\",\"pid\":").append(PID).append(",\"tid\":").append(tid)
                .append(",\"ts\":");
        ts(ts).append(",\"args\":{\"stop\":");
        str(reason).append("}}");
    }

    private void unblock(int p, long from, long to, boolean create, long ts) {
        Integer fromTid = from > 0 ? openTrack.get(from) : null;
        Flow f;
        if (from == ExecTracer.FROM_NETPOLL) {
            int tid = p >= 0 ? p : OTHER_TID;
            trackNames.putIfAbsent(tid, p >= 0 ? "P" + p : "other threads");
            f = new Flow(ts, tid, true, "netpoll", from, create); // Go's "unblocked by netpoll"
        } else if (fromTid != null) {
            f = new Flow(ts, fromTid, false, null, from, create);
        } else if (p >= 0 && !openOn.containsKey(p)) {
            f = new Flow(ts, p, true, "runtime", from, create); // the M's own code: timers
        } else {
            trackNames.putIfAbsent(OTHER_TID, "other threads");
            f = new Flow(ts, OTHER_TID, true, "thread", from, create);
        }
        pendingFlows.put(to, f); // replaces a wake-up not yet followed by a run
    }

    private void flow(Flow f, long to, int toTid, long ts) {
        if (f.anchor) {
            obj().append("\"ph\":\"X\",\"pid\":").append(PID).append(",\"tid\":").append(f.tid)
                    .append(",\"ts\":");
            ts(f.ts).append(",\"dur\":0.001,\"name\":");
            str(f.anchorName).append(",\"args\":{\"readied\":").append(to).append("}}");
        }
        long id = nextFlowId++;
        String name = f.create ? "go" : "unblock";
        obj().append("\"ph\":\"s\",\"id\":").append(id).append(",\"pid\":").append(PID)
                .append(",\"tid\":").append(f.tid).append(",\"ts\":");
        ts(f.ts).append(",\"cat\":\"ready\",\"name\":\"").append(name)
                .append("\",\"args\":{\"from\":").append(f.from).append(",\"to\":").append(to).append("}}");
        obj().append("\"ph\":\"f\",\"bp\":\"e\",\"id\":").append(id).append(",\"pid\":").append(PID)
                .append(",\"tid\":").append(toTid).append(",\"ts\":");
        ts(ts).append(",\"cat\":\"ready\",\"name\":\"").append(name).append("\"}");
        flows++;
    }

    private void handoff(int p, long goid, int mid, long ts) {
        Integer tid = openTrack.get(goid);
        if (tid == null || tid != p) {
            return;
        }
        close(goid, ts, "P handed off");
        int mtid = M_TID_BASE + mid;
        trackNames.putIfAbsent(mtid, "M" + mid + " (no P)");
        begin(mtid, goid, ts, " (no P)");
    }

    private void closeAll(long ts) {
        for (Long goid : List.copyOf(openTrack.keySet())) {
            close(goid, ts, "trace stopped");
        }
    }

    private void metadata() {
        obj().append("\"ph\":\"M\",\"pid\":").append(PID)
                .append(",\"name\":\"process_name\",\"args\":{\"name\":\"goroutines\"}}");
        for (Map.Entry<Integer, String> t : trackNames.entrySet()) {
            obj().append("\"ph\":\"M\",\"pid\":").append(PID).append(",\"tid\":").append(t.getKey())
                    .append(",\"name\":\"thread_name\",\"args\":{\"name\":");
            str(t.getValue()).append("}}");
            obj().append("\"ph\":\"M\",\"pid\":").append(PID).append(",\"tid\":").append(t.getKey())
                    .append(",\"name\":\"thread_sort_index\",\"args\":{\"sort_index\":")
                    .append(t.getKey()).append("}}");
        }
    }

    // ------------------------------------------------------------------ JSON text

    /** Starts a new object in the event array. */
    private StringBuilder obj() {
        if (!first) {
            sb.append(",\n");
        }
        first = false;
        return sb.append('{');
    }

    /** Microseconds since the trace began, with nanosecond digits: {@code 12.345}. */
    private StringBuilder ts(long nanos) {
        long d = Math.max(0, nanos - t0);
        long frac = d % 1000;
        sb.append(d / 1000).append('.');
        if (frac < 100) {
            sb.append('0');
        }
        if (frac < 10) {
            sb.append('0');
        }
        return sb.append(frac);
    }

    /** A JSON string literal (RFC 8259 escapes). */
    private StringBuilder str(String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"');
    }

    private void flush() throws IOException {
        out.write(sb.toString().getBytes(StandardCharsets.UTF_8));
        sb.setLength(0);
    }
}
