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

/** Go memory model: the go statement that starts a new goroutine is synchronized before the start of the goroutine's execution. */
@JCStressTest
@Description("Go memory model: the go statement that starts a goroutine is synchronized before the start of the goroutine's execution")
@Outcome(id = "1, 2", expect = ACCEPTABLE, desc = "the goroutine sees the writes made before Go.go")
@Outcome(expect = FORBIDDEN, desc = "a write made before Go.go is not visible in the goroutine")
@State
public class GoStartHB {
    final CountDownLatch finished = new CountDownLatch(1);
    int x, y;
    int seenX, seenY;

    public GoStartHB() { Gmp.check(); }

    @Actor
    public void starter() {
        x = 1;
        y = 2;
        Go.go(() -> {
            seenX = x;
            seenY = y;
            finished.countDown();
        });
    }

    @Arbiter
    public void arbiter(II_Result r) {
        try {
            finished.await(); // makes seenX/seenY visible to the arbiter
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
        r.r1 = seenX;
        r.r2 = seenY;
    }
}
