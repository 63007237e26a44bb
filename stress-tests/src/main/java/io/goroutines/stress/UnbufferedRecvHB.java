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

/** Go memory model: a receive from an unbuffered channel is synchronized before the completion of the corresponding send. */
@JCStressTest
@Description("Go memory model: a receive from an unbuffered channel is synchronized before the completion of the corresponding send on that channel")
@Outcome(id = "1, 2", expect = ACCEPTABLE, desc = "the sender sees the writes the receiver made before receiving")
@Outcome(expect = FORBIDDEN, desc = "a write made before the receive is not visible after the send completed")
@State
public class UnbufferedRecvHB {
    final Chan<Integer> ch = Chan.make();
    int x, y;

    public UnbufferedRecvHB() { Gmp.check(); }

    @Actor
    public void receiver() {
        x = 1;
        y = 2;
        ch.recv();
    }

    @Actor
    public void sender(II_Result r) {
        ch.send(7);
        r.r1 = x;
        r.r2 = y;
    }
}
