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

/**
 * Runtime race: close racing a select. A select blocked on a receive from an
 * unbuffered channel and on a receive from a buffered one is woken either by the
 * close of the first or by a send on the second: exactly one case runs, with the
 * right ok flag, and a value not taken stays buffered.
 *
 * <p>jcstress runs no more actors than the machine has CPUs (2 here, and in CI), so
 * the third party of this race is a goroutine started by an actor.
 */
@JCStressTest
@Description("Race: close racing a send to wake a select: exactly one case runs; the closed case reports ok=false; an untaken value stays buffered")
@Outcome(id = "0, 2, 1", expect = ACCEPTABLE, desc = "the closed channel's case won (ok=false); the sent value stays buffered")
@Outcome(id = "1, 3, 0", expect = ACCEPTABLE, desc = "the buffered channel's case won with the sent value")
@Outcome(expect = FORBIDDEN, desc = "a closed receive with ok=true, both or no cases, or a value lost")
@State
public class CloseSelectRace {
    final Chan<Integer> a = Chan.make();
    final Chan<Integer> b = Chan.make(1);
    int outcome;

    public CloseSelectRace() { Gmp.check(); }

    @Actor
    public void closerAndSender() {
        Go.go(a::close);
        b.send(5);
    }

    @Actor
    public void selector(III_Result r) {
        r.r1 = Go.select()
                .recvOk(a, (v, ok) -> outcome = ok ? 1 : 2)
                .recv(b, v -> outcome = v == 5 ? 3 : 4)
                .run();
        r.r2 = outcome;
    }

    @Arbiter
    public void arbiter(III_Result r) {
        r.r3 = b.len();
    }
}
