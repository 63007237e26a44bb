package io.goroutines.impl.sched;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The registry of live goroutines: Go's {@code allgs} (runtime/proc.go), which Go keeps
 * as one slice under {@code allglock} and never shrinks, because it reuses dead Gs.
 * Gs are not reused here (each is a virtual thread), so the registry must also remove,
 * once per goroutine, on every M at once.
 *
 * <h2>Implementation overview</h2>
 * {@value #STRIPES} doubly-linked lists threaded through the Gs themselves
 * ({@code G.allPrev}/{@code G.allNext}), a G in the stripe of its goid. Adding and
 * removing touch the stripe's head and the G's neighbours only: no node object, no hash
 * table (a concurrent set cost a 32-byte node per goroutine and a cache miss into a
 * table of millions of slots). Ps take goids in consecutive batches (Go's
 * {@code goidcache}), so the goroutines of one P spread over all stripes and two Ps
 * rarely contend for one.
 *
 * <h2>Locks and racy reads</h2>
 * Each stripe's {@link SpinLock} word guards its {@code head}, its {@code count} and
 * the links of its Gs; no code holds two stripe locks. {@code count} is also read
 * without the lock by {@link #size()}, which is a sum of values each exact at some
 * instant (Go's {@code NumGoroutine} is no more exact). A G is added before its thread
 * starts and removed when its body ends. A snapshot locks one stripe at a time: it is
 * weakly consistent, goroutines starting or ending meanwhile may or may not appear.
 */
final class AllGs {

    private static final int STRIPES = 64;

    /** One list; padded so that two stripes do not share a cache line. */
    @SuppressWarnings("unused")
    private static final class Stripe {
        long p0, p1, p2, p3, p4, p5, p6;
        volatile int lock;
        volatile int count;
        G head;
        long q0, q1, q2, q3, q4, q5, q6;

        void lock() {
            SpinLock.lock(LOCK, this);
        }

        void unlock() {
            SpinLock.unlock(LOCK, this);
        }
    }

    private final Stripe[] stripes = new Stripe[STRIPES];

    AllGs() {
        for (int i = 0; i < STRIPES; i++) {
            stripes[i] = new Stripe();
        }
    }

    private Stripe stripeOf(G gp) {
        return stripes[(int) gp.goid & (STRIPES - 1)];
    }

    void add(G gp) {
        Stripe s = stripeOf(gp);
        s.lock();
        G h = s.head;
        gp.allNext = h;
        if (h != null) {
            h.allPrev = gp;
        }
        s.head = gp;
        s.count = s.count + 1;
        s.unlock();
    }

    void remove(G gp) {
        Stripe s = stripeOf(gp);
        s.lock();
        G prev = gp.allPrev;
        G next = gp.allNext;
        if (prev != null) {
            prev.allNext = next;
        } else {
            s.head = next;
        }
        if (next != null) {
            next.allPrev = prev;
        }
        gp.allPrev = null;
        gp.allNext = null;
        s.count = s.count - 1;
        s.unlock();
    }

    int size() {
        int n = 0;
        for (Stripe s : stripes) {
            n += s.count;
        }
        return n;
    }

    /** The live goroutines ordered by goid. */
    List<G> snapshot() {
        List<G> list = new ArrayList<>(Math.max(16, size()));
        for (Stripe s : stripes) {
            s.lock();
            for (G gp = s.head; gp != null; gp = gp.allNext) {
                list.add(gp);
            }
            s.unlock();
        }
        list.sort(Comparator.comparingLong(G::goid));
        return list;
    }

    private static final VarHandle LOCK;

    static {
        try {
            LOCK = MethodHandles.lookup().findVarHandle(Stripe.class, "lock", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
