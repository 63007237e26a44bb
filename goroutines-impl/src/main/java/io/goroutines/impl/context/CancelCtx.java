package io.goroutines.impl.context;

import io.goroutines.RecvChan;
import io.goroutines.context.CancelCauseContext;
import io.goroutines.context.CancelContext;
import io.goroutines.context.Context;
import io.goroutines.impl.chan.HChan;

import java.time.Instant;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A cancelable context: Go's {@code cancelCtx} with {@code propagateCancel},
 * {@code cancel} and {@code removeChild} (context/context.go). Returned by both
 * {@code withCancel} and {@code withCancelCause}.
 *
 * <h2>Fields and who guards them</h2>
 * {@code mu} guards {@code children}, {@code err} and {@code cause}, and the creation
 * of {@code done}. {@code done} is created lazily (volatile: read without the lock once
 * set) and closed exactly once, by the first {@code cancel}; if nobody asked for it
 * before, it becomes the shared {@link Contexts#CLOSED} channel. Lock order: a parent's
 * lock before its children's ({@code cancel} cancels the children while holding its
 * own lock; {@code propagateCancel} cancels or registers a child under the parent's
 * lock); {@code removeChild} takes the parent's lock after releasing the child's.
 * Closing a channel under the lock is allowed: it readies waiters and never blocks.
 */
class CancelCtx implements CancelContext, CancelCauseContext, Canceler {

    final Context parent;
    private final ReentrantLock mu = new ReentrantLock();
    private volatile HChan<Void> done;
    /** Children to cancel with this one; null once canceled. Guarded by {@code mu}. */
    private Set<Canceler> children;
    private Exception err;
    private Throwable cause;

    CancelCtx(Context parent) {
        this.parent = parent;
    }

    /**
     * Go's {@code propagateCancel}: arranges for this context to be canceled when
     * {@code parent} is. Called once, right after construction.
     */
    void propagateCancel() {
        RecvChan<Void> pdone = parent.done();
        if (pdone == Contexts.NEVER) {
            return; // the parent is never canceled
        }
        if (pdone.tryRecv() != null) { // the parent is already canceled
            cancel(false, parent.err(), Contexts.causeOf(parent));
            return;
        }
        CancelCtx p = Contexts.parentCancelCtx(parent);
        if (p != null) {
            p.mu.lock();
            try {
                if (p.err != null) {
                    cancel(false, p.err, p.cause); // the parent has already been canceled
                } else {
                    if (p.children == null) {
                        p.children = new HashSet<>();
                    }
                    p.children.add(this);
                }
            } finally {
                p.mu.unlock();
            }
            return;
        }
        // A parent of a foreign type: watch it from a goroutine (Go does the same).
        Contexts.watch(parent, this);
    }

    @Override
    public RecvChan<Void> done() {
        HChan<Void> d = done;
        if (d != null) {
            return d;
        }
        mu.lock();
        try {
            d = done;
            if (d == null) {
                d = new HChan<>(0);
                done = d;
            }
            return d;
        } finally {
            mu.unlock();
        }
    }

    @Override
    public Exception err() {
        mu.lock();
        try {
            return err;
        } finally {
            mu.unlock();
        }
    }

    /** This context's cause, under the lock (Go's Cause reads {@code cc.cause}). */
    Throwable causeLocked() {
        mu.lock();
        try {
            return cause;
        } finally {
            mu.unlock();
        }
    }

    /** The channel {@code done()} returns, if made yet; null otherwise. Racy, for parentCancelCtx. */
    RecvChan<Void> doneIfMade() {
        return done;
    }

    @Override
    public Optional<Instant> deadline() {
        return parent.deadline();
    }

    @Override
    public Object value(Object key) {
        return Contexts.value(this, key);
    }

    @Override
    public void cancel() {
        cancel(true, io.goroutines.context.Context.CANCELED, null);
    }

    @Override
    public void cancel(Throwable cause) {
        cancel(true, io.goroutines.context.Context.CANCELED, cause);
    }

    @Override
    public void close() {
        cancel();
    }

    @Override
    public void cancel(boolean removeFromParent, Exception err, Throwable cause) {
        if (err == null) {
            throw new IllegalStateException("context: internal error: missing cancel error");
        }
        if (cause == null) {
            cause = err;
        }
        Set<Canceler> kids;
        mu.lock();
        try {
            if (this.err != null) {
                return; // already canceled
            }
            this.err = err;
            this.cause = cause;
            HChan<Void> d = done;
            if (d == null) {
                done = Contexts.CLOSED;
            } else {
                d.close();
            }
            kids = children;
            children = null;
            if (kids != null) {
                for (Canceler child : kids) {
                    // NOTE: acquiring the child's lock while holding the parent's (Go's order)
                    child.cancel(false, err, cause);
                }
            }
        } finally {
            mu.unlock();
        }
        if (removeFromParent) {
            Contexts.removeChild(parent, this);
        }
    }

    /** Removes {@code child} from the children. */
    void removeChildLocked(Canceler child) {
        mu.lock();
        try {
            if (children != null) {
                children.remove(child);
            }
        } finally {
            mu.unlock();
        }
    }

    /** The number of registered children; for tests (Go's TestChildFinishesFirst). */
    int childCount() {
        mu.lock();
        try {
            return children == null ? 0 : children.size();
        } finally {
            mu.unlock();
        }
    }

    @Override
    public String toString() {
        return parent + ".WithCancel";
    }
}
