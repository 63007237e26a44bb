package io.goroutines.impl.sync;

import io.goroutines.GoRuntime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The bookkeeping of waiters that an interrupt takes out of {@link MutexImpl} and
 * {@link WaitGroupImpl} (ADR 0017; the equations are in MutexImpl's class comment):
 * under a storm of interrupts, with goroutines and platform threads, interruptible and
 * Go's waits mixed, every state word and semaphore ends where it began. A waiter left
 * counted would show as {@code waiters=1}, a wake left granted as {@code woken} or a
 * semaphore {@code count=1}; a lost wake as a waiter that never returns (every join is
 * bounded); a broken exclusion as a lost increment. Two races that a storm seldom
 * reaches are staged through MutexImpl's private state word (read and set with a
 * private lookup, as no schedule can stop an unlock halfway).
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class InterruptedWaitersTest {

    private static final long JOIN_MS = 30_000;
    /** MutexImpl's state bits and waiter shift, as its class comment lays them out. */
    private static final int LOCKED = 1;
    private static final int WOKEN = 2;
    private static final int STARVING = 4;
    private static final int ONE_WAITER = 1 << 3;
    /** MutexImpl's private state word and semaphore, for the two races no schedule reaches on demand. */
    private static final VarHandle STATE;
    private static final VarHandle SEMA;
    /** WaitGroupImpl's private state word and semaphore, likewise. */
    private static final VarHandle WG_STATE;
    private static final VarHandle WG_SEMA;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.privateLookupIn(MutexImpl.class, MethodHandles.lookup());
            STATE = l.findVarHandle(MutexImpl.class, "state", int.class);
            SEMA = l.findVarHandle(MutexImpl.class, "sema", Sema.class);
            MethodHandles.Lookup w = MethodHandles.privateLookupIn(WaitGroupImpl.class, MethodHandles.lookup());
            WG_STATE = w.findVarHandle(WaitGroupImpl.class, "state", long.class);
            WG_SEMA = w.findVarHandle(WaitGroupImpl.class, "sema", Sema.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Starts {@code body} on a goroutine (even {@code i}) or a platform thread (odd). */
    private static Thread start(int i, Runnable body) {
        if (i % 2 == 1) {
            return Thread.ofPlatform().daemon().start(body);
        }
        Thread t = GoRuntime.threadFactory().newThread(body);
        t.start();
        return t;
    }

    /** Interrupts a random thread of {@code targets} every few microseconds until {@code stop}. */
    private static Thread interrupter(List<Thread> targets, AtomicBoolean stop) {
        return Thread.ofPlatform().daemon().start(() -> {
            ThreadLocalRandom rnd = ThreadLocalRandom.current();
            while (!stop.get()) {
                targets.get(rnd.nextInt(targets.size())).interrupt();
                LockSupport.parkNanos(rnd.nextInt(1_000, 50_000)); // pacing, not synchronisation
            }
        });
    }

    private static void joinAll(List<Thread> threads) throws InterruptedException {
        for (Thread t : threads) {
            assertTrue(t.join(java.time.Duration.ofMillis(JOIN_MS)), t + " did not end: a lost wake?");
        }
    }

    /** A counter only the holder of the mutex touches. */
    private static final class Guarded {
        int value;
    }

    @Test
    void mutexWaitersThatLeaveLeaveNothingBehind() throws Exception {
        MutexImpl mu = new MutexImpl();
        Guarded guarded = new Guarded();
        AtomicInteger locked = new AtomicInteger();
        AtomicInteger interrupted = new AtomicInteger();
        int workers = 6;
        int rounds = 3_000;
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < workers; i++) {
            boolean goStyle = i % 3 == 2; // some use Go's lock(), which the interrupts must not disturb
            threads.add(start(i, () -> {
                for (int r = 0; r < rounds; r++) {
                    if (goStyle) {
                        mu.lock();
                        Thread.interrupted(); // lock() sets it again: drop it, as the next round starts clean
                    } else {
                        try {
                            mu.lockInterruptibly();
                        } catch (InterruptedException e) {
                            interrupted.incrementAndGet();
                            continue;
                        }
                    }
                    try {
                        guarded.value++;
                        locked.incrementAndGet();
                        for (int k = ThreadLocalRandom.current().nextInt(200); k > 0; k--) {
                            Thread.onSpinWait(); // hold it a while: waiters queue, some starve
                        }
                    } finally {
                        mu.unlock();
                    }
                }
            }));
        }
        AtomicBoolean stop = new AtomicBoolean();
        Thread storm = interrupter(threads, stop);
        try {
            joinAll(threads);
        } finally {
            stop.set(true);
            storm.join();
        }
        assertTrue(interrupted.get() > 0, "no interrupted wait: the test proved nothing");
        assertEquals(locked.get(), guarded.value, "an increment was lost: two holders at once");
        assertEquals("Mutex(unlocked, waiters=0, sema(count=0, nwait=0))", mu.toString());
    }

    /** Starts a platform thread in {@code lockInterruptibly}; its outcome completes {@code outcome}. */
    private static Thread lockInterruptibly(MutexImpl mu, CompletableFuture<String> outcome) {
        return Thread.ofPlatform().daemon().start(() -> {
            try {
                mu.lockInterruptibly();
                outcome.complete("locked, interrupted " + Thread.currentThread().isInterrupted());
            } catch (InterruptedException e) {
                outcome.complete("interrupted, interrupted " + Thread.currentThread().isInterrupted());
            }
        });
    }

    /** Polls {@code done} every 50 µs, failing after 10 s with {@code what}. */
    private static void pollUntil(BooleanSupplier done, Supplier<String> what) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!done.getAsBoolean()) {
            assertTrue(System.nanoTime() - deadline < 0, what);
            LockSupport.parkNanos(50_000);
        }
    }

    /** Polls until {@code o.toString()} is {@code expected}: a state word and semaphore, as they print. */
    private static void awaitState(Object o, String expected) {
        pollUntil(() -> o.toString().equals(expected), () -> "not " + expected + " in 10 s: " + o);
    }

    /**
     * The race of MutexImpl's comment, made to happen: an unlock has granted the wake
     * to the only waiter (one waiter less, {@code WOKEN}) but not released the
     * semaphore yet, when that waiter is interrupted and leaves the queue. The count is
     * zero, so the wake is its own: it takes the release when it comes, and the mutex
     * with it, returning with the interrupt status set.
     */
    @Test
    void aWaiterInterruptedAfterAnUnlockGrantedItTheWakeTakesIt() throws Exception {
        MutexImpl mu = new MutexImpl();
        mu.lock();
        CompletableFuture<String> outcome = new CompletableFuture<>();
        Thread x = lockInterruptibly(mu, outcome);
        awaitState(mu, "Mutex(locked, waiters=1, sema(count=0, nwait=1))");
        STATE.setVolatile(mu, WOKEN); // unlockSlow's two CASes, up to its semaphore release
        x.interrupt();
        awaitState(mu, "Mutex(unlocked, woken, waiters=0, sema(count=0, nwait=0))"); // out of the queue
        ((Sema) SEMA.get(mu)).release(false); // the release comes
        assertEquals("locked, interrupted true", outcome.get(10, TimeUnit.SECONDS));
        assertEquals("Mutex(locked, waiters=0, sema(count=0, nwait=0))", mu.toString());
        mu.unlock();
        assertEquals("Mutex(unlocked, waiters=0, sema(count=0, nwait=0))", mu.toString());
    }

    /**
     * The last waiter of a starving mutex leaves: the mutex goes back to normal mode, so
     * that the holder's unlock does not hand it to nobody (a release with no waiter).
     */
    @Test
    void theLastWaiterLeavingAStarvingMutexEndsStarvation() throws Exception {
        MutexImpl mu = new MutexImpl();
        mu.lock();
        CompletableFuture<String> outcome = new CompletableFuture<>();
        Thread x = lockInterruptibly(mu, outcome);
        awaitState(mu, "Mutex(locked, waiters=1, sema(count=0, nwait=1))");
        STATE.setVolatile(mu, LOCKED | STARVING | ONE_WAITER); // as a waiter starved for 1 ms leaves it
        x.interrupt();
        assertEquals("interrupted, interrupted false", outcome.get(10, TimeUnit.SECONDS));
        assertEquals("Mutex(locked, waiters=0, sema(count=0, nwait=0))", mu.toString());
        mu.unlock();
        assertEquals("Mutex(unlocked, waiters=0, sema(count=0, nwait=0))", mu.toString());
    }

    /**
     * A waiter interrupted when the final {@code add} has already brought the counter to
     * zero (and reset the state) but not yet released the semaphore for it: the wait is
     * over, so it takes that release and returns, with the interrupt status set.
     */
    @Test
    void aWaiterInterruptedAfterTheCounterReachedZeroReturns() throws Exception {
        WaitGroupImpl wg = new WaitGroupImpl();
        wg.add(1);
        CompletableFuture<String> outcome = new CompletableFuture<>();
        Thread x = Thread.ofPlatform().daemon().start(() -> {
            try {
                wg.awaitInterruptibly();
                outcome.complete("returned, interrupted " + Thread.currentThread().isInterrupted());
            } catch (InterruptedException e) {
                outcome.complete("interrupted");
            }
        });
        awaitState(wg, "WaitGroup(counter=1, waiters=1, sema(count=0, nwait=1))");
        WG_STATE.setVolatile(wg, 0L); // add(-1)'s reset, before its release loop
        x.interrupt();
        pollUntil(() -> x.getState() == Thread.State.WAITING && !x.isInterrupted(), // queued again, not interruptibly
                () -> "the waiter did not wait for its release: " + wg);
        assertFalse(outcome.isDone(), "it must wait for the release the final add owes it");
        ((Sema) WG_SEMA.get(wg)).release(false); // add(-1)'s release loop
        assertEquals("returned, interrupted true", outcome.get(10, TimeUnit.SECONDS));
        assertEquals("WaitGroup(counter=0, waiters=0, sema(count=0, nwait=0))", wg.toString());
    }

    @Test
    void waitGroupWaitersThatLeaveLeaveNothingBehind() throws Exception {
        WaitGroupImpl wg = new WaitGroupImpl();
        AtomicInteger interrupted = new AtomicInteger();
        AtomicInteger early = new AtomicInteger();
        for (int round = 0; round < 300; round++) {
            wg.add(1);
            AtomicBoolean released = new AtomicBoolean();
            List<Thread> threads = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                boolean goStyle = i == 3;
                threads.add(start(i, () -> {
                    try {
                        if (goStyle) {
                            wg.await();
                        } else {
                            wg.awaitInterruptibly();
                        }
                        if (!released.get()) {
                            early.incrementAndGet(); // returned before the counter reached zero
                        }
                    } catch (InterruptedException e) {
                        interrupted.incrementAndGet();
                    }
                }));
            }
            AtomicBoolean stop = new AtomicBoolean();
            Thread storm = interrupter(threads, stop);
            LockSupport.parkNanos(ThreadLocalRandom.current().nextInt(0, 300_000)); // let some wait, some leave
            released.set(true);
            wg.add(-1);
            try {
                joinAll(threads);
            } finally {
                stop.set(true);
                storm.join();
            }
            assertEquals(0, early.get(), "a wait returned before the counter reached zero (round " + round + ")");
            assertEquals("WaitGroup(counter=0, waiters=0, sema(count=0, nwait=0))", wg.toString(), "round " + round);
        }
        assertTrue(interrupted.get() > 0, "no interrupted wait: the test proved nothing");
    }
}
