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
 * Runtime race: close racing a send. Either the send succeeds and its value is
 * received, or the send panics "send on closed channel" and the receiver sees the
 * close; never both, never neither.
 *
 * <p>jcstress runs no more actors than the machine has CPUs (2 here, and in CI), so
 * the third party of this race is a goroutine started by an actor.
 */
public class CloseSendRace {

    static int send(Chan<Integer> ch) {
        try {
            ch.send(7);
            return 1;
        } catch (Panic p) {
            return "send on closed channel".equals(String.valueOf(p.value())) ? 2 : 3;
        }
    }

    @JCStressTest
    @Description("Race: close racing a send on a buffered channel (capacity 1): the value is received, or the send panics 'send on closed channel'")
    @Outcome(id = "1, 7, true", expect = ACCEPTABLE, desc = "the send came first: its value is received after the close")
    @Outcome(id = "2, 0, false", expect = ACCEPTABLE, desc = "the close came first: the send panicked; the receive sees the close")
    @Outcome(expect = FORBIDDEN, desc = "the send both succeeded and was lost, or panicked and was delivered, or a wrong panic")
    @State
    public static class Buffered {
        final Chan<Integer> ch = Chan.make(1);

        public Buffered() { Gmp.check(); }

        @Actor
        public void sender(IIZ_Result r) {
            r.r1 = send(ch);
        }

        @Actor
        public void closer() {
            ch.close();
        }

        @Arbiter
        public void arbiter(IIZ_Result r) {
            Received<Integer> rv = ch.recvOk(); // closed: never blocks
            r.r2 = rv.value() == null ? 0 : rv.value();
            r.r3 = rv.ok();
        }
    }

    @JCStressTest
    @Description("Race: close racing a send and a receive on an unbuffered channel: the receive gets the value exactly when the send succeeds")
    @Outcome(id = "1, 7, true", expect = ACCEPTABLE, desc = "the send met the receive before the close")
    @Outcome(id = "2, 0, false", expect = ACCEPTABLE, desc = "the close came first: the send panicked; the receive returned because of the close")
    @Outcome(expect = FORBIDDEN, desc = "the send succeeded but nothing was received, or it panicked but its value was received, or a wrong panic")
    @State
    public static class Unbuffered {
        final Chan<Integer> ch = Chan.make();

        public Unbuffered() { Gmp.check(); }

        @Actor
        public void closerAndSender(IIZ_Result r) {
            Go.go(ch::close);
            r.r1 = send(ch);
        }

        @Actor
        public void receiver(IIZ_Result r) {
            Received<Integer> rv = ch.recvOk();
            r.r2 = rv.value() == null ? 0 : rv.value();
            r.r3 = rv.ok();
        }
    }
}
