package io.goroutines.spi;

import io.goroutines.context.CancelCauseContext;
import io.goroutines.context.CancelContext;
import io.goroutines.context.Context;

import java.time.Instant;
import java.util.function.BooleanSupplier;

/**
 * The runtime side of package {@code io.goroutines.context}: Go's context.go functions.
 * Arguments arrive validated by {@link Context}'s static methods. See those methods for
 * the contract.
 */
public interface ContextSpi {

    /** @return Go's {@code context.Background()} */
    Context background();

    /** @return Go's {@code context.TODO()} */
    Context todo();

    /**
     * @param parent the parent
     * @return Go's {@code WithCancel(parent)}
     */
    CancelContext withCancel(Context parent);

    /**
     * @param parent the parent
     * @return Go's {@code WithCancelCause(parent)}
     */
    CancelCauseContext withCancelCause(Context parent);

    /**
     * @param parent the parent
     * @param deadline when the context is canceled with {@code DEADLINE_EXCEEDED}
     * @return Go's {@code WithDeadline(parent, deadline)}
     */
    CancelContext withDeadline(Context parent, Instant deadline);

    /**
     * @param parent the parent
     * @param key the key, not null
     * @param value the value
     * @return Go's {@code WithValue(parent, key, value)}
     */
    Context withValue(Context parent, Object key, Object value);

    /**
     * @param parent the parent
     * @return Go's {@code WithoutCancel(parent)}
     */
    Context withoutCancel(Context parent);

    /**
     * @param c a context
     * @return Go's {@code Cause(c)}
     */
    Throwable cause(Context c);

    /**
     * @param c a context
     * @param f runs in its own goroutine once {@code c} is done
     * @return Go's {@code stop} function of {@code AfterFunc(c, f)}
     */
    BooleanSupplier afterFunc(Context c, Runnable f);
}
