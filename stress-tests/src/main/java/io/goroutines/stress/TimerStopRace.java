package io.goroutines.stress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE_INTERESTING;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import io.goroutines.Chan;
import io.goroutines.Go;
import io.goroutines.Panic;
import io.goroutines.Received;
import org.openjdk.jcstress.annotations.*;
import org.openjdk.jcstress.infra.results.*;
import io.goroutines.time.Time;
import io.goroutines.time.Timer;
import java.time.Duration;

/**
 * Runtime race: Timer.stop racing the timer firing and its value being received
 * (Go 1.23 semantics: stop() returns true while the value is undelivered, and then
 * it is never delivered). Exactly one of "stop returned true" and "a value was
 * received" happens.
 */
@JCStressTest
@Description("Race: Timer.stop racing the timer firing: exactly one of 'stop returned true' / 'the timer's value was received'")
@Outcome(id = "true, 0", expect = ACCEPTABLE, desc = "stop won: no value is ever received")
@Outcome(id = "false, 1", expect = ACCEPTABLE, desc = "the timer fired and its value was received before stop")
@Outcome(expect = FORBIDDEN, desc = "stop returned true and a value was still received, or neither happened")
@State
public class TimerStopRace {
    final Timer timer = Time.newTimer(Duration.ofNanos(1));
    final Chan<Void> stopped = Chan.make();

    public TimerStopRace() { Gmp.check(); }

    @Actor
    public void stopper(ZI_Result r) {
        r.r1 = timer.stop();
        stopped.close(); // after stop() returns, no timer value may be received
    }

    @Actor
    public void receiver(ZI_Result r) {
        r.r2 = Go.select()
                .recv(timer.c(), null)
                .recv(stopped, null)
                .run() == 0 ? 1 : 0;
    }
}
