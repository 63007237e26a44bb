package io.goroutines.context;

import io.goroutines.RecvChan;
import io.goroutines.spi.Providers;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;

/**
 * Go's {@code context.Context}: carries a cancellation signal, a deadline and
 * request-scoped values across API boundaries and between goroutines.
 *
 * <p>Contexts form a tree. {@link #background()} is the root; {@link #withCancel},
 * {@link #withTimeout}, {@link #withDeadline}, {@link #withCancelCause},
 * {@link #withTimeoutCause} and {@link #withDeadlineCause} derive a child that is
 * canceled when its parent is, or when its own cancel function is called, or when its
 * deadline passes; {@link #withValue} derives a child that adds
 * one key-value pair; {@link #withoutCancel} derives one that keeps the values but
 * is never canceled. A canceled context's {@link #done()} channel is closed, so a
 * goroutine waits for cancellation in a {@code select}:
 * <pre>{@code
 * try (CancelContext ctx = Context.withTimeout(parent, Duration.ofSeconds(1))) {
 *     Go.select()
 *         .recv(results, r -> use(r))
 *         .recv(ctx.done(), v -> giveUp(ctx.err()))
 *         .run();
 * }
 * }</pre>
 *
 * <p>{@link #err()} is {@code null} while the context is not canceled, then
 * {@link #CANCELED} or {@link #DEADLINE_EXCEEDED}, with Go's messages
 * {@code "context canceled"} and {@code "context deadline exceeded"}.
 *
 * <p>Parents may be user implementations of this interface, as in Go (for example
 * a wrapper that delegates {@code value()}, {@code done()} and {@code err()}):
 * cancellation and {@link #cause(Context)} see through such wrappers.
 * Implementations must be safe for use by several threads at once. Any thread may
 * use a context: goroutines, other virtual threads and platform threads.
 */
public interface Context {

    /**
     * Go's {@code context.Canceled}: the {@link #err()} of a context canceled by its
     * cancel function (or whose parent was). Message: {@code "context canceled"}.
     * Compare with {@code ==}, as Go code compares with {@code errors.Is}.
     */
    CancellationException CANCELED = new CancellationException("context canceled");

    /**
     * Go's {@code context.DeadlineExceeded}: the {@link #err()} of a context whose
     * deadline passed. Message: {@code "context deadline exceeded"}. Compare with
     * {@code ==}.
     */
    TimeoutException DEADLINE_EXCEEDED = new TimeoutException("context deadline exceeded");

    /**
     * Go's {@code ctx.Done()}: a channel that is closed when this context is
     * canceled or its deadline passes. Nothing is ever sent on it; receive from it
     * (usually in a {@link io.goroutines.Select}) to wait for cancellation.
     *
     * @return the done channel; for {@link #background()}, {@link #todo()} and
     *         {@link #withoutCancel(Context)} a channel that is never closed
     */
    RecvChan<Void> done();

    /**
     * Go's {@code ctx.Err()}.
     *
     * @return {@code null} while {@link #done()} is not closed; afterwards
     *         {@link #CANCELED} or {@link #DEADLINE_EXCEEDED}, and the same value on
     *         every later call
     */
    Exception err();

    /**
     * Go's {@code ctx.Deadline()}.
     *
     * @return the time at which this context will be canceled, or empty if there is
     *         no deadline
     */
    Optional<Instant> deadline();

    /**
     * Go's {@code ctx.Value(key)}: the value bound to {@code key} by the nearest
     * {@link #withValue(Context, Object, Object)} in this context's ancestry.
     * Keys are compared with {@link Object#equals(Object)}; use a private key type
     * to avoid collisions between packages, as in Go.
     *
     * @param key the key to look up
     * @return the value, or {@code null} if none is bound to {@code key}
     */
    Object value(Object key);

    /**
     * Go's {@code context.Background()}: the root of every context tree. Never
     * canceled, no deadline, no values.
     *
     * @return the background context
     */
    static Context background() {
        return Providers.get().contexts().background();
    }

