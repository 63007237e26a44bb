package io.goroutines.stress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.openjdk.jcstress.annotations.*;
import org.openjdk.jcstress.infra.results.*;
import io.goroutines.context.CancelContext;
import io.goroutines.context.Context;
import io.goroutines.sync.Semaphore;

/**
 * Semaphore (x/sync/semaphore.Weighted): a release is synchronized before the return of
 * the acquire it lets through. The semaphore starts full, so the acquire returns only
 * after the release, whether it found the weight free (the lock-free path) or queued
 * and was granted it. Two variants: a context that is never done (the waiter parks) and
 * a cancelable one that is never canceled (the waiter selects on its ready channel).
 */
public class SemaphoreHB {

    /** A semaphore of size 1, held: an acquire must wait for a release. */
    static Semaphore full() {
        Gmp.check();
        Semaphore sem = new Semaphore(1);
        if (!sem.tryAcquire(1)) {
            throw new IllegalStateException("a new semaphore of size 1 refused tryAcquire(1)");
        }
        return sem;
    }

    static void acquire(Semaphore sem, Context ctx) {
        try {
            sem.acquire(ctx, 1);
        } catch (Exception e) {
            throw new IllegalStateException("acquire failed although its context is never done", e);
        }
    }

    @JCStressTest
    @Description("Semaphore: release() is synchronized before the return of the acquire() it lets through (Context.background())")
    @Outcome(id = "1, 2", expect = ACCEPTABLE, desc = "acquire() returned after the release; the writes made before it are visible")
    @Outcome(expect = FORBIDDEN, desc = "a write made before release() is not visible after the acquire() it let through returned")
    @State
    public static class Background {
        final Semaphore sem = full();
        int x, y;

        @Actor
        public void releaser() {
            x = 1;
            y = 2;
            sem.release(1);
        }

        @Actor
        public void acquirer(II_Result r) {
            acquire(sem, Context.background());
            r.r1 = x;
            r.r2 = y;
        }
    }

    @JCStressTest
    @Description("Semaphore: release() is synchronized before the return of the acquire() it lets through (a cancelable context)")
    @Outcome(id = "1, 2", expect = ACCEPTABLE, desc = "acquire() returned after the release; the writes made before it are visible")
    @Outcome(expect = FORBIDDEN, desc = "a write made before release() is not visible after the acquire() it let through returned")
    @State
    public static class Cancelable {
        final Semaphore sem = full();
        final CancelContext ctx = Context.withCancel(Context.background());
        int x, y;

        @Actor
        public void releaser() {
            x = 1;
            y = 2;
            sem.release(1);
        }

        @Actor
        public void acquirer(II_Result r) {
            acquire(sem, ctx);
            r.r1 = x;
            r.r2 = y;
        }
    }
}
