package io.goroutines.impl.sched;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The queue behind the global run queue and the idle P and M lists: FIFO order across
 * chunk borders, every element taken exactly once and each producer's elements in
 * their order under many producers and consumers, and no consumed element kept alive
 * by its slot. Small chunks (2 and 8 slots) make chunk appends, consumer-chunk moves
 * and producers left behind by the producer-chunk hint happen constantly.
 * Linearizability is checked by {@code MpmcUnboundedQueueLincheckTest} (stress-tests).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class MpmcUnboundedQueueTest {

    @Test
    void fifoAcrossChunks() {
        MpmcUnboundedQueue<Integer> q = new MpmcUnboundedQueue<>(4);
        assertTrue(q.isEmpty());
        assertNull(q.poll());
        for (int i = 0; i < 100; i++) {
            q.offer(i);
        }
        assertEquals(100, q.size());
        assertFalse(q.isEmpty());
        for (int i = 0; i < 100; i++) {
            assertEquals(i, q.poll());
            assertEquals(99 - i, q.size());
        }
        assertNull(q.poll());
        assertTrue(q.isEmpty());
    }

    @Test
    void interleavedOffersAndPollsCrossChunkBorders() {
        MpmcUnboundedQueue<Integer> q = new MpmcUnboundedQueue<>(2);
        int next = 0;
        int expect = 0;
        for (int round = 0; round < 1_000; round++) {
            int puts = round % 5;
            for (int i = 0; i < puts; i++) {
                q.offer(next++);
            }
            int takes = round % 3 + 1;
            for (int i = 0; i < takes && expect < next; i++) {
                assertEquals(expect++, q.poll());
            }
            assertEquals(next - expect, q.size());
        }
        while (expect < next) {
            assertEquals(expect++, q.poll());
        }
        assertNull(q.poll());
    }

    @Test
    void refusesNullAndChunkSizesThatAreNotPowersOfTwo() {
        MpmcUnboundedQueue<Object> q = new MpmcUnboundedQueue<>(2);
        assertThrows(NullPointerException.class, () -> q.offer(null));
        assertTrue(q.isEmpty(), "a refused offer claimed no slot");
        for (int bad : new int[] {-4, 0, 1, 3, 1000}) {
            assertThrows(IllegalArgumentException.class, () -> new MpmcUnboundedQueue<>(bad), "chunk size " + bad);
        }
    }

    /**
     * A consumed element is not referenced by its slot (invariant 2: the consumer clears
     * it), even while the chunk stays in use: a finished G must not stay reachable
     * through the global queue.
     */
    @Test
    void consumedElementIsNotRetained() {
        MpmcUnboundedQueue<Object> q = new MpmcUnboundedQueue<>(1024);
        Object element = new Object();
        WeakReference<Object> ref = new WeakReference<>(element);
        q.offer(element);
        q.offer("keeps the chunk in use");
        assertSame(element, q.poll());
        element = null;
        for (int i = 0; i < 10 && !ref.refersTo(null); i++) {
            System.gc(); // a collection clears a weak reference to an unreachable object
        }
        assertTrue(ref.refersTo(null), "the consumed element is still reachable");
        assertEquals("keeps the chunk in use", q.poll());
    }

    /**
     * Four producers and four consumers on 8-slot chunks: every element is taken exactly
     * once, and every consumer sees each producer's elements in the order they were
     * offered (FIFO: offers of one producer claim increasing indices, and consumers
     * claim indices in order).
     */
    @Test
    void manyProducersAndConsumersTakeEachElementOnceInProducerOrder() throws Exception {
        int producers = 4;
        int consumers = 4;
        int perProducer = 100_000;
        int total = producers * perProducer;
        MpmcUnboundedQueue<Long> q = new MpmcUnboundedQueue<>(8);
        AtomicIntegerArray taken = new AtomicIntegerArray(total);
        LongAdder takenCount = new LongAdder();
        AtomicReference<String> failure = new AtomicReference<>();
        CyclicBarrier start = new CyclicBarrier(producers + consumers);
        List<Thread> threads = new ArrayList<>();
        for (int p = 0; p < producers; p++) {
            long producer = p;
            threads.add(Thread.ofPlatform().name("producer-" + p).start(() -> {
                await(start);
                for (long seq = 0; seq < perProducer; seq++) {
                    q.offer(producer << 32 | seq);
                }
            }));
        }
        for (int c = 0; c < consumers; c++) {
            threads.add(Thread.ofPlatform().name("consumer-" + c).start(() -> {
                await(start);
                long[] lastSeq = new long[producers];
                Arrays.fill(lastSeq, -1);
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (takenCount.sum() < total && failure.get() == null) {
                    if (System.nanoTime() > deadline) {
                        failure.compareAndSet(null, "consumers still waiting after 30 s: elements lost");
                        return;
                    }
                    Long v = q.poll();
                    if (v == null) {
                        Thread.onSpinWait();
                        continue;
                    }
                    int producer = (int) (v >>> 32);
                    long seq = v & 0xffff_ffffL;
                    if (seq <= lastSeq[producer]) {
                        failure.compareAndSet(null, "producer " + producer + ": " + seq + " after " + lastSeq[producer]);
                    }
                    lastSeq[producer] = seq;
                    if (taken.getAndIncrement((int) (producer * perProducer + seq)) != 0) {
                        failure.compareAndSet(null, "taken twice: producer " + producer + " element " + seq);
                    }
                    takenCount.increment();
                }
            }));
        }
        for (Thread t : threads) {
            t.join(TimeUnit.SECONDS.toMillis(40));
            if (t.isAlive()) {
                fail(t.getName() + " did not finish within 40 s");
            }
        }
        assertNull(failure.get());
        assertEquals(total, takenCount.sum());
        for (int i = 0; i < total; i++) {
            assertEquals(1, taken.get(i), "element " + i);
        }
        assertNull(q.poll());
        assertEquals(0, q.size());
    }

    private static void await(CyclicBarrier barrier) {
        try {
            barrier.await(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
