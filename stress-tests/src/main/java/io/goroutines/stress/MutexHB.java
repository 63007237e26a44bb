package io.goroutines.stress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE_INTERESTING;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.openjdk.jcstress.annotations.*;
import org.openjdk.jcstress.infra.results.*;
import io.goroutines.sync.Mutex;
import io.goroutines.sync.RWMutex;

/** Go memory model: for a sync.Mutex or RWMutex l and n &lt; m, call n of l.Unlock() is synchronized before call m of l.Lock() returns. */
public class MutexHB {

    @JCStressTest
    @Description("Go memory model: Mutex call n of unlock() is synchronized before call n+1 of lock() returns")
    @Outcome(id = "0, 0", expect = ACCEPTABLE, desc = "the reader locked first")
    @Outcome(id = "1, 2", expect = ACCEPTABLE, desc = "the writer locked first; its writes are visible")
    @Outcome(expect = FORBIDDEN, desc = "a partial or invisible write after lock() returned")
    @State
    public static class Lock {
        final Mutex m = new Mutex();
        int x, y;

        public Lock() { Gmp.check(); }

        @Actor
        public void writer() {
            m.lock();
            x = 1;
            y = 2;
            m.unlock();
        }

        @Actor
        public void reader(II_Result r) {
            m.lock();
            r.r1 = x;
            r.r2 = y;
            m.unlock();
        }
    }

    @JCStressTest
    @Description("Go memory model: RWMutex call n of unlock() is synchronized before the rLock() that follows it returns")
    @Outcome(id = "0, 0", expect = ACCEPTABLE, desc = "the reader read-locked first")
    @Outcome(id = "1, 2", expect = ACCEPTABLE, desc = "the writer locked first; its writes are visible")
    @Outcome(expect = FORBIDDEN, desc = "a partial or invisible write after rLock() returned")
    @State
    public static class RLock {
        final RWMutex m = new RWMutex();
        int x, y;

        public RLock() { Gmp.check(); }

        @Actor
        public void writer() {
            m.lock();
            x = 1;
            y = 2;
            m.unlock();
        }

        @Actor
        public void reader(II_Result r) {
            m.rLock();
            r.r1 = x;
            r.r2 = y;
            m.rUnlock();
        }
    }

    @JCStressTest
    @Description("Go memory model: RWMutex rUnlock() is synchronized before the lock() that follows it returns (a reader's writes before rUnlock)")
    @Outcome(id = "0", expect = ACCEPTABLE, desc = "the writer locked first")
    @Outcome(id = "1", expect = ACCEPTABLE, desc = "the reader's section came first; its prior write is visible")
    @Outcome(expect = FORBIDDEN, desc = "impossible value")
    @State
    public static class RUnlockLock {
        final RWMutex m = new RWMutex();
        int x;
        boolean readerFirst;

        public RUnlockLock() { Gmp.check(); }

        @Actor
        public void reader() {
            m.rLock();
            x = 1; // plain write in a read section: only this actor writes x
            m.rUnlock();
        }

        @Actor
        public void writer(I_Result r) {
            m.lock();
            r.r1 = x;
            m.unlock();
        }
    }
}
