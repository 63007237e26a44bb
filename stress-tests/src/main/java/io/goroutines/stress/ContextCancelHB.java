package io.goroutines.stress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE_INTERESTING;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.openjdk.jcstress.annotations.*;
import org.openjdk.jcstress.infra.results.*;
import io.goroutines.context.CancelContext;
import io.goroutines.context.Context;

/** Context: cancel() is synchronized before a receive that observes done() closed (done is closed by cancel). */
@JCStressTest
@Description("Go memory model (context): cancel() is synchronized before a receive that observes done() closed; err() is then non-nil")
@Outcome(id = "0, 1, 1, 2", expect = ACCEPTABLE, desc = "done() observed closed; err() set; writes made before cancel() visible")
@Outcome(expect = FORBIDDEN, desc = "a write made before cancel() is not visible after done() was observed closed, or err() is null")
@State
public class ContextCancelHB {
    final CancelContext ctx = Context.withCancel(Context.background());
    int x, y;

    public ContextCancelHB() { Gmp.check(); }

    @Actor
    public void canceller() {
        x = 1;
        y = 2;
        ctx.cancel();
    }

    @Actor
    public void observer(IIII_Result r) {
        r.r1 = ctx.done().recvOk().ok() ? 1 : 0;
        r.r2 = ctx.err() != null ? 1 : 0;
        r.r3 = x;
        r.r4 = y;
    }
}
