package io.goroutines.stress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE_INTERESTING;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.openjdk.jcstress.annotations.*;
import org.openjdk.jcstress.infra.results.*;
import io.goroutines.sync.Once;
import java.util.concurrent.atomic.AtomicInteger;

/** Go memory model: the completion of a single call of f() from once.Do(f) is synchronized before the return of any call of once.Do(f). */
@JCStressTest
@Description("Go memory model: Once.run(f) completes f before any run returns; also Once under contention: f runs exactly once")
@Outcome(id = "1, 2, 1, 2, 1", expect = ACCEPTABLE, desc = "f ran once; both callers see its writes")
@Outcome(expect = FORBIDDEN, desc = "f's writes not visible after run returned, or f ran more or less than once")
@State
public class OnceHB {
    final Once once = new Once();
    final AtomicInteger runs = new AtomicInteger();
    int x, y;

    public OnceHB() { Gmp.check(); }

    void f() {
        runs.incrementAndGet();
        x = 1;
        y = 2;
    }

    @Actor
    public void caller1(IIIII_Result r) {
        once.run(this::f);
        r.r1 = x;
        r.r2 = y;
    }

    @Actor
    public void caller2(IIIII_Result r) {
        once.run(this::f);
        r.r3 = x;
        r.r4 = y;
    }

    @Arbiter
    public void arbiter(IIIII_Result r) {
        r.r5 = runs.get();
    }
}
