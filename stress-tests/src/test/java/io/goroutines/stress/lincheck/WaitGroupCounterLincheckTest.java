package io.goroutines.stress.lincheck;

import io.goroutines.sync.WaitGroup;
import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;

/**
 * Proves that {@link WaitGroup#add(int)} and {@link WaitGroup#done()} are
 * linearizable on the group's counter, as far as they show it: each call either
 * returns or panics {@code "sync: negative WaitGroup counter"}, and it panics exactly
 * when the counter after it is below zero. As in Go (sync/waitgroup.go), the panicking
 * call has already added its delta ({@code WaitGroupImpl.add} adds first, then
 * checks), so the counter stays negative until later adds bring it back, and those
 * panic too while it is still below zero.
 *
 * <p>{@code await} is not an operation: the API has no non-blocking form of it, and
 * with a positive counter it would wait for an add or done that a scenario may never
 * run. With no waiter, the waiter-count half of the state word stays 0, so the misuse
 * panics ("Add called concurrently with Wait", "reused before previous Wait has
 * returned") cannot occur and are not modelled.
 *
 * <p>Sequential specification: an int counter that panics when it goes below zero
 * ({@link Spec}).
 */
public class WaitGroupCounterLincheckTest extends LincheckTestBase {

    private final WaitGroup wg = new WaitGroup();

    public WaitGroupCounterLincheckTest() {
        super(Spec.class);
    }

    @Operation
    public String add(@Param(gen = IntGen.class, conf = "-2:2") int delta) {
        return LincheckMode.call(() -> wg.add(delta));
    }

    @Operation
    public String done() {
        return LincheckMode.call(wg::done);
    }

    /** The sequential specification: a counter that may go negative, panicking whenever it is. */
    public static final class Spec {
        private int counter;

        public String add(int delta) {
            counter += delta;
            return counter < 0 ? "panic: sync: negative WaitGroup counter" : LincheckMode.OK;
        }

        public String done() {
            return add(-1);
        }

        @Override public boolean equals(Object o) { return o instanceof Spec s && counter == s.counter; }
        @Override public int hashCode() { return counter; }
    }
}
