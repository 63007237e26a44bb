package io.goroutines.stress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import io.goroutines.Chan;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;

/** Go memory model: a send on a channel is synchronized before the completion of the corresponding receive. */
public class ChanSendHB {

    @JCStressTest
    @Description("Go memory model: a send on an unbuffered channel is synchronized before the completion of the corresponding receive")
    @Outcome(id = "7, 1, 2", expect = ACCEPTABLE, desc = "the receiver sees the value and the writes made before the send")
    @Outcome(expect = FORBIDDEN, desc = "a write made before the send is not visible after the receive")
    @State
    public static class Unbuffered {
        final Chan<Integer> ch = Chan.make();
        int x, y;

        public Unbuffered() { Gmp.check(); }

        @Actor
        public void sender() {
            x = 1;
            y = 2;
            ch.send(7);
        }

        @Actor
        public void receiver(III_Result r) {
            r.r1 = ch.recv();
            r.r2 = x;
            r.r3 = y;
        }
    }

    @JCStressTest
    @Description("Go memory model: a send on a buffered channel (capacity 1) is synchronized before the completion of the corresponding receive")
    @Outcome(id = "7, 1, 2", expect = ACCEPTABLE, desc = "the receiver sees the value and the writes made before the send")
    @Outcome(expect = FORBIDDEN, desc = "a write made before the send is not visible after the receive")
    @State
    public static class Buffered {
        final Chan<Integer> ch = Chan.make(1);
        int x, y;

        public Buffered() { Gmp.check(); }

        @Actor
        public void sender() {
            x = 1;
            y = 2;
            ch.send(7);
        }

        @Actor
        public void receiver(III_Result r) {
            r.r1 = ch.recv();
            r.r2 = x;
            r.r3 = y;
        }
    }
}
