package io.goroutines.impl.sched;

import io.goroutines.stress.lincheck.LincheckTestBase;
import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;

import java.util.ArrayDeque;

/**
 * Proves that {@link MpmcUnboundedQueue} (the global run queue and the idle P and M
 * lists) is a linearizable FIFO queue: {@code offer}, {@code poll}, {@code size} and
 * {@code isEmpty} from concurrent threads give results that some sequential order of
 * the same calls on a plain queue gives. The chunks hold two slots, so that a scenario
 * appends chunks, moves the consumer chunk and leaves producers behind the
 * producer-chunk hint, which is where the algorithm differs from a ring.
 *
 * <p>In package {@code io.goroutines.impl.sched}, as the queue is package-private; run
 * by surefire with the module's other Lincheck tests.
 *
 * <p>Sequential specification: an {@link ArrayDeque} ({@link Spec}).
 */
public class MpmcUnboundedQueueLincheckTest extends LincheckTestBase {

    private final MpmcUnboundedQueue<Integer> q = new MpmcUnboundedQueue<>(2);

    public MpmcUnboundedQueueLincheckTest() {
        super(Spec.class);
    }

    @Operation
    public void offer(@Param(gen = IntGen.class, conf = "1:9") int e) {
        q.offer(e);
    }

    @Operation
    public Integer poll() {
        return q.poll();
    }

    @Operation
    public int size() {
        return q.size();
    }

    @Operation
    public boolean isEmpty() {
        return q.isEmpty();
    }

    /** The sequential specification: a FIFO queue. */
    public static final class Spec {
        private final ArrayDeque<Integer> q = new ArrayDeque<>();

        public void offer(int e) { q.offer(e); }
        public Integer poll() { return q.poll(); }
        public int size() { return q.size(); }
        public boolean isEmpty() { return q.isEmpty(); }

        @Override public boolean equals(Object o) {
            return o instanceof Spec s && q.stream().toList().equals(s.q.stream().toList());
        }
        @Override public int hashCode() { return q.stream().toList().hashCode(); }
    }
}
