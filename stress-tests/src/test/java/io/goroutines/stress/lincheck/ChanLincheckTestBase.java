package io.goroutines.stress.lincheck;

import io.goroutines.Chan;
import io.goroutines.Received;
import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;

/**
 * The non-blocking operations that every channel test calls on its {@link Chan} of
 * Integers: trySend, tryRecv, close and len, with a panic as a result (see
 * {@link LincheckMode#value}) and a would-block tryRecv as {@link GoChanModel#WOULD_BLOCK}.
 * The sequential specification of a subclass extends {@link GoChanModel}, which has
 * the same methods.
 */
public abstract class ChanLincheckTestBase extends LincheckTestBase {

    protected final Chan<Integer> ch;

    protected ChanLincheckTestBase(int capacity, Class<? extends GoChanModel> spec) {
        super(spec);
        ch = Chan.make(capacity);
    }

    @Operation
    public Object trySend(@Param(gen = IntGen.class, conf = "1:9") int value) {
        return LincheckMode.value(() -> ch.trySend(value));
    }

    @Operation
    public Object tryRecv() {
        Received<Integer> r = ch.tryRecv();
        return r == null ? GoChanModel.WOULD_BLOCK : r;
    }

    @Operation
    public Object close() {
        return LincheckMode.call(ch::close);
    }

    @Operation
    public int len() {
        return ch.len();
    }
}
