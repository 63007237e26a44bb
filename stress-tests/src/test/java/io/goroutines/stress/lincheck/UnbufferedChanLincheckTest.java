package io.goroutines.stress.lincheck;

import io.goroutines.Chan;
import io.goroutines.Panic;
import io.goroutines.Received;
import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.junit.jupiter.api.Test;

/**
 * Proves that the non-blocking operations of an unbuffered channel ({@code trySend},
 * {@code tryRecv}, {@code close}, {@code len}) are linearizable when no goroutine is
 * parked on it. With no partner waiting, a trySend and a tryRecv never meet (Go's
 * select with a default case does not rendezvous two non-blocking operations), so
 * before close every trySend fails and every tryRecv would block; after it, trySend
 * panics and tryRecv gets the zero value with {@code ok == false}.
 *
 * <p>Sequential specification: {@link GoChanModel} with capacity 0.
 */
@Param(name = "value", gen = IntGen.class, conf = "1:9")
public class UnbufferedChanLincheckTest {

    private final Chan<Integer> ch = Chan.make();

    @Operation
    public Object trySend(@Param(name = "value") int value) {
        try {
            return ch.trySend(value);
        } catch (Panic p) {
            return LincheckMode.panicked(p);
        }
    }

    @Operation
    public Object tryRecv() {
        Received<Integer> r = ch.tryRecv();
        return r == null ? GoChanModel.WOULD_BLOCK : r;
    }

    @Operation
    public Object close() {
        try {
            ch.close();
            return LincheckMode.OK;
        } catch (Panic p) {
            return LincheckMode.panicked(p);
        }
    }

    @Operation
    public int len() {
        return ch.len();
    }

    @Test
    void stress() {
        LincheckMode.checkStress(getClass(), Spec.class);
    }

    @Test
    void modelChecking() {
        LincheckMode.checkModelChecking(getClass(), Spec.class);
    }

    /** The sequential specification: {@link GoChanModel} of capacity 0. */
    public static final class Spec {
        private final GoChanModel m = new GoChanModel(0);

        public Object trySend(int value) { return m.trySend(value); }
        public Object tryRecv() { return m.tryRecv(); }
        public Object close() { return m.close(); }
        public int len() { return m.len(); }

        @Override public boolean equals(Object o) { return o instanceof Spec s && m.equals(s.m); }
        @Override public int hashCode() { return m.hashCode(); }
    }
}
