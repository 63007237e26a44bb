package io.goroutines;

import java.util.Arrays;
import java.util.Objects;

/**
 * A snapshot of the scheduler, as returned by {@link GoRuntime#schedStats()}: the
 * numbers of Go's {@code GODEBUG=schedtrace} line plus a few counters.
 *
 * <p>The fields are read without stopping the scheduler, so they need not be
 * consistent with each other (Go's schedtrace reads them the same way).
 *
 * <p>{@link #toString()} prints them like the body of a schedtrace line, for example
 * {@code gomaxprocs=2 idleprocs=0 threads=5 spinningthreads=0 idlethreads=1 runqueue=0 [4 0] goroutines=12 steals=3 preemptions=0 handoffs=0}.
 * {@link #equals(Object)} and {@link #hashCode()} compare {@code localRunqueues} by
 * content, and the array is copied in and out so the record stays immutable.
 *
 * @param gomaxprocs      the number of Ps (GOMAXPROCS)
 * @param idleProcs       Ps with no M, waiting for work
 * @param threads         carrier threads (Ms) the scheduler has made
 * @param spinningThreads Ms looking for work to steal
 * @param idleThreads     Ms parked with nothing to do
 * @param globalRunqueue  goroutines in the global run queue
 * @param localRunqueues  goroutines in each P's local run queue, indexed by P
 * @param goroutines      live goroutines, as {@link GoRuntime#numGoroutine()}
 * @param steals          goroutines taken from another P's run queue so far
 * @param preemptions     goroutines preempted for running too long so far
 * @param handoffs        Ps handed from a blocked M to another M so far
 */
public record SchedStats(int gomaxprocs, int idleProcs, int threads, int spinningThreads,
        int idleThreads, int globalRunqueue, int[] localRunqueues, int goroutines,
        long steals, long preemptions, long handoffs) {

    /**
     * Copies {@code localRunqueues}.
     *
     * @throws NullPointerException if {@code localRunqueues} is {@code null}
     */
    public SchedStats {
        localRunqueues = Objects.requireNonNull(localRunqueues, "localRunqueues must not be null").clone();
    }

    /**
     * Goroutines in each P's local run queue.
     *
     * @return a copy of the array, indexed by P
     */
    @Override
    public int[] localRunqueues() {
        return localRunqueues.clone();
    }

    /**
     * Compares all components, {@code localRunqueues} by content.
     *
     * @param o the object to compare with
     * @return whether {@code o} is a {@code SchedStats} with equal components
     */
    @Override
    public boolean equals(Object o) {
        return o instanceof SchedStats s
                && gomaxprocs == s.gomaxprocs
                && idleProcs == s.idleProcs
                && threads == s.threads
                && spinningThreads == s.spinningThreads
                && idleThreads == s.idleThreads
                && globalRunqueue == s.globalRunqueue
                && Arrays.equals(localRunqueues, s.localRunqueues)
                && goroutines == s.goroutines
                && steals == s.steals
                && preemptions == s.preemptions
                && handoffs == s.handoffs;
    }

    /**
     * A hash of all components, {@code localRunqueues} by content.
     *
     * @return the hash code
     */
    @Override
    public int hashCode() {
        int h = Objects.hash(gomaxprocs, idleProcs, threads, spinningThreads, idleThreads,
                globalRunqueue, goroutines, steals, preemptions, handoffs);
        return 31 * h + Arrays.hashCode(localRunqueues);
    }

    /**
     * The statistics in the format of the body of Go's schedtrace line, followed by
     * the counters: {@code gomaxprocs=2 idleprocs=0 threads=5 spinningthreads=0
     * idlethreads=1 runqueue=0 [4 0] goroutines=12 steals=3 preemptions=0 handoffs=0}.
     *
     * @return the one-line description
     */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(128)
                .append("gomaxprocs=").append(gomaxprocs)
                .append(" idleprocs=").append(idleProcs)
                .append(" threads=").append(threads)
                .append(" spinningthreads=").append(spinningThreads)
                .append(" idlethreads=").append(idleThreads)
                .append(" runqueue=").append(globalRunqueue)
                .append(" [");
        for (int i = 0; i < localRunqueues.length; i++) {
            if (i > 0) {
                sb.append(' ');
            }
            sb.append(localRunqueues[i]);
        }
        return sb.append("] goroutines=").append(goroutines)
                .append(" steals=").append(steals)
                .append(" preemptions=").append(preemptions)
                .append(" handoffs=").append(handoffs)
                .toString();
    }
}
