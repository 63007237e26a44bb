package io.goroutines.stress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.openjdk.jcstress.annotations.*;
import org.openjdk.jcstress.infra.results.*;
import io.goroutines.sync.Cond;
import io.goroutines.sync.Mutex;

/**
 * Go memory model (sync.Cond): a call of Signal or Broadcast is synchronized before the
 * return of any Wait that it unblocks. The notifier writes x and y without the Cond's
 * mutex, so only the Cond can order them before the waiter's reads; it keeps signaling
 * until the waiter has returned, since a signal sent before the waiter entered await
 * wakes nobody (Go's rule), and the waiter waits once, with no condition loop: only a
 * signal or broadcast may end its await.
 */
public class CondHB {

    @JCStressTest
    @Description("Go memory model (sync.Cond): signal() is synchronized before the return of the await() it unblocks")
    @Outcome(id = "1, 2", expect = ACCEPTABLE, desc = "await() returned; the writes made before the signal are visible")
    @Outcome(expect = FORBIDDEN, desc = "a write made before signal() is not visible after the await() it unblocked returned")
    @State
    public static class Signal {
        final Mutex m = new Mutex();
        final Cond c = new Cond(m);
        volatile boolean returned;
        int x, y;

        public Signal() { Gmp.check(); }

        @Actor
        public void notifier() {
            x = 1;
            y = 2;
            while (!returned) {
                c.signal();
                Thread.onSpinWait();
            }
        }

        @Actor
        public void waiter(II_Result r) {
            m.lock();
            c.await();
            m.unlock();
            r.r1 = x;
            r.r2 = y;
            returned = true;
        }
    }

    @JCStressTest
    @Description("Go memory model (sync.Cond): broadcast() is synchronized before the return of the await() it unblocks")
    @Outcome(id = "1, 2", expect = ACCEPTABLE, desc = "await() returned; the writes made before the broadcast are visible")
    @Outcome(expect = FORBIDDEN, desc = "a write made before broadcast() is not visible after the await() it unblocked returned")
    @State
    public static class Broadcast {
        // Two actors, as jcstress schedules no more on a 2-CPU machine.
        final Mutex m = new Mutex();
        final Cond c = new Cond(m);
        volatile boolean returned;
        int x, y;

        public Broadcast() { Gmp.check(); }

        @Actor
        public void notifier() {
            x = 1;
            y = 2;
            while (!returned) {
                c.broadcast();
                Thread.onSpinWait();
            }
        }

        @Actor
        public void waiter(II_Result r) {
            m.lock();
            c.await();
            m.unlock();
            r.r1 = x;
            r.r2 = y;
            returned = true;
        }
    }
}
