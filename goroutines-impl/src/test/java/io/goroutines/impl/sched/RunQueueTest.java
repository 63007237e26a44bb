package io.goroutines.impl.sched;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The local run queue, Go's {@code runqput}/{@code runqget}/{@code runqsteal}
 * (runtime/proc.go), tested the way Go's {@code TestRunqPut}-style export tests do in
 * runtime/proc_test.go: single-threaded properties first, then a race of one owner
 * against thieves in which no G may be lost or taken twice.
 *
 * <p>The Gs are never run: they are made with the package-private constructor and only
 * their goid matters.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RunQueueTest {

    private static G g(long id) {
        return new G(id, 0, null, null);
    }

    private static G[] gs(int from, int count) {
        G[] a = new G[count];
        for (int i = 0; i < count; i++) {
            a[i] = g(from + i);
        }
        return a;
    }

    /** Everything the ring holds, in order, taken with pollRing. */
    private static List<G> drainRing(RunQueue q) {
        List<G> out = new ArrayList<>();
        G gp;
        while ((gp = q.pollRing()) != null) {
            out.add(gp);
        }
        return out;
    }

    private static List<G> drainGlobal(GlobalRunQueue global) {
        List<G> out = new ArrayList<>();
        G gp;
        while ((gp = global.poll()) != null) {
            out.add(gp);
        }
        return out;
    }

    /** Asserts that {@code taken} holds exactly the Gs of {@code put}, each once (by identity). */
    private static void assertSameGsOnce(G[] put, List<G> taken) {
        assertEquals(put.length, taken.size(), "number of Gs taken");
        BitSet seen = new BitSet();
        for (G gp : taken) {
            assertNotNull(gp, "a null G was taken");
            int id = (int) gp.goid();
            assertTrue(id >= 0 && id < put.length, "unknown G " + id);
            assertSame(put[id], gp, "G " + id + " is not the object that was put");
            assertFalse(seen.get(id), "G " + id + " taken twice");
            seen.set(id);
        }
        assertEquals(put.length, seen.cardinality(), "Gs lost");
    }

    // ------------------------------------------------------------------ put / get

    @Test
    void newQueueIsEmpty() {
        RunQueue q = new RunQueue();
        assertTrue(q.isEmpty());
        assertEquals(0, q.size());
        assertNull(q.pollRunnext());
        assertNull(q.pollRing());
    }

    /** runqput without next and runqget's ring half are FIFO, also across index wrap-around. */
    @Test
    void putAndPollRingAreFifo() {
        RunQueue q = new RunQueue();
        GlobalRunQueue global = new GlobalRunQueue();
        int id = 0;
        // 10 cycles of 200 move head and tail far past SIZE: every slot gets reused.
        for (int cycle = 0; cycle < 10; cycle++) {
            G[] batch = gs(id, 200);
            id += 200;
            for (G gp : batch) {
                q.put(gp, false, global);
            }
            assertEquals(200, q.size());
            assertFalse(q.isEmpty());
            assertNull(q.pollRunnext(), "put without next must not fill runnext");
            List<G> got = drainRing(q);
            assertEquals(200, got.size());
            for (int i = 0; i < 200; i++) {
                assertSame(batch[i], got.get(i), "FIFO order broken at " + i + " in cycle " + cycle);
            }
            assertTrue(q.isEmpty());
            assertEquals(0, q.size());
        }
        assertTrue(global.isEmpty(), "nothing may overflow below 256 Gs");
    }

    /** runqput(next): the new G takes runnext, the previous runnext goes to the ring's tail. */
    @Test
    void putNextTakesRunnextAndKicksThePreviousToTheTail() {
        RunQueue q = new RunQueue();
        GlobalRunQueue global = new GlobalRunQueue();
        G a = g(0);
        G b = g(1);
        G c = g(2);
        q.put(a, false, global);
        q.put(b, true, global);
        assertEquals(1, q.size(), "runnext is not counted in size()");
        q.put(c, true, global);
        assertEquals(2, q.size(), "the kicked runnext must be in the ring");

        assertSame(c, q.pollRunnext(), "the last put(next) is runnext");
        assertNull(q.pollRunnext(), "runnext holds one G");
        assertSame(a, q.pollRing());
        assertSame(b, q.pollRing(), "the kicked runnext goes behind what was queued");
        assertNull(q.pollRing());
        assertTrue(q.isEmpty());
        assertTrue(global.isEmpty());
    }

    @Test
    void runnextAloneMakesTheQueueNonEmpty() {
        RunQueue q = new RunQueue();
        GlobalRunQueue global = new GlobalRunQueue();
        G a = g(0);
        q.put(a, true, global);
        assertFalse(q.isEmpty());
        assertEquals(0, q.size());
        assertNull(q.pollRing(), "runnext is not in the ring");
        assertSame(a, q.pollRunnext());
        assertTrue(q.isEmpty());
    }

    // ------------------------------------------------------------------ overflow

    /** Go's runqputslow: the 257th G moves half the ring (128) and itself to the global queue. */
    @Test
    void overflowMovesHalfTheRingAndTheNewGToTheGlobalQueue() {
        RunQueue q = new RunQueue();
        GlobalRunQueue global = new GlobalRunQueue();
        G[] put = gs(0, RunQueue.SIZE + 1);
        for (int i = 0; i < RunQueue.SIZE; i++) {
            q.put(put[i], false, global);
        }
        assertEquals(RunQueue.SIZE, q.size());
        assertTrue(global.isEmpty(), "256 Gs fit in the ring");

        q.put(put[RunQueue.SIZE], false, global);
        assertEquals(RunQueue.SIZE / 2, q.size(), "half the ring stays local");
        assertEquals(RunQueue.SIZE / 2 + 1, global.size(), "half the ring plus the new G go global");

        List<G> fromGlobal = drainGlobal(global);
        // The oldest half goes global in order, then the G being put.
        for (int i = 0; i < RunQueue.SIZE / 2; i++) {
            assertSame(put[i], fromGlobal.get(i), "global queue order at " + i);
        }
        assertSame(put[RunQueue.SIZE], fromGlobal.get(RunQueue.SIZE / 2));
        List<G> fromRing = drainRing(q);
        for (int i = 0; i < RunQueue.SIZE / 2; i++) {
            assertSame(put[RunQueue.SIZE / 2 + i], fromRing.get(i), "ring order at " + i);
        }
        List<G> all = new ArrayList<>(fromGlobal);
        all.addAll(fromRing);
        assertSameGsOnce(put, all);
    }

    /** Many overflows in a row lose and duplicate nothing; the counts follow Go's rule each time. */
    @Test
    void repeatedOverflowsLoseNothing() {
        RunQueue q = new RunQueue();
        GlobalRunQueue global = new GlobalRunQueue();
        G[] put = gs(0, 5_000);
        int ring = 0;
        int glob = 0;
        for (G gp : put) {
            q.put(gp, false, global);
            // the model: a full ring sends 128 + 1 to the global queue
            if (ring < RunQueue.SIZE) {
                ring++;
            } else {
                ring = RunQueue.SIZE / 2;
                glob += RunQueue.SIZE / 2 + 1;
            }
            assertEquals(ring, q.size());
            assertEquals(glob, global.size());
        }
        List<G> all = drainGlobal(global);
        all.addAll(drainRing(q));
        assertSameGsOnce(put, all);
    }

    /** put(next) into a full ring: the kicked runnext overflows; runnext keeps the new G. */
    @Test
    void putNextIntoAFullRingOverflowsTheKickedG() {
        RunQueue q = new RunQueue();
        GlobalRunQueue global = new GlobalRunQueue();
        G[] put = gs(0, RunQueue.SIZE + 2);
        for (int i = 0; i < RunQueue.SIZE; i++) {
            q.put(put[i], false, global);
        }
        q.put(put[RunQueue.SIZE], true, global); // runnext was empty: no overflow
        assertEquals(RunQueue.SIZE, q.size());
        assertTrue(global.isEmpty());
        q.put(put[RunQueue.SIZE + 1], true, global); // kicks put[256] into the full ring
        assertEquals(RunQueue.SIZE / 2, q.size());
        assertEquals(RunQueue.SIZE / 2 + 1, global.size());

        G next = q.pollRunnext();
        assertSame(put[RunQueue.SIZE + 1], next);
        List<G> fromGlobal = drainGlobal(global);
        assertSame(put[RunQueue.SIZE], fromGlobal.get(fromGlobal.size() - 1), "the kicked G is the one put globally");
        List<G> all = new ArrayList<>(fromGlobal);
        all.addAll(drainRing(q));
        all.add(next);
        assertSameGsOnce(put, all);
    }

    // ------------------------------------------------------------------ steal

    /** Go's runqgrab takes n - n/2 from the victim's head; runqsteal returns one of them. */
    @Test
    void stealTakesHalfOfTheVictimAndReturnsOneOfThem() {
        for (int n = 1; n <= RunQueue.SIZE; n++) {
            RunQueue victim = new RunQueue();
            RunQueue thief = new RunQueue();
            GlobalRunQueue global = new GlobalRunQueue();
            G[] put = gs(0, n);
            for (G gp : put) {
                victim.put(gp, false, global);
            }
            int stolen = n - n / 2;
            G gp = thief.steal(victim, false, false);
            assertNotNull(gp, "steal from a victim with " + n + " Gs");
            assertEquals(n / 2, victim.size(), "victim keeps n/2 of " + n);
            assertEquals(stolen - 1, thief.size(), "thief queues the stolen Gs but the one returned, n=" + n);
            assertTrue(gp.goid() < stolen, "the returned G must be one of the " + stolen
                    + " taken from the victim's head, got " + gp.goid());
            assertNull(thief.pollRunnext(), "steal does not fill runnext");

            List<G> thiefs = drainRing(thief);
            for (G t : thiefs) {
                assertTrue(t.goid() < stolen, "the thief got G " + t.goid() + " which is not from the head");
            }
            List<G> all = new ArrayList<>(thiefs);
            all.add(gp);
            all.addAll(drainRing(victim));
            assertSameGsOnce(put, all);
            assertTrue(global.isEmpty());
        }
    }

    @Test
    void stealFromAnEmptyVictimReturnsNull() {
        RunQueue victim = new RunQueue();
        RunQueue thief = new RunQueue();
        assertNull(thief.steal(victim, false, false));
        assertNull(thief.steal(victim, true, false));
        assertTrue(thief.isEmpty());
    }

    /** The stolen batch lands at the thief's tail even when the thief's indices have wrapped. */
    @Test
    void stealIntoAThiefWhoseIndicesWrapped() {
        RunQueue victim = new RunQueue();
        RunQueue thief = new RunQueue();
        GlobalRunQueue global = new GlobalRunQueue();
        // move the thief's head and tail to 200, so that a 128-G batch wraps around slot 255
        for (G gp : gs(10_000, 200)) {
            thief.put(gp, false, global);
        }
        assertEquals(200, drainRing(thief).size());
        G[] put = gs(0, RunQueue.SIZE);
        for (G gp : put) {
            victim.put(gp, false, global);
        }
        G gp = thief.steal(victim, false, false);
        assertNotNull(gp);
        assertEquals(RunQueue.SIZE / 2 - 1, thief.size());
        List<G> fromThief = drainRing(thief);
        for (int i = 0; i < fromThief.size(); i++) {
            assertSame(put[i], fromThief.get(i), "stolen batch order at " + i);
        }
        assertSame(put[RunQueue.SIZE / 2 - 1], gp, "runqsteal returns the last G of the batch");
        List<G> all = new ArrayList<>(fromThief);
        all.add(gp);
        all.addAll(drainRing(victim));
        assertSameGsOnce(put, all);
    }

    /** runnext is stolen only with stealRunNext, and only when the victim's ring is empty. */
    @Test
    void stealTakesRunnextOnlyWhenAskedAndTheRingIsEmpty() {
        GlobalRunQueue global = new GlobalRunQueue();
        for (boolean victimRunning : new boolean[] {false, true}) {
            RunQueue victim = new RunQueue();
            RunQueue thief = new RunQueue();
            G next = g(0);
            victim.put(next, true, global);

            assertNull(thief.steal(victim, false, victimRunning), "runnext taken without stealRunNext");
            assertFalse(victim.isEmpty(), "the victim lost its runnext");

            assertSame(next, thief.steal(victim, true, victimRunning), "stealRunNext must take runnext");
            assertTrue(victim.isEmpty());
            assertNull(victim.pollRunnext());
            assertTrue(thief.isEmpty(), "the one stolen G is returned, not queued");

            // With a non-empty ring, the ring is stolen and runnext stays.
            RunQueue victim2 = new RunQueue();
            G inRing = g(1);
            G next2 = g(2);
            victim2.put(inRing, false, global);
            victim2.put(next2, true, global);
            assertSame(inRing, thief.steal(victim2, true, victimRunning));
            assertSame(next2, victim2.pollRunnext(), "runnext must stay while the ring has Gs");
            assertTrue(victim2.isEmpty());
        }
        assertTrue(global.isEmpty());
    }

    // ------------------------------------------------------------------ drainTo

    @Test
    void drainToMovesEverythingRunnextFirst() {
        RunQueue q = new RunQueue();
        GlobalRunQueue global = new GlobalRunQueue();
        G[] put = gs(0, 11);
        for (int i = 0; i < 10; i++) {
            q.put(put[i], false, global);
        }
        q.put(put[10], true, global);
        q.drainTo(global);
        assertTrue(q.isEmpty());
        assertEquals(0, q.size());
        assertNull(q.pollRunnext());
        assertEquals(11, global.size());
        List<G> got = drainGlobal(global);
        assertSame(put[10], got.get(0), "runnext goes first");
        for (int i = 0; i < 10; i++) {
            assertSame(put[i], got.get(i + 1), "then the ring in order");
        }
        assertSameGsOnce(put, got);
    }

    @Test
    void drainToOfAnEmptyQueueMovesNothing() {
        RunQueue q = new RunQueue();
        GlobalRunQueue global = new GlobalRunQueue();
        q.drainTo(global);
        assertTrue(global.isEmpty());
    }

    // ------------------------------------------------------------------ the race

    /**
     * One owner puts (with and without next, in bursts that overflow to the global queue)
     * and polls its queue, while thieves that each own a queue steal from it (sometimes
     * runnext too) and drain their own queue, as Ms do in findRunnable. After each round
     * every G was taken exactly once: runqput, runqget, runqputslow and runqgrab lose and
     * duplicate nothing under contention. All threads are platform threads; each queue is
     * put into by its owner only.
     */
    /**
     * Puts the owner makes each round before the thieves start: the 257th overflows (128 + 1
     * go global), and the ring is left at 255, so the owner's second racing put overflows
     * again while the thieves start grabbing: runqputslow's CAS races runqgrab's.
     */
    private static final int PRE_PUTS = 384;

    @Test
    void ownerAndThievesTakeEveryGExactlyOnce() throws Exception {
        final int rounds = 200;
        final int perRound = 10_000;
        final int nthieves = 2;
        final RunQueue victim = new RunQueue();
        final GlobalRunQueue global = new GlobalRunQueue();
        final CyclicBarrier barrier = new CyclicBarrier(1 + nthieves);
        final AtomicReference<Throwable> failure = new AtomicReference<>();
        final AtomicReference<AtomicIntegerArray> takenRef = new AtomicReference<>();
        // the last round whose puts are all done: thieves may stop once the victim is empty
        final AtomicInteger lastPutRound = new AtomicInteger(-1);
        final LongAdder stolen = new LongAdder();

        Runnable owner = () -> {
            try {
                ThreadLocalRandom rnd = ThreadLocalRandom.current();
                for (int r = 0; r < rounds && failure.get() == null; r++) {
                    AtomicIntegerArray taken = new AtomicIntegerArray(perRound);
                    takenRef.set(taken);
                    G[] round = gs(0, perRound);
                    // Before the thieves start, overflow once for sure (see PRE_PUTS).
                    for (int i = 0; i < PRE_PUTS; i++) {
                        victim.put(round[i], false, global);
                    }
                    assertEquals(PRE_PUTS - (RunQueue.SIZE / 2 + 1), victim.size(), "round " + r);
                    assertEquals(RunQueue.SIZE / 2 + 1, global.size(), "round " + r);
                    await(barrier);
                    for (int i = PRE_PUTS; i < perRound; i++) {
                        victim.put(round[i], rnd.nextInt(4) == 0, global);
                        // bursts of 512 puts without polling fill the ring and overflow it
                        boolean burst = (i / 512) % 2 == 0;
                        if (!burst && rnd.nextBoolean()) {
                            G gp = victim.pollRunnext();
                            if (gp == null) {
                                gp = victim.pollRing();
                            }
                            take(gp, taken);
                        }
                        if (i % 1024 == 0) {
                            take(global.poll(), taken);
                        }
                    }
                    lastPutRound.set(r);
                    G gp;
                    while ((gp = victim.pollRunnext()) != null || (gp = victim.pollRing()) != null) {
                        take(gp, taken);
                    }
                    while ((gp = global.poll()) != null) {
                        take(gp, taken);
                    }
                    await(barrier); // the thieves have drained their queues
                    while ((gp = global.poll()) != null) { // never anything: thieves do not overflow
                        take(gp, taken);
                    }
                    for (int id = 0; id < perRound; id++) {
                        int n = taken.get(id);
                        if (n != 1) {
                            throw new AssertionError("round " + r + ": G " + id + " was taken " + n + " times");
                        }
                    }
                    assertTrue(victim.isEmpty(), "round " + r + ": victim not empty");
                }
            } catch (Throwable t) {
                failure.compareAndSet(null, t);
                barrier.reset();
            }
        };
        Thread ownerThread = Thread.ofPlatform().name("runq-owner").start(owner);
        List<Thread> thieves = new ArrayList<>();
        for (int k = 0; k < nthieves; k++) {
            Thread t = Thread.ofPlatform().name("runq-thief-" + k).start(() -> {
                RunQueue mine = new RunQueue();
                try {
                    ThreadLocalRandom rnd = ThreadLocalRandom.current();
                    for (int r = 0; r < rounds && failure.get() == null; r++) {
                        await(barrier);
                        AtomicIntegerArray taken = takenRef.get();
                        int idle = 0;
                        for (;;) {
                            assertTrue(mine.isEmpty(), "runqsteal is called on an empty queue only");
                            G gp = mine.steal(victim, rnd.nextInt(4) == 0, rnd.nextInt(16) == 0);
                            if (gp != null) {
                                idle = 0;
                                take(gp, taken);
                                stolen.increment();
                                G mg;
                                while ((mg = mine.pollRunnext()) != null || (mg = mine.pollRing()) != null) {
                                    take(mg, taken);
                                    stolen.increment();
                                }
                                continue;
                            }
                            if (rnd.nextInt(8) == 0) {
                                take(global.poll(), taken);
                            }
                            if (lastPutRound.get() == r && victim.isEmpty()) {
                                break;
                            }
                            if (failure.get() != null) {
                                return;
                            }
                            if (++idle % 64 == 0) {
                                Thread.yield();
                            } else {
                                Thread.onSpinWait();
                            }
                        }
                        assertTrue(mine.isEmpty());
                        await(barrier);
                    }
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                    barrier.reset();
                }
            });
            thieves.add(t);
        }
        ownerThread.join(TimeUnit.SECONDS.toMillis(45));
        for (Thread t : thieves) {
            t.join(TimeUnit.SECONDS.toMillis(5));
        }
        Throwable f = failure.get();
        if (f != null) {
            if (f instanceof AssertionError ae) {
                throw ae;
            }
            fail("owner or thief failed", f);
        }
        assertFalse(ownerThread.isAlive(), "the owner did not finish in time");
        for (Thread t : thieves) {
            assertFalse(t.isAlive(), t.getName() + " did not finish in time");
        }
        // Not a statistical bound so much as a sanity check that the race happened: with
        // 200 rounds of 10,000 Gs, thieves that never steal would mean they never overlapped
        // the owner at all.
        assertTrue(stolen.sum() > 0, "the thieves never stole: the test raced nothing");
    }

    private static void take(G gp, AtomicIntegerArray taken) {
        if (gp != null) {
            taken.incrementAndGet((int) gp.goid());
        }
    }

    private static void await(CyclicBarrier barrier) throws InterruptedException, BrokenBarrierException, TimeoutException {
        barrier.await(20, TimeUnit.SECONDS);
    }
}