    /**
     * Go's {@code context.TODO()}: like {@link #background()}, for code where it is
     * not yet clear which context to use.
     *
     * @return the TODO context
     */
    static Context todo() {
        return Providers.get().contexts().todo();
    }

    /**
     * Go's {@code context.WithCancel(parent)}: a child canceled by its
     * {@link CancelContext#cancel()} or when {@code parent} is canceled, whichever
     * comes first. Cancel it when done with it (try-with-resources does), to release
     * its link to the parent.
     *
     * @param parent the parent context
     * @return the new context with its cancel function
     * @throws NullPointerException if {@code parent} is {@code null}
     */
    static CancelContext withCancel(Context parent) {
        requireParent(parent);
        return Providers.get().contexts().withCancel(parent);
    }

    /**
     * Go's {@code context.WithTimeout(parent, timeout)}: same as
     * {@code withDeadline(parent, now + timeout)}.
     *
     * @param parent  the parent context
     * @param timeout how long from now until the context is canceled with
     *                {@link #DEADLINE_EXCEEDED}
     * @return the new context with its cancel function
     * @throws NullPointerException if {@code parent} or {@code timeout} is {@code null}
     */
    static CancelContext withTimeout(Context parent, Duration timeout) {
        requireParent(parent);
        return Providers.get().contexts().withDeadline(parent, deadlineAfter(timeout));
    }

    /**
     * Go's {@code context.WithTimeoutCause(parent, timeout, cause)}: same as
     * {@code withDeadlineCause(parent, now + timeout, cause)}.
     *
     * @param parent  the parent context
     * @param timeout how long from now until the context is canceled with
     *                {@link #DEADLINE_EXCEEDED}
     * @param cause   what {@link #cause(Context)} returns once the timeout has expired;
     *                {@code null} makes it {@link #DEADLINE_EXCEEDED}, as in Go
     * @return the new context with its cancel function, which does not set the cause
     * @throws NullPointerException if {@code parent} or {@code timeout} is {@code null}
     */
    static CancelContext withTimeoutCause(Context parent, Duration timeout, Throwable cause) {
        requireParent(parent);
        return Providers.get().contexts().withDeadlineCause(parent, deadlineAfter(timeout), cause);
    }

    /**
     * Go's {@code context.WithDeadline(parent, d)}: a child that is also canceled,
     * with {@link #DEADLINE_EXCEEDED}, when {@code deadline} passes. If the parent's
     * deadline is earlier, the child behaves like {@code withCancel(parent)}; if
     * {@code deadline} has already passed, the child is returned already canceled.
     *
     * @param parent   the parent context
     * @param deadline when the context is canceled
     * @return the new context with its cancel function
     * @throws NullPointerException if {@code parent} or {@code deadline} is {@code null}
     */
    static CancelContext withDeadline(Context parent, Instant deadline) {
        requireParent(parent);
        Objects.requireNonNull(deadline, "deadline must not be null");
        return Providers.get().contexts().withDeadline(parent, deadline);
    }

    /**
     * Go's {@code context.WithDeadlineCause(parent, d, cause)}: like
     * {@link #withDeadline(Context, Instant)}, and when the deadline is what cancels the
     * context, {@link #err()} is {@link #DEADLINE_EXCEEDED} and
     * {@link #cause(Context) cause} is {@code cause}. The returned cancel function does
     * not set the cause: a context canceled by it has {@link #CANCELED} as both error
     * and cause. A parent canceled first passes on its own error and cause, and a
     * parent whose deadline is earlier makes this a plain {@code withCancel(parent)},
     * whose expiry then reports the parent's cause, as in Go.
     *
     * @param parent   the parent context
     * @param deadline when the context is canceled
     * @param cause    the cause once the deadline has passed; {@code null} makes it
     *                 {@link #DEADLINE_EXCEEDED}, as in Go
     * @return the new context with its cancel function
     * @throws NullPointerException if {@code parent} or {@code deadline} is {@code null}
     */
    static CancelContext withDeadlineCause(Context parent, Instant deadline, Throwable cause) {
        requireParent(parent);
        Objects.requireNonNull(deadline, "deadline must not be null");
        return Providers.get().contexts().withDeadlineCause(parent, deadline, cause);
    }

