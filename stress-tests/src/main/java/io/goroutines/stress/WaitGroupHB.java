package io.goroutines.stress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE_INTERESTING;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.openjdk.jcstress.annotations.*;
import org.openjdk.jcstress.infra.results.*;
import io.goroutines.sync.WaitGroup;

/** WaitGroup: a call of done() is synchronized before the return of the await() it unblocks (Go's sync.WaitGroup). */
@JCStressTest
@Description("Go memory model (sync.WaitGroup): done() is synchronized before the return of any await() that it unblocks")
@Outcome(id = "1, 2", expect = ACCEPTABLE, desc = "await() returned and the writes made before done() are visible")
@Outcome(expect = FORBIDDEN, desc = "a write made before done() is not visible after await() returned")
@State
public class WaitGroupHB {
    final WaitGroup wg = new WaitGroup();
    int x, y;

    public WaitGroupHB() {
        Gmp.check();
        wg.add(1);
    }

    @Actor
    public void worker() {
        x = 1;
        y = 2;
        wg.done();
    }

    @Actor
    public void waiter(II_Result r) {
        wg.await();
        r.r1 = x;
        r.r2 = y;
    }
}
