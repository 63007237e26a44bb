package io.goroutines.impl.context;

import io.goroutines.Go;
import io.goroutines.RecvChan;
import io.goroutines.context.CancelCauseContext;
import io.goroutines.context.CancelContext;
import io.goroutines.context.Context;
import io.goroutines.impl.chan.HChan;
import io.goroutines.spi.ContextSpi;

import java.time.Instant;
import java.util.function.BooleanSupplier;

/**
 * Package context: Go's context/context.go functions ({@code Background},
 * {@code WithCancel}, {@code WithCancelCause}, {@code WithDeadline} and
 * {@code WithDeadlineCause} (in {@link TimerCtx}), {@code WithValue}, {@code WithoutCancel},
 * {@code Cause}, {@code AfterFunc}) and its helpers ({@code value},
 * {@code parentCancelCtx}, {@code removeChild}).
 *
 * <h2>Differences from Go</h2>
 * <ul>
 *   <li>Go's never-canceled contexts return a nil {@code Done()}; here they return
 *       {@link #NEVER}, a channel nobody closes, and the code tests for it where Go tests
 *       for nil.</li>
 *   <li>A parent of a foreign type (a user's {@code Context}) that cannot be resolved to
 *       one of ours through {@code value(CANCEL_CTX_KEY)} is watched by a goroutine, as
 *       in Go; it selects on both done channels when they are ours, else it waits on the
 *       parent's alone.</li>
 * </ul>
 */
public final class Contexts implements ContextSpi {

    /** The done channel of contexts that are never canceled. Never closed. */
    static final HChan<Void> NEVER = new HChan<>(0);
    /** Go's {@code closedchan}: the done channel of a context canceled before anyone asked. */
    static final HChan<Void> CLOSED = new HChan<>(0);
    /** Go's {@code &cancelCtxKey}: value(CANCEL_CTX_KEY) finds the nearest CancelCtx. */
    static final Object CANCEL_CTX_KEY = new Object() {
        @Override
        public String toString() {
            return "cancelCtxKey";
        }
    };

    static {
        CLOSED.close();
    }

    private static final Context BACKGROUND = new EmptyCtx("context.Background");
    private static final Context TODO = new EmptyCtx("context.TODO");

    /** The runtime's context functions; one per runtime. */
    public Contexts() {
    }

    @Override
    public Context background() {
        return BACKGROUND;
    }

    @Override
    public Context todo() {
        return TODO;
    }

    @Override
    public CancelContext withCancel(Context parent) {
        CancelCtx c = new CancelCtx(parent);
        c.propagateCancel();
        return c;
    }

    @Override
    public CancelCauseContext withCancelCause(Context parent) {
        CancelCtx c = new CancelCtx(parent);
        c.propagateCancel();
        return c;
    }

    @Override
    public CancelContext withDeadline(Context parent, Instant deadline) {
        return TimerCtx.withDeadline(parent, deadline, null);
    }

    @Override
    public CancelContext withDeadlineCause(Context parent, Instant deadline, Throwable cause) {
        return TimerCtx.withDeadline(parent, deadline, cause);
    }

    @Override
    public Context withValue(Context parent, Object key, Object value) {
        return new ValueCtx(parent, key, value);
    }

    @Override
    public Context withoutCancel(Context parent) {
        return new WithoutCancelCtx(parent);
    }

    @Override
    public Throwable cause(Context c) {
        return causeOf(c);
    }

    @Override
    public BooleanSupplier afterFunc(Context c, Runnable f) {
        AfterFuncCtx a = new AfterFuncCtx(c, f);
        a.propagateCancel();
        return a::stop;
    }

    // ------------------------------------------------------------------ helpers

    /**
     * Whether {@code done} is the channel of a context that is never canceled (Go's nil
     * {@code Done()}): a wait on it alone never ends, and a select need not include it.
     *
     * @param done a context's {@code done()} channel
     * @return true for {@link #NEVER}
     */
    public static boolean neverDone(RecvChan<?> done) {
        return done == NEVER;
    }

    /** Go's {@code Cause}. */
    static Throwable causeOf(Context c) {
        if (c.value(CANCEL_CTX_KEY) instanceof CancelCtx cc) {
            return cc.causeLocked();
        }
        // Not a descendant of one of our cancel contexts: no specific cause. A context of
        // a foreign type may still have an error.
        return c.err();
    }

    /**
     * Go's {@code value}: walks the chain of our own context types iteratively (no
     * recursion for deep chains), handing over to a foreign context's own {@code value}.
     */
    static Object value(Context c, Object key) {
        for (;;) {
            if (c instanceof ValueCtx v) {
                if (v.key.equals(key)) {
                    return v.val;
                }
                c = v.parent;
            } else if (c instanceof CancelCtx cc) {
                if (key == CANCEL_CTX_KEY) {
                    return cc;
                }
                c = cc.parent;
            } else if (c instanceof WithoutCancelCtx w) {
                if (key == CANCEL_CTX_KEY) {
                    return null; // not a child of a cancelable context
                }
                c = w.parent;
            } else if (c instanceof EmptyCtx) {
                return null;
            } else {
                return c.value(key);
            }
        }
    }

    /**
     * Go's {@code parentCancelCtx}: the CancelCtx underlying {@code parent}, or null. It
     * sees through wrappers that delegate {@code value} and {@code done}, and refuses one
     * whose done channel is not that CancelCtx's (a wrapper with its own cancellation).
     */
    static CancelCtx parentCancelCtx(Context parent) {
        RecvChan<Void> done = parent.done();
        if (done == CLOSED || done == NEVER) {
            return null;
        }
        if (!(parent.value(CANCEL_CTX_KEY) instanceof CancelCtx p)) {
            return null;
        }
        if (p.doneIfMade() != done) {
            return null;
        }
        return p;
    }

    /** Go's {@code removeChild}: detaches {@code child} from its parent's children. */
    static void removeChild(Context parent, Canceler child) {
        CancelCtx p = parentCancelCtx(parent);
        if (p != null) {
            p.removeChildLocked(child);
        }
    }

    /** Cancels {@code child} when the foreign {@code parent} is done, from a goroutine. */
    static void watch(Context parent, CancelCtx child) {
        RecvChan<Void> pdone = parent.done();
        RecvChan<Void> cdone = child.done();
        Go.go(() -> {
            if (pdone instanceof HChan<?>) {
                boolean[] parentDone = new boolean[1];
                Go.select()
                        .recv(pdone, v -> parentDone[0] = true)
                        .recv(cdone, null)
                        .run();
                if (!parentDone[0]) {
                    return;
                }
            } else {
                pdone.recvOk(); // a foreign channel cannot be selected on: wait on it alone
            }
            child.cancel(false, parent.err(), causeOf(parent));
        });
    }
}
