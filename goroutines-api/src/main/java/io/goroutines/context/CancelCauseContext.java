package io.goroutines.context;

/**
 * A context together with a cancel function that records a cause: what Go's
 * {@code WithCancelCause} returns as {@code (ctx, cancel)}.
 *
 * <p>{@link Context#cause(Context)} of this context (or of a descendant) returns the
 * cause given to the first {@link #cancel(Throwable)}; {@link #err()} is still
 * {@link Context#CANCELED}. Try-with-resources cancels with no cause.
 *
 * @see Context#withCancelCause(Context)
 */
public interface CancelCauseContext extends Context, AutoCloseable {

    /**
     * Go's {@code cancel(cause)}: cancels this context and its descendants with
     * {@link Context#CANCELED} and records {@code cause}. Only the first call has an
     * effect.
     *
     * @param cause why the context is canceled; {@code null} makes the cause
     *              {@link Context#CANCELED}, as in Go
     */
    void cancel(Throwable cause);

    /**
     * Same as {@code cancel(null)}, so that try-with-resources is Go's
     * {@code defer cancel(nil)}.
     */
    @Override
    default void close() {
        cancel(null);
    }
}
