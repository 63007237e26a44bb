package io.goroutines.impl.sched;

import io.goroutines.SchedStats;

import java.util.concurrent.atomic.LongAdder;

/**
 * The scheduler's statistics: the counts Go's {@code schedtrace} prints and the line it
 * prints (runtime/proc.go {@code schedtrace}), as a {@link SchedStats} snapshot for
 * {@code GoRuntime.schedStats()}, the JMX bean and sysmon's schedtrace line.
 *
 * <h2>Fields and who guards them</h2>
 * The counters are {@link LongAdder}s, counted by the Ms ({@code steals}) and sysmon
 * ({@code handoffs}; {@code preemptions} by the preempted goroutine). Everything
 * {@link #stats} reads is read racily, without a lock: a snapshot of a running
 * scheduler is approximate by nature, and nothing decides on it.
 */
public final class SchedCounters {

    private final Sched sched;
    /** Gs taken from another P's queue ({@code Sched.stealWork}). */
    final LongAdder steals = new LongAdder();
    /** Ps taken from an M by sysmon ({@code Sched.handoff}, Go's {@code handoffp}). */
    final LongAdder handoffs = new LongAdder();
    /** Goroutines that yielded at a safe point on sysmon's request ({@code Sched.safePoint}). */
    final LongAdder preemptions = new LongAdder();

    SchedCounters(Sched sched) {
        this.sched = sched;
    }

    /** {@return a snapshot of the scheduler, as Go's schedtrace prints it; racy by nature} */
    public SchedStats stats() {
        P[] allp = sched.procs.allp();
        int[] local = new int[allp.length];
        int idle = 0;
        for (int i = 0; i < allp.length; i++) {
            local[i] = allp[i].runq.size();
            if (allp[i].status == PStatus.IDLE) {
                idle++;
            }
        }
        return new SchedStats(allp.length, idle, sched.mcount.get(), sched.nmspinning.get(), sched.nmidle.get(),
                sched.globrunq.size(), local, sched.lifecycle.numGoroutine(),
                steals.sum(), preemptions.sum(), handoffs.sum());
    }
}
