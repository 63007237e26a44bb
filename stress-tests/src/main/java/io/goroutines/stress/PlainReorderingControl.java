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
 * Negative control: plain fields without synchronization (the store-buffering
 * "Dekker" test). Both actors reading 0 is allowed by the Java memory model and
 * shows up on x86 through the store buffer: seeing it proves the harness can
 * observe reordering, so the FORBIDDEN outcomes of the other tests mean something.
 */
@JCStressTest
@Description("Negative control: unsynchronized plain fields (store buffering); 0, 0 shows the harness observes reordering")
@Outcome(id = {"0, 1", "1, 0", "1, 1"}, expect = ACCEPTABLE, desc = "some interleaving of the two actors")
@Outcome(id = "0, 0", expect = ACCEPTABLE_INTERESTING, desc = "reordering observed: both reads ran before the other actor's write was visible")
@State
public class PlainReorderingControl {
    int x, y;

    @Actor
    public void actor1(II_Result r) {
        x = 1;
        r.r1 = y;
    }

    @Actor
    public void actor2(II_Result r) {
        y = 1;
        r.r2 = x;
    }
}
