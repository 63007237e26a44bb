package io.goroutines.tests;

import io.goroutines.Chan;
import io.goroutines.Go;
import io.goroutines.GoRuntime;
import io.goroutines.sync.Cond;
import io.goroutines.sync.Mutex;
import io.goroutines.sync.RWMutex;
import io.goroutines.sync.WaitGroup;
import io.goroutines.testkit.Body;
import io.goroutines.testkit.Failures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static io.goroutines.testkit.Dumps.truncate;
import static io.goroutines.testkit.Waits.WAIT_BOUND_SECONDS;
import static io.goroutines.testkit.Waits.awaitOpen;
import static io.goroutines.testkit.Waits.recvBounded;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * docs/api.md's wait reasons for the sync types: a goroutine blocked in {@code Mutex.lock},
 * {@code RWMutex.lock}, {@code RWMutex.rLock}, {@code WaitGroup.await} or
 * {@code Cond.await} shows Go's {@code sync.Mutex.Lock}, {@code sync.RWMutex.Lock},
 * {@code sync.RWMutex.RLock}, {@code sync.WaitGroup.Wait} or {@code sync.Cond.Wait} in
 * its header in {@link GoRuntime#stack(boolean)}.
 *
 * <p>Each test makes the operation block (the JUnit thread holds the lock or the counter
 * up), starts an unnamed goroutine that reports its id and then blocks, polls the dump,
 * bounded, for {@code goroutine <id> [<reason>]:}, and finally releases the goroutine
 * and waits for it to end.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SyncDumpTest {

    /**
     * Starts {@code blocking} in a new goroutine, waits until the dump shows that goroutine
     * with {@code reason}, runs {@code release}, then waits for the goroutine to end.
     */
    private static void assertBlockedGoroutineShows(String reason, Body blocking, Body release) throws Exception {
        Failures failures = new Failures();
        Chan<Long> goid = Chan.make(1);
        CountDownLatch ended = new CountDownLatch(1);
        Go.go(failures.wrap(() -> {
            try {
                // The first line of the own stack is "goroutine N [running]:".
                goid.send(Long.parseLong(GoRuntime.stack(false).split(" ", 3)[1]));
                blocking.run();
            } finally {
                ended.countDown();
            }
        }));
        long id = recvBounded(goid, failures, "the goroutine's id");
        String header = "goroutine " + id + " [" + reason + "]:";
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_BOUND_SECONDS);
        String dump = GoRuntime.stack(true);
        while (!dump.contains(header)) { // it may not have parked yet
            failures.check();
            if (System.nanoTime() - deadline > 0) {
                fail("no \"" + header + "\" within " + WAIT_BOUND_SECONDS + " s; dump:\n" + truncate(dump));
            }
            Thread.onSpinWait();
            GoRuntime.gosched();
            dump = GoRuntime.stack(true);
        }
        release.run();
        awaitOpen(ended, failures, "the goroutine blocked in " + reason);
        failures.check();
    }

    @Test
    void mutexLockShowsSyncMutexLock() throws Exception {
        Mutex mu = new Mutex();
        mu.lock();
        assertBlockedGoroutineShows("sync.Mutex.Lock", () -> {
            mu.lock();
            mu.unlock();
        }, mu::unlock);
    }

    /** A writer waiting for a reader (behind another writer Go would show {@code sync.Mutex.Lock}). */
    @Test
    void rwMutexLockShowsSyncRWMutexLock() throws Exception {
        RWMutex rw = new RWMutex();
        rw.rLock();
        assertBlockedGoroutineShows("sync.RWMutex.Lock", () -> {
            rw.lock();
            rw.unlock();
        }, rw::rUnlock);
    }

    @Test
    void rwMutexRLockShowsSyncRWMutexRLock() throws Exception {
        RWMutex rw = new RWMutex();
        rw.lock();
        assertBlockedGoroutineShows("sync.RWMutex.RLock", () -> {
            rw.rLock();
            rw.rUnlock();
        }, rw::unlock);
    }

    @Test
    void waitGroupAwaitShowsSyncWaitGroupWait() throws Exception {
        WaitGroup wg = new WaitGroup();
        wg.add(1);
        assertBlockedGoroutineShows("sync.WaitGroup.Wait", wg::await, wg::done);
    }

    /** The waiter holds the mutex when it enters await; a signal ends the wait, as Go's. */
    @Test
    void condAwaitShowsSyncCondWait() throws Exception {
        Mutex mu = new Mutex();
        Cond c = new Cond(mu);
        assertBlockedGoroutineShows("sync.Cond.Wait", () -> {
            mu.lock();
            c.await();
            mu.unlock();
        }, c::signal);
    }
}
