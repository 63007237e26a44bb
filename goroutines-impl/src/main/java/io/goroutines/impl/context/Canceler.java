package io.goroutines.impl.context;

import io.goroutines.RecvChan;

/**
 * A context that can be canceled directly: Go's {@code canceler} (context.go),
 * implemented by {@link CancelCtx} and its subclasses.
 */
interface Canceler {

    /**
     * Closes {@code done}, cancels each child, and, with {@code removeFromParent}, removes
     * this context from its parent's children. Idempotent: only the first call acts.
     */
    void cancel(boolean removeFromParent, Exception err, Throwable cause);

    RecvChan<Void> done();
}
