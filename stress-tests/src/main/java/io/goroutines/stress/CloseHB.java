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

/** Go memory model: the closing of a channel is synchronized before a receive that returns because the channel is closed. */
@JCStressTest
@Description("Go memory model: the closing of a channel is synchronized before a receive that returns because the channel is closed")
@Outcome(id = "false, 1, 2", expect = ACCEPTABLE, desc = "the receive returned because of the close and sees the writes made before close")
@Outcome(expect = FORBIDDEN, desc = "a write made before close is not visible after the receive that saw the close")
@State
public class CloseHB {
    final Chan<Integer> ch = Chan.make();
    int x, y;

    public CloseHB() { Gmp.check(); }

    @Actor
    public void closer() {
        x = 1;
        y = 2;
        ch.close();
    }

    @Actor
    public void receiver(ZII_Result r) {
        Received<Integer> rv = ch.recvOk();
        r.r1 = rv.ok();
        r.r2 = x;
        r.r3 = y;
    }
}
