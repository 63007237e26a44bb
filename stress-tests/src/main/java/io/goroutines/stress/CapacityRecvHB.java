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
 * Go memory model: the kth receive on a channel with capacity C is synchronized
 * before the completion of the (k+C)th send from that channel (the rule that makes a
 * buffered channel a counting semaphore).
 */
public class CapacityRecvHB {

    @JCStressTest
    @Description("Go memory model: the kth receive on a channel with capacity C=1 is synchronized before the completion of the (k+C)th send")
    @Outcome(id = "1, 2", expect = ACCEPTABLE, desc = "after the 2nd send the sender sees the writes made before the 1st receive")
    @Outcome(expect = FORBIDDEN, desc = "the 2nd send completed without the 1st receive's prior writes being visible")
    @State
    public static class Cap1 {
        final Chan<Integer> ch = Chan.make(1);
        int x, y;

        public Cap1() { Gmp.check(); }

        @Actor
        public void receiver() {
            x = 1;
            y = 2;
            ch.recv();
        }

        @Actor
        public void sender(II_Result r) {
            ch.send(1);
            ch.send(2); // (k+C)th send, k=1, C=1: completes only after the 1st receive
            r.r1 = x;
            r.r2 = y;
        }
    }

    @JCStressTest
    @Description("Go memory model: the kth receive on a channel with capacity C=2 is synchronized before the completion of the (k+C)th send")
    @Outcome(id = "1, 2", expect = ACCEPTABLE, desc = "after the 3rd send the sender sees the writes made before the 1st receive")
    @Outcome(expect = FORBIDDEN, desc = "the 3rd send completed without the 1st receive's prior writes being visible")
    @State
    public static class Cap2 {
        final Chan<Integer> ch = Chan.make(2);
        int x, y;

        public Cap2() { Gmp.check(); }

        @Actor
        public void receiver() {
            x = 1;
            y = 2;
            ch.recv();
        }

        @Actor
        public void sender(II_Result r) {
            ch.send(1);
            ch.send(2);
            ch.send(3); // (k+C)th send, k=1, C=2
            r.r1 = x;
            r.r2 = y;
        }
    }
}
