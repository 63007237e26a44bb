package io.goroutines.tests;

import io.goroutines.Chan;
import io.goroutines.Go;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * A goroutine parked on a channel names the channel as its thread's park blocker, as
 * {@code LockSupport.park(blocker)} would: {@code LockSupport.getBlocker}, jstack's
 * "parking to wait for" and JFR's park events show it. The goroutine's park sets and
 * clears the field itself (it does not keep the thread in its frame across the park),
 * so this checks both halves: set while parked, cleared once running again.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ParkBlockerTest {

    private static final Duration BOUND = Duration.ofSeconds(10);

    /** Waits, bounded, until {@code t}'s park blocker is {@code blocker}. */
    private static void awaitBlocker(Thread t, Object blocker, String what) {
        long deadline = System.nanoTime() + BOUND.toNanos();
        while (LockSupport.getBlocker(t) != blocker) {
            if (System.nanoTime() > deadline) {
                fail(what + ": the goroutine's park blocker is " + LockSupport.getBlocker(t) + " after "
                        + BOUND.toSeconds() + " s, state " + t.getState());
            }
            Thread.onSpinWait();
        }
    }

    @Test
    void aGoroutineBlockedOnAChannelNamesItAsItsParkBlockerAndClearsItWhenWoken() throws InterruptedException {
        Chan<Integer> recvOn = Chan.make();
        Chan<Integer> sendOn = Chan.make();
        BlockingQueue<Object> events = new ArrayBlockingQueue<>(4);
        Go.go(() -> {
            try {
                events.add(Thread.currentThread());
                Integer v = recvOn.recv();                    // parks: blocker recvOn
                events.add(LockSupport.getBlocker(Thread.currentThread()) == null ? "cleared" : "kept");
                sendOn.send(v + 1);                           // parks: blocker sendOn
                events.add(LockSupport.getBlocker(Thread.currentThread()) == null ? "cleared" : "kept");
            } catch (Throwable e) {
                events.add(e);
            }
        });
        Thread t = (Thread) events.poll(BOUND.toSeconds(), TimeUnit.SECONDS);
        assertNotNull(t, "the goroutine did not start");

        awaitBlocker(t, recvOn, "blocked in a receive");
        recvOn.send(41);
        assertSame("cleared", events.poll(BOUND.toSeconds(), TimeUnit.SECONDS), "after the receive");

        awaitBlocker(t, sendOn, "blocked in a send");
        assertEquals(42, sendOn.recv());
        assertSame("cleared", events.poll(BOUND.toSeconds(), TimeUnit.SECONDS), "after the send");

        assertTrue(t.join(BOUND), "the goroutine did not end");
        assertNull(LockSupport.getBlocker(t));
    }
}
