package io.goroutines.impl.context;

import io.goroutines.Go;
import io.goroutines.context.Context;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Go's {@code afterFuncCtx} (context.go): a child that, when its parent is done, runs
 * {@code f} in its own goroutine, once; {@code stop} prevents that and detaches it.
 */
final class AfterFuncCtx extends CancelCtx {

    private final Runnable f;
    /** Go's {@code once}: whoever flips it first either runs f or stops it. */
    private final AtomicBoolean once = new AtomicBoolean();

    AfterFuncCtx(Context parent, Runnable f) {
        super(parent);
        this.f = f;
    }

    @Override
    public void cancel(boolean removeFromParent, Exception err, Throwable cause) {
        super.cancel(false, err, cause);
        if (removeFromParent) {
            Contexts.removeChild(parent, this);
        }
        if (once.compareAndSet(false, true)) {
            Go.go(f);
        }
    }

    /** Go's {@code stop}: true when it stopped f from being run. */
    boolean stop() {
        boolean stopped = once.compareAndSet(false, true);
        if (stopped) {
            super.cancel(true, Context.CANCELED, null);
        }
        return stopped;
    }
}
