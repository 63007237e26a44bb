package io.goroutines.stress.lincheck;

import io.goroutines.Chan;
import io.goroutines.Panic;
import io.goroutines.Received;
import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.junit.jupiter.api.Test;

/**
 * Proves that the non-blocking operations of a buffered channel of capacity 2
 * ({@code trySend}, {@code tryRecv}, {@code close}, {@code len}) are linearizable:
 * every concurrent run's results are those of some sequential order of the calls
 * that respects real time. The small buffer makes trySend meet a full channel and
 * tryRecv an empty one, so the racy would-block fast paths of {@code HChan.chansend}
 * and {@code HChan.chanrecv} (read without the channel's lock) are checked too.
 *
 * <p>Sequential specification: {@link GoChanModel}, a FIFO of at most 2 values with
 * a closed flag (a trySend on a closed channel and a second close panic with Go's
 * messages, which are results here).
 */
@Param(name = "value", gen = IntGen.class, conf = "1:9")
public class BufferedChanLincheckTest {

    static final int CAPACITY = 2;

    private final Chan<Integer> ch = Chan.make(CAPACITY);

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

    /** The sequential specification: {@link GoChanModel} of capacity {@value #CAPACITY}. */
    public static final class Spec {
        private final GoChanModel m = new GoChanModel(CAPACITY);

        public Object trySend(int value) { return m.trySend(value); }
        public Object tryRecv() { return m.tryRecv(); }
        public Object close() { return m.close(); }
        public int len() { return m.len(); }

        @Override public boolean equals(Object o) { return o instanceof Spec s && m.equals(s.m); }
        @Override public int hashCode() { return m.hashCode(); }
    }
}