    /**
     * Go's {@code context.WithCancelCause(parent)}: like {@link #withCancel(Context)},
     * but its cancel function records a cause, which {@link #cause(Context)} returns.
     *
     * @param parent the parent context
     * @return the new context with its cancel function
     * @throws NullPointerException if {@code parent} is {@code null}
     */
    static CancelCauseContext withCancelCause(Context parent) {
        requireParent(parent);
        return Providers.get().contexts().withCancelCause(parent);
    }

    /**
     * Go's {@code context.WithValue(parent, key, val)}: a child whose
     * {@link #value(Object)} returns {@code value} for {@code key} and delegates
     * every other key to {@code parent}. Cancellation and deadline are the parent's.
     *
     * @param parent the parent context
     * @param key    the key; compared with {@link Object#equals(Object)}
     * @param value  the value bound to {@code key}; may be {@code null}
     * @return the new context
     * @throws NullPointerException     if {@code parent} is {@code null}
     * @throws IllegalArgumentException if {@code key} is {@code null} (Go: "nil key")
     */
    static Context withValue(Context parent, Object key, Object value) {
        requireParent(parent);
        if (key == null) {
            throw new IllegalArgumentException("nil key");
        }
        return Providers.get().contexts().withValue(parent, key, value);
    }

    /**
     * Go's {@code context.WithoutCancel(parent)}: a child with the parent's values
     * that is not canceled when the parent is. It has no deadline, its
     * {@link #err()} is {@code null} and its {@link #done()} is never closed.
     *
     * @param parent the parent context
     * @return the new context
     * @throws NullPointerException if {@code parent} is {@code null}
     */
    static Context withoutCancel(Context parent) {
        requireParent(parent);
        return Providers.get().contexts().withoutCancel(parent);
    }

    /**
     * Go's {@code context.Cause(c)}: why {@code c} was canceled.
     *
     * @param c the context
     * @return {@code null} if {@code c} is not canceled; otherwise the cause given to
     *         the {@link CancelCauseContext#cancel(Throwable)} that canceled it (or
     *         an ancestor), or {@code c.err()} when no cause was given
     * @throws NullPointerException if {@code c} is {@code null}
     */
    static Throwable cause(Context c) {
        Objects.requireNonNull(c, "c must not be null");
        return Providers.get().contexts().cause(c);
    }

    /**
     * Go's {@code context.AfterFunc(ctx, f)}: arranges for {@code f} to run in its
     * own goroutine once {@code c} is done; if {@code c} is already done, {@code f}
     * starts at once.
     *
     * @param c the context to watch
     * @param f the function to run
     * @return Go's {@code stop} function: it unlinks {@code f} from {@code c} and
     *         returns {@code true} if that prevented {@code f} from being started,
     *         {@code false} if {@code f} was already started or stopped
     * @throws NullPointerException if {@code c} or {@code f} is {@code null}
     */
    static BooleanSupplier afterFunc(Context c, Runnable f) {
        Objects.requireNonNull(c, "c must not be null");
        Objects.requireNonNull(f, "f must not be null");
        return Providers.get().contexts().afterFunc(c, f);
    }

    /**
     * Go's {@code time.Now().Add(timeout)}, saturated at {@code Instant}'s range.
     *
     * @param timeout how long from now
     * @return the deadline
     * @throws NullPointerException if {@code timeout} is {@code null}
     */
    private static Instant deadlineAfter(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout must not be null");
        try {
            return Instant.now().plus(timeout);
        } catch (DateTimeException | ArithmeticException e) { // beyond Instant's range: saturate
            return timeout.isNegative() ? Instant.MIN : Instant.MAX;
        }
    }

    /**
     * Go's check at the top of every {@code With*} function.
     *
     * @param parent the parent given to a factory method
     * @throws NullPointerException if {@code parent} is {@code null}
     */
    private static void requireParent(Context parent) {
        if (parent == null) {
            throw new NullPointerException("cannot create context from nil parent");
        }
    }
}
