package io.goroutines.stress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.openjdk.jcstress.annotations.*;
import org.openjdk.jcstress.infra.results.*;

/**
 * Runtime races of the network poller ({@code PollDesc} and {@code NetPoller} in
 * goroutines-impl): a reader blocked on the poller racing the data that readies it, the
 * close that evicts it and the deadline that times it out. Each wake-up must end the
 * read exactly once, with the data or with Go's error, and never be lost (a lost one is
 * a read blocked for ever: {@link LoopbackPair}'s watchdog turns it into the FORBIDDEN
 * outcome "9, ..." or, failing that, halts the forked VM: an error of the test).
 *
 * <p>The reader is a jcstress actor, a platform thread: {@code PollDesc} parks it with
 * {@code LockSupport.park} and asks an M to poll for it ({@code Poller.netpollWaiter}),
 * the path NetPollerTest's "thread that is not a goroutine" covers once, here raced. The
 * read loop is NetPollerTest's (Go's {@code fd.Read}); r1 is how it ended
 * ({@link LoopbackPair#DATA} 1, {@code CLOSED} 2, {@code TIMEOUT} 3, {@code EOF} 4, any other
 * exception 5, {@code HUNG} 9) and r2 is 1 when the first read found nothing and the
 * reader went to {@code waitRead}, the interleaving these tests are about (0: the race
 * was decided before the reader had to wait).
 *
 * <p>What each test catches. "Caught" marks the ones run in quick mode against a copy
 * of PollDesc/NetPoller with that step removed; sanity mode, CI's, takes too few
 * samples (about 50 per test) to hit these windows reliably: it is a smoke run.
 * <ul>
 *   <li>{@link CloseWithoutData} (Go's TestCloseUnblocksRead): a waiter that publishes
 *       itself without re-checking {@code closing} afterwards parks for ever when the
 *       close ran between its check and its publication (caught: the watchdog could not
 *       free the reader and halted the fork, a VM error of the test).</li>
 *   <li>{@link DeadlineWithoutData}: the same for the deadline, no {@code expired}
 *       re-check after publishing (caught: outcome "9, 1"), or a past deadline that
 *       does not unblock the waiter.</li>
 *   <li>{@link DeadlineThenData}: a wait that returns normally after the deadline (no
 *       final check in {@code await}) lets the loop read the byte written after it:
 *       "1, 1" (caught, in 2% of the samples). With data coming, a missing re-check is masked by that final check,
 *       hence the two tests without data.</li>
 *   <li>{@link ReadinessBeforeWait}: an interest armed while the poller is already
 *       blocked in its select without waking it, no {@code selector.wakeup()} in
 *       {@code NetPoller.arm} (caught: "9, 1"), or a thread waiter for which no M
 *       polls: the byte is never reported.</li>
 *   <li>{@link CloseUnblocksRead}, {@link DataThenDeadline}: a wake-up by readiness
 *       and one by close or deadline that meet (the wait word going waiter, READY and
 *       null in every order) must end the read once, with no other exception (a
 *       {@code double wait} IllegalStateException, say) and no hang.</li>
 * </ul>
 *
 * <p>Each state uses a fresh loopback pair, connected when its actors start and closed
 * (evict, close, {@code PollDesc.close}) when both are done ({@link LoopbackPair}). Not
 * in the state's constructor, closed by an arbiter: jcstress makes every state of a
 * round before running any (up to 40 x 256 in quick mode), and a first version that did
 * so held up to 14,000 descriptors open in one forked VM. Not a pool of pairs reused
 * across states either: {@code evict} is final (a descriptor, like Go's, never reopens)
 * and registering the channel again races the selector's removal of the cancelled key.
 * A pair costs a connect and an accept on loopback, tens of microseconds per state.
 * jcstress runs no more actors than the machine has CPUs (2 here, and in CI), so the
 * writer and the closer (or the deadline setter) are one actor, in both orders where it
 * matters.
 */
public class NetPollRace {

    @JCStressTest
    @Description("Race: close (evict) racing a read blocked on the poller, data written just before the close (Go's TestCloseUnblocksRead as a race): the read returns the byte or fails with NetClosedException")
    @Outcome(id = "1, 0", expect = ACCEPTABLE, desc = "the byte was there at the first read")
    @Outcome(id = "1, 1", expect = ACCEPTABLE, desc = "the reader waited; the readiness woke it before the close; it read the byte")
    @Outcome(id = "2, 0", expect = ACCEPTABLE, desc = "the close came before the read began: NetClosedException at once")
    @Outcome(id = "2, 1", expect = ACCEPTABLE, desc = "the reader waited; the close woke it (or its re-check saw it): NetClosedException")
    @Outcome(expect = FORBIDDEN, desc = "another exception, end of stream, or a read blocked for ever (9): a lost close or readiness wake-up")
    @State
    public static class CloseUnblocksRead {
        final LoopbackPair p = new LoopbackPair();

        public CloseUnblocksRead() { Gmp.check(); }

        @Actor
        public void reader(II_Result r) {
            p.reader(r);
        }

        @Actor
        public void writerThenCloser() {
            p.join();
            p.write();
            p.pd.evict();
            p.leave();
        }
    }

