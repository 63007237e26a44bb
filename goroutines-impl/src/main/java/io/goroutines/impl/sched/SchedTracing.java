package io.goroutines.impl.sched;

import io.goroutines.impl.trace.ExecTracer;
import io.goroutines.impl.trace.TraceBuf;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The scheduler's side of the execution tracer: Go's {@code trace.Start} and
 * {@code trace.Stop} (runtime/trace.go) and the {@code traceGoPark} /
 * {@code traceGoUnpark} events of {@code gopark} and {@code ready}
 * (runtime/traceruntime.go). The tracer itself is {@link ExecTracer}; the M loop emits
 * its start and stop events directly.
 *
 * <h2>Fields and who guards them</h2>
 * None but the final {@code sched}. The M, P and current G it labels events with are
 * read racily: they only label the event.
 */
public final class SchedTracing {

    /** Stop reasons of the execution trace after the wait reasons: see {@link #startTrace}. */
    static final int TRACE_YIELD = WaitReason.values().length;
    static final int TRACE_PREEMPTED = TRACE_YIELD + 1;

    private final Sched sched;

    SchedTracing(Sched sched) {
        this.sched = sched;
    }

    /**
     * Go's {@code trace.Start}: records the scheduler's events (see {@link ExecTracer})
     * until {@link #stopTrace}, which writes them to {@code file} as trace-event JSON.
     *
     * @param file where {@link #stopTrace} writes the trace
     * @throws IOException when the file cannot be created
     * @throws IllegalStateException when a trace is already being recorded, or
     *         goroutines run on the JDK's scheduler (there are no Ps to trace)
     */
    public void startTrace(Path file) throws IOException {
        if (sched.jdk != null) {
            throw new IllegalStateException("execution tracing needs the runtime's P/M scheduler, and goroutines "
                    + "run on the JDK's default scheduler: " + SchedulerChoice.whyJdk());
        }
        List<String> reasons = new ArrayList<>();
        for (WaitReason r : WaitReason.values()) {
            reasons.add(r.display());
        }
        reasons.add("yield");     // TRACE_YIELD
        reasons.add("preempted"); // TRACE_PREEMPTED
        Map<Long, String> names = new HashMap<>();
        for (G gp : sched.lifecycle.allGoroutines()) {
            String name = gp.name();
            if (name != null) {
                names.put(gp.goid, name);
            }
        }
        ExecTracer.start(file, reasons, sched.procs.gomaxprocs(), names);
    }

    /**
     * Go's {@code trace.Stop}: writes the trace.
     *
     * @return the trace's file, or null when none was recorded
     * @throws IOException when the file cannot be written
     */
    public Path stopTrace() throws IOException {
        return ExecTracer.stop();
    }

    /** The calling goroutine is about to park or yield for {@code reason}. */
    void traceBlock(int reason) {
        M mp = sched.currentM();
        if (mp != null) {
            ExecTracer.goBlock(mp.traceBuf, reason);
        }
    }

    /** The calling thread readies {@code gp}; {@code create} for its first run. */
    void traceUnblock(G gp, boolean create) {
        TraceBuf b = null;
        int p = -1;
        M mp = sched.currentM();
        if (mp != null) {
            b = mp.traceBuf;
            P pp = mp.p; // racy: only labels the event
            p = pp != null ? pp.id : -1;
        }
        G from = sched.currentG();
        G cur = mp != null ? mp.curg : null; // racy: only labels the event
        long fromId = mp != null && (mp.batching && Thread.currentThread() == mp || cur != null && cur.isSystem())
                ? ExecTracer.FROM_NETPOLL : from != null ? from.goid : 0;
        ExecTracer.goUnblock(b, p, fromId, gp.goid, create, create ? gp.name() : null);
    }
}
