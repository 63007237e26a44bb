package io.goroutines.stress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE_INTERESTING;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.openjdk.jcstress.annotations.*;
import org.openjdk.jcstress.infra.results.*;
import io.goroutines.time.Time;
import io.goroutines.time.Timer;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/** Timers: a call of reset() is synchronized before the afterFunc f it schedules runs (Go's runtime timers). */
@JCStressTest
@Description("Timers: reset() of an afterFunc timer is synchronized before f runs (f sees the writes made before reset)")
@Outcome(id = "true, 1, 2", expect = ACCEPTABLE, desc = "reset() found the timer active; f ran after it and sees the writes")
@Outcome(expect = FORBIDDEN, desc = "f does not see a write made before reset(), or reset() found the timer inactive")
@State
public class TimerResetHB {
    final CountDownLatch ran = new CountDownLatch(1);
    final Timer timer;
    int x, y;
    int seenX, seenY;

    public TimerResetHB() {
        Gmp.check();
        timer = Time.afterFunc(Duration.ofHours(1), () -> {
            seenX = x;
            seenY = y;
            ran.countDown();
        });
    }

    @Actor
    public void resetter(ZII_Result r) {
        x = 1;
        y = 2;
        r.r1 = timer.reset(Duration.ofNanos(1));
    }

    @Arbiter
    public void arbiter(ZII_Result r) {
        try {
            ran.await(); // f's writes visible to the arbiter
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
        r.r2 = seenX;
        r.r3 = seenY;
    }
}
