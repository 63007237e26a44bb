package io.goroutines.impl.sched;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The registry of live goroutines: Go's {@code allgs} (runtime/proc.go), which Go
 * guards with {@code allglock}. Here a concurrent set: goroutines start and end on
 * every M at once, and dumps take a snapshot without stopping them.
 *
 * <p>A G is added before its thread starts and removed when its body ends, so
 * {@link #size()} counts exactly the goroutines that can still run (Go's
 * {@code NumGoroutine}). A snapshot is weakly consistent: goroutines starting or
 * ending during it may or may not appear.
 */
final class AllGs {

    private final Set<G> gs = ConcurrentHashMap.newKeySet();

    void add(G gp) {
        gs.add(gp);
    }

    void remove(G gp) {
        gs.remove(gp);
    }

    int size() {
        return gs.size();
    }

    /** The live goroutines ordered by goid. */
    List<G> snapshot() {
        List<G> list = new ArrayList<>(gs);
        list.sort(Comparator.comparingLong(G::goid));
        return list;
    }
}