    @JCStressTest
    @Description("Race: close (evict) racing a read blocked on the poller with no data (Go's TestCloseUnblocksRead as a race): the read always fails with NetClosedException")
    @Outcome(id = "2, 0", expect = ACCEPTABLE, desc = "the close came before the read began: NetClosedException at once")
    @Outcome(id = "2, 1", expect = ACCEPTABLE, desc = "the reader waited; the close woke it (or its re-check saw it): NetClosedException")
    @Outcome(expect = FORBIDDEN, desc = "another ending, above all a read blocked for ever (9): the close found no waiter and the waiter missed the close")
    @State
    public static class CloseWithoutData {
        final LoopbackPair p = new LoopbackPair();

        public CloseWithoutData() { Gmp.check(); }

        @Actor
        public void reader(II_Result r) {
            p.reader(r);
        }

        @Actor
        public void closer() {
            p.join();
            p.pd.evict();
            p.leave();
        }
    }

    @JCStressTest
    @Description("Race: a read deadline set to the past racing a read blocked on the poller with no data: the read always fails with DeadlineExceededException")
    @Outcome(id = "3, 0", expect = ACCEPTABLE, desc = "the deadline came before the read began: DeadlineExceededException at once")
    @Outcome(id = "3, 1", expect = ACCEPTABLE, desc = "the reader waited; the deadline woke it (or its re-check saw it): DeadlineExceededException")
    @Outcome(expect = FORBIDDEN, desc = "another ending, above all a read blocked for ever (9): the deadline found no waiter and the waiter missed the deadline")
    @State
    public static class DeadlineWithoutData {
        final LoopbackPair p = new LoopbackPair();

        public DeadlineWithoutData() { Gmp.check(); }

        @Actor
        public void reader(II_Result r) {
            p.reader(r);
        }

        @Actor
        public void deadline() {
            p.join();
            p.pd.setDeadline(System.nanoTime() - 1, true, false);
            p.leave();
        }
    }

    @JCStressTest
    @Description("Race: a read deadline set to the past, then a byte written, racing a read blocked on the poller: the deadline, set first, wins every read that had to wait")
    @Outcome(id = "1, 0", expect = ACCEPTABLE, desc = "the deadline and the byte both came between prepareRead and the first read, which found the byte")
    @Outcome(id = "3, 0", expect = ACCEPTABLE, desc = "the deadline came before the read began: DeadlineExceededException at once")
    @Outcome(id = "3, 1", expect = ACCEPTABLE, desc = "the reader waited; the deadline woke it (or its re-check saw it): DeadlineExceededException")
    @Outcome(expect = FORBIDDEN, desc = "a read that waited returned the byte written after the deadline (1, 1), another exception, or a read blocked for ever (9)")
    @State
    public static class DeadlineThenData {
        final LoopbackPair p = new LoopbackPair();

        public DeadlineThenData() { Gmp.check(); }

        @Actor
        public void reader(II_Result r) {
            p.reader(r);
        }

        @Actor
        public void deadlineThenWriter() {
            p.join();
            p.pd.setDeadline(System.nanoTime() - 1, true, false);
            p.write();
            p.leave();
        }
    }

    @JCStressTest
    @Description("Race: a byte written, then the read deadline set to the past, racing a read blocked on the poller (Go's timeout tests as a race): the byte or DeadlineExceededException")
    @Outcome(id = "1, 0", expect = ACCEPTABLE, desc = "the byte was there at the first read")
    @Outcome(id = "1, 1", expect = ACCEPTABLE, desc = "the reader waited; the readiness woke it before the deadline; it read the byte")
    @Outcome(id = "3, 0", expect = ACCEPTABLE, desc = "the deadline came before the read began: DeadlineExceededException at once")
    @Outcome(id = "3, 1", expect = ACCEPTABLE, desc = "the reader waited; the deadline came before it read: DeadlineExceededException")
    @Outcome(expect = FORBIDDEN, desc = "another exception, end of stream, or a read blocked for ever (9): a lost deadline or readiness wake-up")
    @State
    public static class DataThenDeadline {
        final LoopbackPair p = new LoopbackPair();

        public DataThenDeadline() { Gmp.check(); }

        @Actor
        public void reader(II_Result r) {
            p.reader(r);
        }

        @Actor
        public void writerThenDeadline() {
            p.join();
            p.write();
            p.pd.setDeadline(System.nanoTime() - 1, true, false);
            p.leave();
        }
    }

    @JCStressTest
    @Description("Race: a byte written while the reader goes from a read that found nothing to waitRead: the readiness is never lost, the read returns the byte")
    @Outcome(id = "1, 0", expect = ACCEPTABLE, desc = "the byte was there at the first read")
    @Outcome(id = "1, 1", expect = ACCEPTABLE, desc = "the first read found nothing; the poller reported the byte (before or after the reader parked)")
    @Outcome(expect = FORBIDDEN, desc = "any other ending, above all a read blocked for ever (9): the readiness was lost")
    @State
    public static class ReadinessBeforeWait {
        final LoopbackPair p = new LoopbackPair();

        public ReadinessBeforeWait() { Gmp.check(); }

        @Actor
        public void reader(II_Result r) {
            p.reader(r);
        }

        @Actor
        public void writer() {
            p.join();
            p.write();
            p.leave();
        }
    }
}
