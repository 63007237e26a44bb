package io.goroutines.impl.sched;

import java.util.Objects;
import java.util.concurrent.ThreadFactory;

/**
 * {@code GoRuntime.threadFactory()}: unstarted goroutines, for Java code that takes a
 * {@link ThreadFactory} ({@code Executors.newThreadPerTaskExecutor}, a server's thread
 * pool, {@code StructuredTaskScope}). Go has only the {@code go} statement, which makes
 * and starts a goroutine at once; a {@code ThreadFactory} separates the two, so
 * {@link GoroutineLifecycle#newThread} makes the G and its virtual thread, and the thread's
 * {@code start()} is the {@code go} statement ({@link GoroutineLifecycle#goStart}, from the JDK's
 * first call of {@link G#execute}).
 *
 * <p>Stateless and shared: one instance per runtime, any thread may call it.
 */
public final class GoroutineThreadFactory implements ThreadFactory {

    private final Sched sched;

    /**
     * The factory of {@code sched}'s goroutines.
     *
     * @param sched the scheduler the threads' goroutines run on
     */
    public GoroutineThreadFactory(Sched sched) {
        this.sched = sched;
    }

    /**
     * A new, unstarted goroutine that runs {@code body}: a virtual thread without a
     * name, whose {@code start()} makes it a goroutine of the starter's program.
     *
     * @throws NullPointerException if {@code body} is null
     */
    @Override
    public Thread newThread(Runnable body) {
        Objects.requireNonNull(body, "body must not be null");
        return sched.lifecycle.newThread(body);
    }

    @Override
    public String toString() {
        return "GoRuntime.threadFactory() (" + sched.mode() + ")";
    }
}
