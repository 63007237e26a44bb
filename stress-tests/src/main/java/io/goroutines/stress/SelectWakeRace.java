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
import java.util.concurrent.CountDownLatch;

/**
 * Runtime race: two senders race to wake one select blocked on two receive cases
 * (the select's done word). Exactly one case wins; the other sender's value stays
 * buffered in its channel, neither lost nor delivered twice.
 *
 * <p>jcstress runs no more actors than the machine has CPUs (2 here, and in CI), so
 * the third party of this race is a goroutine started by an actor.
 */
@JCStressTest
@Description("Race: two senders wake one select with two recv cases: exactly one case wins, the other value stays in its channel")
@Outcome(id = "0, 1, 0, 1", expect = ACCEPTABLE, desc = "case a won with a's value; b's value stays buffered")
@Outcome(id = "1, 2, 1, 0", expect = ACCEPTABLE, desc = "case b won with b's value; a's value stays buffered")
@Outcome(expect = FORBIDDEN, desc = "both or no cases won, a value was lost or delivered to the wrong case")
@State
public class SelectWakeRace {
    final Chan<Integer> a = Chan.make(1);
    final Chan<Integer> b = Chan.make(1);
    final CountDownLatch sentA = new CountDownLatch(1);
    int got;

    public SelectWakeRace() { Gmp.check(); }

    @Actor
    public void senders() {
        Go.go(() -> {
            a.send(1);
            sentA.countDown();
        });
        b.send(2);
    }

    @Actor
    public void selector(IIII_Result r) {
        r.r1 = Go.select()
                .recv(a, v -> got = v)
                .recv(b, v -> got = v)
                .run();
        r.r2 = got;
    }

    @Arbiter
    public void arbiter(IIII_Result r) {
        try {
            sentA.await();
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
        r.r3 = a.len();
        r.r4 = b.len();
    }
}
