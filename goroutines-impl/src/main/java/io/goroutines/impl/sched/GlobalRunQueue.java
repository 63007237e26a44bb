package io.goroutines.impl.sched;

/**
 * Go's global run queue, {@code sched.runq} with {@code globrunqput},
 * {@code globrunqputbatch} and the take half of {@code globrunqget}
 * (runtime/proc.go).
 *
 * <h2>Implementation overview</h2>
 * Go guards its global queue with {@code sched.lock}. Here producers include the
 * JDK's {@code execute} callback running on arbitrary threads, often virtual threads,
 * where a parking lock is forbidden ({@link G#execute} never blocks: ADR 0002). So the
 * queue is a lock-free, unbounded, multi-producer multi-consumer
 * {@link MpmcUnboundedQueue} (JCTools' design, on VarHandles): offer never blocks;
 * poll may spin for the instant between a producer claiming a slot and filling it.
 *
 * <p>{@link #size()} is an estimate that may lag concurrent offers and polls; the
 * scheduler uses it only as a hint (fairness check, batch size, statistics) and always
 * confirms by polling.
 */
final class GlobalRunQueue {

    /** Chunk size of the unbounded queue; a chunk holds this many Gs. */
    private static final int CHUNK_SIZE = 1024;

    private final MpmcUnboundedQueue<G> queue = new MpmcUnboundedQueue<>(CHUNK_SIZE);

    /** Go's {@code globrunqput}. Any thread; never blocks. */
    void put(G gp) {
        queue.offer(gp);
    }

    /** Go's {@code globrunqputbatch}: the first {@code n} Gs of {@code batch}. Any thread. */
    void putBatch(G[] batch, int n) {
        for (int i = 0; i < n; i++) {
            queue.offer(batch[i]);
        }
    }

    /** Takes one G, or null when empty. Any thread. */
    G poll() {
        return queue.poll();
    }

    /** Whether the queue looks empty. Any thread. */
    boolean isEmpty() {
        return queue.isEmpty();
    }

    /** An estimate of the number of queued Gs. Any thread. */
    int size() {
        return queue.size();
    }
}
