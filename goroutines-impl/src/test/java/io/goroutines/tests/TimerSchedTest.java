package io.goroutines.tests;

import io.goroutines.Chan;
import io.goroutines.Go;
import io.goroutines.GoRuntime;
import io.goroutines.testkit.RestoresGomaxprocs;
import io.goroutines.time.Time;
import io.goroutines.time.Timer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Timers and the scheduler: sleeping goroutines in dumps, timers that outlive the P they
 * were armed on (GOMAXPROCS shrinks), and an idle runtime waking for a timer armed by a
 * thread that is not a goroutine.
 */
@Timeout(60)
class TimerSchedTest extends RestoresGomaxprocs {

    @Test
    void sleepingGoroutineShowsSleepInDump() throws InterruptedException {
        Chan<Long> goid = Chan.make(1);
        CountDownLatch woke = new CountDownLatch(1);
        Go.go(() -> {
            goid.send(Long.parseLong(GoRuntime.stack(false).split(" ")[1]));
            Time.sleep(Duration.ofMillis(1500));
            woke.countDown();
        });
        long id = goid.recv();
        String header = "goroutine " + id + " [sleep]:";
        String dump = "";
        for (int i = 0; i < 200 && !dump.contains(header); i++) {
            dump = GoRuntime.stack(true); // the goroutine may not have parked yet
            if (!dump.contains(header)) {
                Thread.onSpinWait();
                TimeUnit.MILLISECONDS.sleep(5);
            }
        }
        assertTrue(dump.contains(header), dump);
        assertTrue(woke.await(20, TimeUnit.SECONDS), "the sleeper never woke");
    }

    @Test
    void timersSurviveGomaxprocsShrink() throws InterruptedException {
        GoRuntime.gomaxprocs(4);
        int n = 400;
        CountDownLatch started = new CountDownLatch(n);
        CountDownLatch woke = new CountDownLatch(n);
        Chan<Integer> release = Chan.make();
        // Spread the sleepers over the Ps: each one is started by a goroutine that first
        // waits on a shared channel, so the starters run wherever they were readied.
        for (int i = 0; i < n; i++) {
            Go.go(() -> {
                started.countDown();
                release.recv();
                Time.sleep(Duration.ofMillis(300));
                woke.countDown();
            });
        }
        assertTrue(started.await(20, TimeUnit.SECONDS));
        release.close(); // all of them arm their sleep timers at about the same time, on 4 Ps
        GoRuntime.gomaxprocs(1); // three Ps retire with their timers
        assertTrue(woke.await(20, TimeUnit.SECONDS), woke.getCount() + " sleepers were lost with their P");
        assertEquals(1, GoRuntime.gomaxprocs(0));
    }

    @Test
    void idleRuntimeWakesForTimerArmedByPlatformThread() throws InterruptedException {
        // Let the runtime go idle: no goroutine runs, every M parks.
        CountDownLatch fired = new CountDownLatch(3);
        AtomicReference<Thread> ranOn = new AtomicReference<>();
        long t0 = System.nanoTime();
        Timer t = Time.afterFunc(Duration.ofMillis(50), () -> {
            ranOn.set(Thread.currentThread());
            fired.countDown();
        });
        Time.afterFunc(Duration.ofMillis(10), fired::countDown);
        Time.afterFunc(Duration.ofMillis(100), fired::countDown);
        assertTrue(fired.await(20, TimeUnit.SECONDS), "the timers never fired");
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        assertTrue(ms >= 100, "the 100 ms timer fired after " + ms + " ms");
        assertTrue(ranOn.get().isVirtual(), "afterFunc's f runs in a goroutine");
        assertTrue(!t.stop(), "stop after firing reports the timer inactive");
        assertEquals(null, t.c());
    }
}
