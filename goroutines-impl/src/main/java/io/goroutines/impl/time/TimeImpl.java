package io.goroutines.impl.time;

import io.goroutines.impl.sched.G;
import io.goroutines.impl.sched.Nanotime;
import io.goroutines.impl.sched.Sched;
import io.goroutines.impl.sched.WaitReason;
import io.goroutines.spi.TimeSpi;
import io.goroutines.time.Ticker;
import io.goroutines.time.Timer;

import java.util.concurrent.TimeUnit;

/**
 * Package {@code time}'s runtime entry points: Go's {@code timeSleep},
 * {@code newTimer} and friends (runtime/time.go, time/sleep.go, time/tick.go).
 */
public final class TimeImpl implements TimeSpi {

    private static final TimeImpl INSTANCE = new TimeImpl();

    private TimeImpl() {
    }

    /** {@return the runtime's time package} */
    public static TimeImpl get() {
        return INSTANCE;
    }

    /**
     * Go's {@code timeSleep}: parks the goroutine on its reusable sleep timer, with wait
     * reason {@code sleep}. A thread that is not a goroutine sleeps in
     * {@link TimeUnit#sleep}. Not interruptible, like Go's: an interrupt is kept and
     * re-asserted when the sleep ends.
     */
    @Override
    public void sleep(long nanos) {
        Sched.get().safePoint();
        if (nanos <= 0) {
            return;
        }
        Sched sched = Sched.get();
        G gp = sched.currentG();
        if (gp == null) {
            platformSleep(nanos);
            return;
        }
        Sleeper s = armSleep(gp, nanos);
        Sched.parkUntilWoken(s, WaitReason.SLEEP, s, false);
    }

    /**
     * {@link #sleep} that an interrupt ends, as {@code Thread.sleep} (ADR 0017). A
     * goroutine parks on its sleep timer as in {@link #sleep}; an interrupt stops the
     * timer and throws. That timer is then dropped, not reused: its function may already
     * be running (it sets {@code fired} and unparks the thread), and must not end the
     * goroutine's next sleep; the stray unpark is absorbed like any spurious one. A
     * thread that is not a goroutine sleeps in {@link TimeUnit#sleep}.
     */
    @Override
    public void sleepInterruptibly(long nanos) throws InterruptedException {
        Sched sched = Sched.get();
        sched.safePoint();
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        if (nanos <= 0) {
            return;
        }
        G gp = sched.currentG();
        if (gp == null) {
            TimeUnit.NANOSECONDS.sleep(nanos);
            return;
        }
        Sleeper s = armSleep(gp, nanos);
        while (!s.fired) {
            sched.park(WaitReason.SLEEP, s);
            if (!s.fired && Thread.interrupted()) {
                s.stop();
                gp.setSleepTimer(null);
                throw new InterruptedException();
            }
        }
    }

    /** Arms goroutine {@code gp}'s sleep timer (made at its first sleep) to fire in {@code nanos}; its own thread only. */
    private static Sleeper armSleep(G gp, long nanos) {
        Sleeper s = (Sleeper) gp.sleepTimer();
        if (s == null) {
            s = new Sleeper(Thread.currentThread());
            gp.setSleepTimer(s);
        }
        s.fired = false;
        s.arm(Nanotime.when(nanos));
        return s;
    }

    private static void platformSleep(long nanos) {
        long deadline = System.nanoTime() + nanos;
        boolean interrupted = false;
        for (long left = nanos; left > 0; left = deadline - System.nanoTime()) {
            try {
                TimeUnit.NANOSECONDS.sleep(left);
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public Timer newTimer(long nanos) {
        return TimeTimer.newTimer(nanos);
    }

    @Override
    public Timer afterFunc(long nanos, Runnable f) {
        return FuncTimer.afterFunc(nanos, f);
    }

    @Override
    public Ticker newTicker(long nanos) {
        return TimeTicker.newTicker(nanos);
    }
}
