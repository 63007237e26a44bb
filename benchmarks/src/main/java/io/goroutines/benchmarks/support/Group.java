package io.goroutines.benchmarks.support;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A fixed number of goroutines (or virtual threads) of one benchmark invocation, and
 * the JMH thread's wait for them: the {@code c := make(chan bool, procs)} ...
 * {@code <-c} of Go's benchmarks, or a {@code sync.WaitGroup}. It is a
 * {@link CountDownLatch} and not a channel so that the bookkeeping costs the same for
 * every implementation under test.
 *
 * <p>A task that throws does not leave the others waiting for a minute: its exception
 * is kept, and {@link #await()} rethrows it as soon as it sees it. The goroutines
 * still blocked then stay blocked; the iteration fails, and JMH moves on to the next
 * benchmark.
 */
public final class Group {

    /** One goroutine's body. Jox's blocking operations throw InterruptedException. */
    @FunctionalInterface
    public interface Task {
        void run() throws Exception;
    }

    /** How often {@link #await()} looks for a failed task while it waits. */
    private static final long FAILURE_POLL_MILLIS = 100;

    private final TaskRunner impl;
    private final String what;
    private final CountDownLatch done;
    /** The first exception thrown by a task; set once, by that task. */
    private final AtomicReference<Throwable> failure = new AtomicReference<>();

    /**
     * @param impl  who runs the tasks
     * @param what  the benchmark's name, for the message of a failure or hang
     * @param tasks how many tasks {@link #go} will start before {@link #await} returns
     */
    public Group(TaskRunner impl, String what, int tasks) {
        this.impl = impl;
        this.what = what;
        this.done = new CountDownLatch(tasks);
    }

    /** Starts {@code task} as a goroutine / virtual thread of the implementation under test. */
    public void go(Task task) {
        impl.go(() -> {
            try {
                task.run();
            } catch (Throwable t) {
                failure.compareAndSet(null, t);
            } finally {
                done.countDown();
            }
        });
    }

    /**
     * Waits until every task has returned. Throws the first task's exception, or
     * fails with the scheduler's state after {@link TaskRunner#HANG_TIMEOUT_SECONDS}.
     * Called by the JMH thread (a platform thread) or by a task of an enclosing group.
     */
    public void await() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TaskRunner.HANG_TIMEOUT_SECONDS);
        while (!done.await(FAILURE_POLL_MILLIS, TimeUnit.MILLISECONDS)) {
            checkFailure();
            if (System.nanoTime() - deadline > 0) {
                throw new IllegalStateException(what + " did not finish within "
                        + TaskRunner.HANG_TIMEOUT_SECONDS + " s with impl=" + impl.paramName()
                        + " (" + done.getCount() + " goroutines still running): " + impl.diagnostics());
            }
        }
        checkFailure();
    }

    private void checkFailure() {
        Throwable t = failure.get();
        if (t != null) {
            throw new IllegalStateException(what + " failed in a goroutine with impl="
                    + impl.paramName() + ": " + t, t);
        }
    }
}
