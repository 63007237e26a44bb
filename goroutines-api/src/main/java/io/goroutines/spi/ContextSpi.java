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

    /**
     * The root context: never canceled, no values, no deadline.
     *
     * @return Go's {@code context.Background()}
     */
    Context background();

    /**
     * The context to use while it is unclear which one applies.
     *
     * @return Go's {@code context.TODO()}
     */
    Context todo();

    /**
     * A child of {@code parent} with its own cancel function.
     *
     * @param parent the parent
     * @return Go's {@code WithCancel(parent)}
     */
    CancelContext withCancel(Context parent);

    /**
     * A child of {@code parent} whose cancel function records a cause.
     *
     * @param parent the parent
     * @return Go's {@code WithCancelCause(parent)}
     */
    CancelCauseContext withCancelCause(Context parent);

    /**
     * A child of {@code parent} that is canceled at {@code deadline} at the latest.
     *
     * @param parent the parent
     * @param deadline when the context is canceled with {@code DEADLINE_EXCEEDED}
     * @return Go's {@code WithDeadline(parent, deadline)}
     */
    CancelContext withDeadline(Context parent, Instant deadline);

    /**
     * A child of {@code parent} that is canceled at {@code deadline} at the latest, with
     * {@code cause} as its cause when the deadline is what cancels it.
     *
     * @param parent the parent
     * @param deadline when the context is canceled with {@code DEADLINE_EXCEEDED}
     * @param cause the cause then; null for {@code DEADLINE_EXCEEDED}
     * @return Go's {@code WithDeadlineCause(parent, deadline, cause)}
     */
    CancelContext withDeadlineCause(Context parent, Instant deadline, Throwable cause);

    /**
     * A child of {@code parent} that carries {@code value} under {@code key}.
     *
     * @param parent the parent
     * @param key the key, not null
     * @param value the value
     * @return Go's {@code WithValue(parent, key, value)}
     */
    Context withValue(Context parent, Object key, Object value);

    /**
     * A child of {@code parent} with its values but not its cancellation.
     *
     * @param parent the parent
     * @return Go's {@code WithoutCancel(parent)}
     */
    Context withoutCancel(Context parent);

    /**
     * Why {@code c} was canceled.
     *
     * @param c a context
     * @return Go's {@code Cause(c)}
     */
    Throwable cause(Context c);

    /**
     * Arranges for {@code f} to run once {@code c} is done.
     *
     * @param c a context
     * @param f runs in its own goroutine once {@code c} is done
     * @return Go's {@code stop} function of {@code AfterFunc(c, f)}
     */
    BooleanSupplier afterFunc(Context c, Runnable f);
}
