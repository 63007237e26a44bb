package io.goroutines.stress.lincheck;

import io.goroutines.Chan;
import io.goroutines.Panic;
import io.goroutines.Received;
import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.junit.jupiter.api.Test;

/**
 * Proves that the blocking {@code send}, {@code recv} and {@code recvOk} of a
 * buffered channel are linearizable together with {@code trySend}, {@code tryRecv},
 * {@code close} and {@code len}, on a channel shaped so that no call can block: it
 * has room for {@code 2 * N} values and starts with {@code N} (100, 101, ...), where
 * N ({@link LincheckMode#MAX_ACTORS}) bounds the calls of one scenario. So no send
 * finds it full and no receive finds it empty while it is open; after a close,
 * receives drain the values in order and then get the zero value with
 * {@code ok == false}, and sends panic. Lincheck's Java API has no support for calls
 * that block for a partner (that is for Kotlin's suspending functions), hence the
 * shape.
 *
 * <p>Sequential specification: {@link GoChanModel} of capacity 2N holding the same
 * N values.
 */
@Param(name = "value", gen = IntGen.class, conf = "1:9")
public class ChanBlockingOpsLincheckTest {

    static final int PREFILLED = LincheckMode.MAX_ACTORS;
    static final int CAPACITY = 2 * PREFILLED;

    private final Chan<Integer> ch = Chan.make(CAPACITY);

    public ChanBlockingOpsLincheckTest() {
        for (int i = 0; i < PREFILLED; i++) {
            ch.send(100 + i);
        }
    }

    @Operation
    public Object send(@Param(name = "value") int value) {
        try {
            ch.send(value);
            return LincheckMode.OK;
        } catch (Panic p) {
            return LincheckMode.panicked(p);
        }
    }

    @Operation
    public Object trySend(@Param(name = "value") int value) {
        try {
            return ch.trySend(value);
        } catch (Panic p) {
            return LincheckMode.panicked(p);
        }
    }

    @Operation
    public Object recv() {
        return ch.recv();
    }

    @Operation
    public Object recvOk() {
        return ch.recvOk();
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

    /** The sequential specification: {@link GoChanModel} of capacity 2N with N values in it. */
    public static final class Spec {
        private final GoChanModel m = new GoChanModel(CAPACITY);

        public Spec() {
            for (int i = 0; i < PREFILLED; i++) {
                m.prefill(100 + i);
            }
        }

        public Object send(int value) { return m.send(value); }
        public Object trySend(int value) { return m.trySend(value); }
        public Object recv() { return m.recv(); }
        public Object recvOk() { return m.recvOk(); }
        public Object tryRecv() { return m.tryRecv(); }
        public Object close() { return m.close(); }
        public int len() { return m.len(); }

        @Override public boolean equals(Object o) { return o instanceof Spec s && m.equals(s.m); }
        @Override public int hashCode() { return m.hashCode(); }
    }
}
