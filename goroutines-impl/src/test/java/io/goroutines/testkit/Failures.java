package io.goroutines.testkit;

import io.goroutines.Go;
import org.opentest4j.AssertionFailedError;

import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * What goroutines other than the test body found wrong (Go's {@code t.Fatal} from a
 * goroutine) and anything they threw; checked at the end of a test.
 */
public final class Failures {

    private final ConcurrentLinkedQueue<Throwable> all = new ConcurrentLinkedQueue<>();

    /** Records a failure described by {@code message}. */
    public void add(String message) {
        all.add(new AssertionFailedError(message));
    }

    /** Records {@code t}. */
    public void add(Throwable t) {
        all.add(t);
    }

    /** {@code body} as a goroutine body that records what it throws instead of panicking. */
    public Runnable wrap(Body body) {
        return () -> {
            try {
                body.run();
            } catch (Throwable t) {
                all.add(t);
            }
        };
    }

    /** Starts {@code body} as a goroutine named {@code base} plus a unique suffix; returns that name. */
    public String go(String base, Body body) {
        String name = Goroutines.uniqueName(base);
        Go.go(name, wrap(body));
        return name;
    }

    /** Starts {@code body} as an unnamed goroutine. */
    public void go(Body body) {
        Go.go(wrap(body));
    }

    /** {@return how many failures were recorded and the first, or {@code none}} */
    public String summary() {
        Throwable first = all.peek();
        return first == null ? "none" : all.size() + ", first: " + first;
    }

    /** Fails with the first recorded failure (and up to five more, suppressed), if any. */
    public void check() {
        Throwable first = all.peek();
        if (first != null) {
            AssertionFailedError e = new AssertionFailedError(
                    all.size() + " failure(s) in other goroutines or threads; first: " + first, first);
            all.stream().skip(1).limit(5).forEach(e::addSuppressed);
            throw e;
        }
    }
}
