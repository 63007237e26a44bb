package io.goroutines.sync;

import io.goroutines.spi.Providers;
import io.goroutines.spi.SyncSpi;

import java.util.Objects;
import java.util.function.Supplier;

/**
 * Go's {@code sync.Once}: performs exactly one action.
 *
 * <p>{@link #run(Runnable)} (Go's {@code Do}) runs its function only on the first
 * call for this {@code Once}, even when called with different functions. No call
 * returns before that one function has returned, so every caller sees its effects.
 * If the function panics, the {@code Once} still counts it as done: later calls do
 * not run anything. A function that calls {@code run} on the same {@code Once}
 * deadlocks, as in Go.
 *
 * <p>{@link #func(Runnable)} and {@link #value(Supplier)} (Go's {@code sync.OnceFunc}
 * and {@code sync.OnceValue}) wrap a function so that it runs once however often, and
 * from however many goroutines, the wrapper is called.
 *
 * <p>Any thread may use a {@code Once}.
 */
public final class Once {

    private final SyncSpi.OnceOps impl;

    /** Makes a {@code Once} that has not run yet (Go's zero value). */
    public Once() {
        impl = Providers.get().sync().newOnce();
    }

    /**
     * Go's {@code once.Do(f)}: runs {@code f} if and only if this is the first call
     * of {@code run} on this {@code Once}; otherwise waits until the first call's
     * function has returned.
     *
     * @param f the function to run at most once
     * @throws NullPointerException if {@code f} is {@code null}
     */
    public void run(Runnable f) {
        Objects.requireNonNull(f, "f must not be null");
        impl.run(f);
    }

    /**
     * Go's {@code sync.OnceFunc(f)}: a function that runs {@code f} on its first call
     * only. Calls made while {@code f} runs wait for it; every call returns after
     * {@code f} has returned and sees what it did.
     *
     * <p>If {@code f} throws (a panic: any {@link Throwable}), the first call throws it,
     * and so does every later call: the same instance, each time, without running
     * {@code f} again. After its one run the wrapper no longer refers to {@code f}, so
     * what {@code f} alone refers to can be garbage collected.
     *
     * @param f the function to run once
     * @return a function that runs {@code f} once and may be called from any thread
     * @throws NullPointerException if {@code f} is {@code null}
     */
    public static Runnable func(Runnable f) {
        Objects.requireNonNull(f, "f must not be null");
        OnceResult<Void> r = new OnceResult<>(() -> {
            f.run();
            return null;
        });
        return r::get;
    }

    /**
     * Go's {@code sync.OnceValue(f)}: a function that calls {@code f} on its first call
     * only and returns what that call returned, on that call and every later one.
     * Calls made while {@code f} runs wait for it.
     *
     * <p>If {@code f} throws (a panic: any {@link Throwable}), the first call throws it,
     * and so does every later call: the same instance, each time, without running
     * {@code f} again. After its one run the wrapper no longer refers to {@code f}.
     *
     * @param f   the function whose value is computed once; it may return {@code null}
     * @param <T> the type of the value
     * @return a function that returns {@code f}'s value and may be called from any thread
     * @throws NullPointerException if {@code f} is {@code null}
     */
    public static <T> Supplier<T> value(Supplier<T> f) {
        Objects.requireNonNull(f, "f must not be null");
        return new OnceResult<>(f)::get;
    }

    /**
     * Go's closure in oncefunc.go: a {@code Once}, the function until it has run, and its
     * outcome. {@code f}, {@code value} and {@code thrown} are plain fields: they are
     * written inside {@code once.run}, which returns to every caller only after the
     * function has returned, and read after it (Go's memory-model rule for Once).
     */
    private static final class OnceResult<T> implements Runnable {
        private final Once once = new Once();
        private Supplier<T> f;
        private T value;
        private Throwable thrown;

        OnceResult(Supplier<T> f) {
            this.f = f;
        }

        T get() {
            once.run(this); // this, not a method reference: a call allocates nothing
            Throwable t = thrown;
            if (t != null) {
                throw OnceResult.<RuntimeException>sneaky(t);
            }
            return value;
        }

        /** The one run of f (given to {@code once.run}): keeps its value or what it threw, and drops f. */
        @Override
        public void run() {
            Supplier<T> fn = f;
            f = null;
            try {
                value = fn.get();
            } catch (Throwable t) {
                thrown = t;
                throw t; // the first caller gets it from f itself, with f's stack
            }
        }

        /** Rethrows {@code t} as it is, checked or not (a panic is any Throwable). */
        @SuppressWarnings("unchecked")
        private static <E extends Throwable> E sneaky(Throwable t) throws E {
            throw (E) t;
        }
    }
}
