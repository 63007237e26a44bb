package io.goroutines.impl.sched;

import io.goroutines.Chan;
import io.goroutines.Go;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The clock of a goroutine's wait start ({@link WaitClock}), which sysmon advances
 * instead of every park reading the system clock: a wait must never look older than
 * it is, in particular after an idle spell during which sysmon slept deeply and its
 * clock stood still.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class WaitClockTest {

    @Test
    void ticksAreSixteenMillisecondUnitsOfTheGivenTime() {
        long t = System.nanoTime();
        WaitClock.advance(t); // as sysmon does at each round
        int ticks = WaitClock.ticks();
        // sysmon may advance it again meanwhile, only forward
        assertTrue(ticks - (int) (t >> WaitClock.SHIFT) >= 0, "ticks went back");
        long since = WaitClock.nanosSince(ticks);
        assertTrue(since >= 0 && since < TimeUnit.SECONDS.toNanos(1), "a wait that began now lasted " + since + " ns");
        assertEquals(3L << WaitClock.SHIFT, WaitClock.nanosSince(ticks - 3) - WaitClock.nanosSince(ticks) , 1L << WaitClock.SHIFT,
                "three units earlier is three units longer, to a unit");
    }

    /**
     * After the runtime has been idle for 900 ms, long enough for sysmon to back off to
     * 10 ms (about 30 ms) and sleep deeply (at most a second; the sleep here is the
     * condition under test, not a synchronisation), a goroutine that parks at once must
     * show a wait of well under that: the M that took a P advanced the clock when it
     * woke sysmon. Without that, the wait shows the whole idle spell.
     */
    @Test
    void aWaitAfterAnIdleSpellStartsNow() throws Exception {
        Go.go(() -> { }); // the runtime is up (sysmon runs)
        Thread.sleep(900);
        Chan<Integer> c = Chan.make();
        String name = "waitclock-" + System.nanoTime();
        Go.go(name, () -> c.recv());
        G gp = awaitWaiting(name);
        long waited = gp.waitedNanos();
        c.send(1);
        assertTrue(waited < TimeUnit.MILLISECONDS.toNanos(300),
                "a wait that just began shows " + TimeUnit.NANOSECONDS.toMillis(waited) + " ms");
    }

    private static G awaitWaiting(String name) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        for (;;) {
            for (G gp : Sched.get().lifecycle().allGoroutines()) {
                if (name.equals(gp.name()) && gp.status() == GStatus.WAITING) {
                    return gp;
                }
            }
            assertTrue(System.nanoTime() < deadline, "goroutine " + name + " never parked");
            Thread.onSpinWait();
        }
    }
}
