package io.goroutines.stress.lincheck;

import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;

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
public class ChanBlockingOpsLincheckTest extends ChanLincheckTestBase {

    static final int PREFILLED = LincheckMode.MAX_ACTORS;
    static final int CAPACITY = 2 * PREFILLED;

    public ChanBlockingOpsLincheckTest() {
        super(CAPACITY, Spec.class);
        for (int i = 0; i < PREFILLED; i++) {
            ch.send(100 + i);
        }
    }

    @Operation
    public Object send(@Param(gen = IntGen.class, conf = "1:9") int value) {
        return LincheckMode.call(() -> ch.send(value));
    }

    @Operation
    public Object recv() {
        return ch.recv();
    }

    @Operation
    public Object recvOk() {
        return ch.recvOk();
    }

    /** The sequential specification: {@link GoChanModel} of capacity 2N with N values in it. */
    public static final class Spec extends GoChanModel {
        public Spec() {
            super(CAPACITY);
            for (int i = 0; i < PREFILLED; i++) {
                prefill(100 + i);
            }
        }
    }
}
