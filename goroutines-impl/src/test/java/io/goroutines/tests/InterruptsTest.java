package io.goroutines.tests;

import io.goroutines.Chan;
import io.goroutines.Go;
import io.goroutines.GoRuntime;
import io.goroutines.Received;
import io.goroutines.Select;
import io.goroutines.context.Context;
import io.goroutines.sync.Cond;
import io.goroutines.sync.Mutex;
import io.goroutines.sync.Semaphore;
import io.goroutines.sync.WaitGroup;
import io.goroutines.time.Time;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * ADR 0017: what an interrupt does to a goroutine or a thread blocked in the runtime's
 * waits: a channel receive, a send, a select, {@code Mutex.lock}, {@code WaitGroup.await},
 * {@code Cond.await}, {@code Semaphore.acquire} (Go's only), {@code Time.sleep}. Each case runs in a goroutine (a {@code GoRuntime.threadFactory()}
 * thread, what {@code shutdownNow} and {@code Future.cancel(true)} interrupt) and in a
 * platform thread, and checks the decided outcome:
 * <ul>
 *   <li>Go's methods keep waiting. Proof: after {@code interrupt()} the waiter's status
 *       reads false again while it is parked and has not returned, so it woke, took the
 *       interrupt and went back to its wait (an implementation that returned on the
 *       interrupt would have reported, and ended); then the wait completes with what it
 *       waited for, and the status is set.</li>
 *   <li>The {@code ...Interruptibly} variants throw {@link InterruptedException} with the
 *       status cleared, and leave the channel, mutex or group as if they had never
 *       waited: what a later operation sees proves it (a value sent later goes to the
 *       next receiver, the mutex is handed to the next waiter, a reused group still
 *       blocks).</li>
 *   <li>With the status set on entry they throw at once, even when they would not block,
 *       and do nothing.</li>
 * </ul>
 * Every wait is bounded by {@link #WAIT}. Waiters are watched through
 * {@link Thread#getState()}, polled every 50 µs up to that bound.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class InterruptsTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    /** Where the waiter runs. */
    enum Where {
        GOROUTINE, PLATFORM_THREAD;

        Thread start(Runnable body) {
            if (this == PLATFORM_THREAD) {
                return Thread.ofPlatform().daemon().start(body);
            }
            Thread t = GoRuntime.threadFactory().newThread(body);
            t.start();
            return t;
        }
    }

    /** What the wait returned or threw, and the waiter's interrupt status right after. */
    record Outcome(Object result, Throwable thrown, boolean interrupted) {
    }

    /** A thread or goroutine running one wait, watched from the test thread. */
    private record Waiter(Thread thread, CompletableFuture<Outcome> ended) {

        static Waiter start(Where where, Callable<?> wait) {
            CompletableFuture<Outcome> f = new CompletableFuture<>();
            Thread t = where.start(() -> {
                Object r = null;
                Throwable x = null;
                try {
                    r = wait.call();
                } catch (Throwable e) {
                    x = e;
                }
                f.complete(new Outcome(r, x, Thread.currentThread().isInterrupted()));
            });
            return new Waiter(t, f);
        }

        /** Waits, bounded, until the waiter is parked in its wait (and has not returned). */
        Waiter blocked() {
            pollUntil(() -> parked(thread), "to block");
            return this;
        }

        /** Interrupts it, and waits until it took the interrupt and parked again in the same wait. */
        void interruptAndSeeItWaitAgain() {
            thread.interrupt();
            pollUntil(() -> !thread.isInterrupted() && parked(thread), "to take the interrupt and wait again");
        }

        private void pollUntil(java.util.function.BooleanSupplier done, String what) {
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (!done.getAsBoolean()) {
                if (ended.isDone()) {
                    fail("the wait returned instead of waiting: " + ended.join());
                }
                if (System.nanoTime() - deadline > 0) {
                    fail("the waiter did not come " + what + " within " + WAIT + ": " + thread.getState());
                }
                LockSupport.parkNanos(50_000);
            }
        }

        Outcome outcome() throws InterruptedException, ExecutionException {
            try {
                return ended.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                return fail("the wait did not end within " + WAIT + ": " + thread.getState());
            }
        }

        /** Interrupts it and returns its outcome, which must be an {@link InterruptedException}, status cleared. */
        void interruptAndExpectInterruptedException() throws Exception {
            thread.interrupt();
            Outcome o = outcome();
            assertInstanceOf(InterruptedException.class, o.thrown(), () -> "outcome " + o);
            assertFalse(o.interrupted(), "InterruptedException clears the status");
        }
    }

    private static boolean parked(Thread t) {
        Thread.State s = t.getState();
        return s == Thread.State.WAITING || s == Thread.State.TIMED_WAITING;
    }

    /**
     * Runs {@code wait} where asked with the interrupt status set first: it must throw
     * {@link InterruptedException}, with the status cleared, whether or not it would block.
     */
    private static void assertThrowsWithTheStatusSetOnEntry(Where where, Callable<?> wait) throws Exception {
        Outcome o = Waiter.start(where, () -> {
            Thread.currentThread().interrupt();
            return wait.call();
        }).outcome();
        assertInstanceOf(InterruptedException.class, o.thrown(), () -> "outcome " + o);
        assertFalse(o.interrupted(), "InterruptedException clears the status");
    }

    /** Go's result of a wait that completed normally after an interrupt: {@code result}, status set. */
    private static void assertCompletedWithStatusSet(Object result, Outcome o) {
        assertNull(o.thrown(), () -> "outcome " + o);
        assertEquals(result, o.result());
        assertTrue(o.interrupted(), "the interrupt status is set again when the wait returns");
    }

    /** Sends {@code v} on {@code c}, failing after {@link #WAIT} rather than hanging. */
    private static <T> void sendBounded(Chan<T> c, T v) {
        assertEquals(0, Go.select().send(c, v, null).recv(Time.after(WAIT), null).run(), "nobody received");
    }

    /** Receives from {@code c}, failing after {@link #WAIT} rather than hanging. */
    private static <T> T recvBounded(Chan<T> c) {
        Object[] got = new Object[1];
        assertEquals(0, Go.select().recv(c, v -> got[0] = v).recv(Time.after(WAIT), null).run(), "nothing sent");
        @SuppressWarnings("unchecked")
        T v = (T) got[0];
        return v;
    }

    // ------------------------------------------------------------------ receive

    @ParameterizedTest
    @EnumSource(Where.class)
    void recvKeepsWaitingThroughAnInterrupt(Where where) throws Exception {
        Chan<Integer> c = Chan.make();
        Waiter w = Waiter.start(where, c::recv).blocked();
        w.interruptAndSeeItWaitAgain();
        sendBounded(c, 7);
        assertCompletedWithStatusSet(7, w.outcome());
    }

    @ParameterizedTest
    @EnumSource(Where.class)
    void recvInterruptiblyThrowsAndReceivesNothing(Where where) throws Exception {
        Chan<Integer> c = Chan.make();
        Waiter w = Waiter.start(where, c::recvInterruptibly).blocked();
        w.interruptAndExpectInterruptedException();
        assertFalse(c.trySend(1), "the withdrawn receiver is no longer queued");
        Waiter next = Waiter.start(where, c::recvOkInterruptibly).blocked();
        sendBounded(c, 8);
        assertEquals(new Received<>(8, true), next.outcome().result(), "the next receiver gets the value");
    }

    @ParameterizedTest
    @EnumSource(Where.class)
    void aValueHandedOverBeforeTheInterruptIsNeverLost(Where where) throws Exception {
        for (int i = 0; i < 100; i++) {
            Chan<Integer> c = Chan.make();
            Waiter w = Waiter.start(where, c::recvInterruptibly).blocked();
            sendBounded(c, i);   // the value is in the receiver's sudog, its wake on its way
            w.thread().interrupt(); // races that wake
            Outcome o = w.outcome();
            assertNull(o.thrown(), () -> "outcome " + o);
            assertEquals(i, o.result(), "the value handed over is returned");
        }
    }

    @ParameterizedTest
    @EnumSource(Where.class)
    void recvInterruptiblyWithTheStatusSetThrowsAndLeavesTheBuffer(Where where) throws Exception {
        Chan<Integer> c = Chan.make(1);
        c.send(5);
        assertThrowsWithTheStatusSetOnEntry(where, c::recvInterruptibly);
        assertEquals(1, c.len(), "nothing was received");
    }

    // ------------------------------------------------------------------ send

    @ParameterizedTest
    @EnumSource(Where.class)
    void sendKeepsWaitingThroughAnInterrupt(Where where) throws Exception {
        Chan<Integer> c = Chan.make();
        Waiter w = Waiter.start(where, () -> {
            c.send(7);
            return "sent";
        }).blocked();
        w.interruptAndSeeItWaitAgain();
        assertEquals(7, recvBounded(c));
        assertCompletedWithStatusSet("sent", w.outcome());
    }

    @ParameterizedTest
    @EnumSource(Where.class)
    void sendInterruptiblyThrowsAndSendsNothing(Where where) throws Exception {
        Chan<Integer> c = Chan.make(1);
        c.send(0); // full: the next send waits
        Waiter w = Waiter.start(where, () -> {
            c.sendInterruptibly(7);
            return "sent";
        }).blocked();
        w.interruptAndExpectInterruptedException();
        assertEquals(0, c.recv());
        assertNull(c.tryRecv(), "the withdrawn sender's value is neither handed over nor buffered");
        assertEquals(0, c.len());
    }

    @ParameterizedTest
    @EnumSource(Where.class)
    void sendInterruptiblyWithTheStatusSetThrowsAndSendsNothing(Where where) throws Exception {
        Chan<Integer> c = Chan.make(1);
        assertThrowsWithTheStatusSetOnEntry(where, () -> {
            c.sendInterruptibly(5);
            return "sent";
        });
        assertEquals(0, c.len(), "the buffer had room, and still nothing was sent");
    }

    // ------------------------------------------------------------------ select

    @ParameterizedTest
    @EnumSource(Where.class)
    void selectKeepsWaitingThroughAnInterrupt(Where where) throws Exception {
        Chan<Integer> a = Chan.make();
        Chan<Integer> b = Chan.make();
        Chan<Integer> out = Chan.make();
        Object[] got = new Object[1];
        Select s = Go.select().recv(a, v -> got[0] = "a" + v).recv(b, v -> got[0] = "b" + v).send(out, 1, null);
        Waiter w = Waiter.start(where, () -> s.run() + " " + got[0]).blocked();
        w.interruptAndSeeItWaitAgain();
        sendBounded(b, 7);
        assertCompletedWithStatusSet("1 b7", w.outcome());
    }

    @ParameterizedTest
    @EnumSource(Where.class)
    void selectRunInterruptiblyWithdrawsEveryCase(Where where) throws Exception {
        Chan<Integer> a = Chan.make();
        Chan<Integer> b = Chan.make();
        Chan<Integer> out = Chan.make();
        Object[] got = new Object[1];
        Select s = Go.select().recv(a, v -> got[0] = v).recv(b, v -> got[0] = v).send(out, 1, () -> got[0] = "sent")
                .recv(Time.after(Duration.ofHours(1)), v -> got[0] = v);
        Waiter w = Waiter.start(where, s::runInterruptibly).blocked();
        w.interruptAndExpectInterruptedException();
        assertNull(got[0], "no body ran");
        assertFalse(a.trySend(1), "no case is left in a's queue");
        assertFalse(b.trySend(1), "no case is left in b's queue");
        assertNull(out.tryRecv(), "the send case was withdrawn");
        // The same Select runs again, and a case proceeds as usual.
        Waiter again = Waiter.start(where, s::runInterruptibly).blocked();
        sendBounded(b, 9);
        assertEquals(1, again.outcome().result());
        assertEquals(9, got[0]);
    }

    @ParameterizedTest
    @EnumSource(Where.class)
    void selectWithNoCasesWaitsForTheInterrupt(Where where) throws Exception {
        Waiter w = Waiter.start(where, () -> Go.select().runInterruptibly()).blocked();
        w.interruptAndExpectInterruptedException();
    }

    @ParameterizedTest
    @EnumSource(Where.class)
    void selectRunInterruptiblyWithTheStatusSetThrowsEvenWithAReadyCase(Where where) throws Exception {
        Chan<Integer> c = Chan.make(1);
        c.send(3);
        assertThrowsWithTheStatusSetOnEntry(where, () -> Go.select().recv(c, null).defaultCase(null).runInterruptibly());
        assertEquals(1, c.len(), "the ready case did not proceed");
    }

    // ------------------------------------------------------------------ Mutex

    @ParameterizedTest
    @EnumSource(Where.class)
    void lockKeepsWaitingThroughAnInterrupt(Where where) throws Exception {
        Mutex mu = new Mutex();
        mu.lock();
        Waiter w = Waiter.start(where, () -> {
            mu.lock();
            mu.unlock();
            return "locked";
        }).blocked();
        w.interruptAndSeeItWaitAgain();
        mu.unlock();
        assertCompletedWithStatusSet("locked", w.outcome());
    }

    @ParameterizedTest
    @EnumSource(Where.class)
    void lockInterruptiblyThrowsAndTheNextWaiterGetsTheMutex(Where where) throws Exception {
        Mutex mu = new Mutex();
        mu.lock();
        Waiter w = Waiter.start(where, () -> {
            mu.lockInterruptibly();
            return "locked";
        }).blocked();
        w.interruptAndExpectInterruptedException();
        Waiter next = Waiter.start(where, () -> {
            mu.lock();
            return "next locked";
        }).blocked();
        mu.unlock(); // held by the test all along: the interrupted waiter never got it
        assertEquals("next locked", next.outcome().result());
        assertFalse(mu.tryLock(), "held by the next waiter");
        mu.unlock();
        assertTrue(mu.tryLock(), "free again");
        mu.unlock();
    }

    @ParameterizedTest
    @EnumSource(Where.class)
    void lockInterruptiblyWithTheStatusSetThrowsOnAFreeMutex(Where where) throws Exception {
        Mutex mu = new Mutex();
        assertThrowsWithTheStatusSetOnEntry(where, () -> {
            mu.lockInterruptibly();
            return "locked";
        });
        assertTrue(mu.tryLock(), "the mutex was not taken");
        mu.unlock();
    }

    // ------------------------------------------------------------------ WaitGroup

    @ParameterizedTest
    @EnumSource(Where.class)
    void awaitKeepsWaitingThroughAnInterrupt(Where where) throws Exception {
        WaitGroup wg = new WaitGroup();
        wg.add(1);
        Waiter w = Waiter.start(where, () -> {
            wg.await();
            return "done";
        }).blocked();
        w.interruptAndSeeItWaitAgain();
        wg.done();
        assertCompletedWithStatusSet("done", w.outcome());
    }

    @ParameterizedTest
    @EnumSource(Where.class)
    void awaitInterruptiblyThrowsAndTheGroupIsReusable(Where where) throws Exception {
        WaitGroup wg = new WaitGroup();
        wg.add(1);
        Waiter w = Waiter.start(where, () -> {
            wg.awaitInterruptibly();
            return "done";
        }).blocked();
        w.interruptAndExpectInterruptedException();
        wg.done();
        // Reused: a new waiter blocks until the new count reaches zero (a leftover
        // release of the withdrawn waiter would let it through at once).
        wg.add(1);
        Waiter next = Waiter.start(where, () -> {
            wg.await();
            return "done";
        }).blocked();
        wg.done();
        assertEquals("done", next.outcome().result());
    }

    @ParameterizedTest
    @EnumSource(Where.class)
    void awaitInterruptiblyWithTheStatusSetThrowsAtZero(Where where) throws Exception {
        WaitGroup wg = new WaitGroup();
        assertThrowsWithTheStatusSetOnEntry(where, () -> {
            wg.awaitInterruptibly();
            return "done";
        });
    }

    // ------------------------------------------------------------------ Cond

    @ParameterizedTest
    @EnumSource(Where.class)
    void condAwaitKeepsWaitingThroughAnInterrupt(Where where) throws Exception {
        Mutex mu = new Mutex();
        Cond c = new Cond(mu);
        Waiter w = Waiter.start(where, () -> {
            mu.lock();
            c.await();
            boolean held = !mu.tryLock();
            mu.unlock();
            return held ? "woken, holding the mutex" : "woken without the mutex";
        }).blocked();
        w.interruptAndSeeItWaitAgain();
        c.signal();
        assertCompletedWithStatusSet("woken, holding the mutex", w.outcome());
    }

    /**
     * The interrupted waiter throws holding the mutex again, and gives its place up: the
     * next signal wakes the waiter behind it (it would be spent on the leaver otherwise).
     */
    @ParameterizedTest
    @EnumSource(Where.class)
    void condAwaitInterruptiblyThrowsAndTheSignalGoesToTheNextWaiter(Where where) throws Exception {
        Mutex mu = new Mutex();
        Cond c = new Cond(mu);
        Waiter w = Waiter.start(where, () -> {
            mu.lock();
            try {
                c.awaitInterruptibly();
                return "woken";
            } catch (InterruptedException e) {
                boolean held = !mu.tryLock();
                mu.unlock();
                if (!held) {
                    throw new AssertionError("threw without the mutex", e);
                }
                throw e;
            }
        }).blocked();
        Waiter next = Waiter.start(where, () -> {
            mu.lock();
            c.await();
            mu.unlock();
            return "next woken";
        }).blocked();
        w.interruptAndExpectInterruptedException();
        c.signal(); // the first ticket was given up: this one is the next waiter's
        assertEquals("next woken", next.outcome().result());
    }

    @ParameterizedTest
    @EnumSource(Where.class)
    void condAwaitInterruptiblyWithTheStatusSetThrowsHoldingTheLock(Where where) throws Exception {
        Mutex mu = new Mutex();
        Cond c = new Cond(mu);
        Outcome o = Waiter.start(where, () -> {
            mu.lock();
            Thread.currentThread().interrupt();
            try {
                c.awaitInterruptibly();
                return "returned";
            } catch (InterruptedException e) {
                boolean held = !mu.tryLock();
                mu.unlock();
                return held ? "threw holding the mutex" : "threw without the mutex";
            }
        }).outcome();
        assertEquals("threw holding the mutex", o.result());
        assertFalse(o.interrupted(), "InterruptedException clears the status");
        assertTrue(mu.tryLock(), "the waiter unlocked it");
    }

    // ------------------------------------------------------------------ Semaphore

    /** Go's Acquire has no way out but its context: an interrupt leaves it waiting. */
    @ParameterizedTest
    @EnumSource(Where.class)
    void semaphoreAcquireKeepsWaitingThroughAnInterrupt(Where where) throws Exception {
        Semaphore sem = new Semaphore(1);
        sem.acquire(Context.background(), 1);
        Waiter w = Waiter.start(where, () -> {
            sem.acquire(Context.background(), 1);
            return "acquired";
        }).blocked();
        w.interruptAndSeeItWaitAgain();
        sem.release(1);
        assertCompletedWithStatusSet("acquired", w.outcome());
    }

    // ------------------------------------------------------------------ Time.sleep

    /** The whole duration is slept, the interrupt notwithstanding; the status is set after. */
    @ParameterizedTest
    @EnumSource(Where.class)
    void sleepSleepsTheWholeDurationThroughAnInterrupt(Where where) throws Exception {
        Duration d = Duration.ofMillis(500);
        Waiter w = Waiter.start(where, () -> {
            long start = System.nanoTime();
            Time.sleep(d);
            return System.nanoTime() - start >= d.toNanos();
        }).blocked();
        w.interruptAndSeeItWaitAgain();
        assertCompletedWithStatusSet(true, w.outcome());
    }

    @ParameterizedTest
    @EnumSource(Where.class)
    void sleepInterruptiblyThrowsAndTheNextSleepIsWhole(Where where) throws Exception {
        Duration d = Duration.ofMillis(50);
        Waiter w = Waiter.start(where, () -> {
            try {
                Time.sleepInterruptibly(Duration.ofHours(1));
                return "slept an hour";
            } catch (InterruptedException e) {
                long start = System.nanoTime(); // the same goroutine sleeps again, whole
                Time.sleep(d);
                return System.nanoTime() - start >= d.toNanos() ? "interrupted, then slept" : "woke early";
            }
        }).blocked();
        w.thread().interrupt();
        Outcome o = w.outcome();
        assertNull(o.thrown(), () -> "outcome " + o);
        assertEquals("interrupted, then slept", o.result());
        assertFalse(o.interrupted());
    }

    @ParameterizedTest
    @EnumSource(Where.class)
    void sleepInterruptiblyWithTheStatusSetThrowsEvenForZero(Where where) throws Exception {
        assertThrowsWithTheStatusSetOnEntry(where, () -> {
            Time.sleepInterruptibly(Duration.ZERO);
            return "slept";
        });
    }

    // ------------------------------------------------------------------ Java's cancellation

    /**
     * The goroutine {@code ExecutorService}: {@code Future.cancel(true)} ends a task in
     * {@code recvInterruptibly}, and {@code shutdownNow} one in {@code lockInterruptibly},
     * where the same tasks with Go's methods would wait on.
     */
    @Test
    void cancelAndShutdownNowReachTheInterruptibleWaitsOfGoroutines() throws Exception {
        ExecutorService ex = Executors.newThreadPerTaskExecutor(GoRuntime.threadFactory());
        Chan<Integer> never = Chan.make();
        Mutex held = new Mutex();
        held.lock();
        Chan<String> report = Chan.make(2);
        Chan<Void> started = Chan.make(2);
        Future<?> receiving = ex.submit(() -> {
            started.send(null); // an interrupt from here on, before or during the wait, ends it
            try {
                never.recvInterruptibly();
                report.send("recv returned");
            } catch (InterruptedException e) {
                report.send("recv interrupted");
            }
        });
        ex.execute(() -> {
            started.send(null);
            try {
                held.lockInterruptibly();
                report.send("lock returned");
            } catch (InterruptedException e) {
                report.send("lock interrupted");
            }
        });
        try {
            recvBounded(started);
            recvBounded(started);
            assertTrue(receiving.cancel(true));
            assertEquals("recv interrupted", recvBounded(report));
            ex.shutdownNow();
            assertEquals("lock interrupted", recvBounded(report));
            assertTrue(ex.awaitTermination(WAIT.toMillis(), TimeUnit.MILLISECONDS));
        } finally {
            held.unlock();
            ex.shutdownNow();
        }
    }
}
