package io.goroutines.testkit;

import io.goroutines.Go;
import io.goroutines.GoRuntime;
import io.goroutines.RecvChan;
import io.goroutines.time.Time;
import org.opentest4j.AssertionFailedError;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;

import static io.goroutines.testkit.Dumps.stateIn;
import static io.goroutines.testkit.Dumps.truncate;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Bounded waits. Every wait of a test is bounded at {@link #WAIT_BOUND_SECONDS} (a whole
 * test body at {@link #BODY_BOUND_SECONDS}), so a hang fails instead of stalling the
 * build. Go's {@code time.Sleep(time.Millisecond) // make sure it is blocked} becomes
 * waiting, with a bound, until the goroutine's dump header shows its wait reason
 * ({@link #awaitState}, {@link #awaitBlocked}): stronger than a sleep, and never a sleep.
 * The waits that take a {@link Failures} fail at once when another goroutine or thread
 * recorded a failure: it may be the one that was to get there.
 */
public final class Waits {

    /** The bound on a whole goroutine-run test body. */
    public static final long BODY_BOUND_SECONDS = 40;

    /** The bound on one wait for a goroutine to reach a state or finish. */
    public static final long WAIT_BOUND_SECONDS = 10;

    /** How often {@link #recvBounded} and {@link #awaitOpen} stop waiting to look for failures elsewhere. */
    private static final Duration POLL = Duration.ofMillis(50);

    private Waits() {
    }

    /** {@return whether {@code latch} opened within {@code seconds}} */
    public static boolean awaitLatch(CountDownLatch latch, long seconds) {
        return awaitLatch(latch, seconds, TimeUnit.SECONDS);
    }

    private static boolean awaitLatch(CountDownLatch latch, long time, TimeUnit unit) {
        try {
            return latch.await(time, unit);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionFailedError("interrupted", e);
        }
    }

    /** Waits, bounded, for {@code latch}; fails with the dump and the recorded failures if it does not open. */
    public static void await(CountDownLatch latch, Failures failures, String what) {
        if (!awaitLatch(latch, WAIT_BOUND_SECONDS)) {
            fail(what + ": not done within " + WAIT_BOUND_SECONDS + " s (other failures: " + failures.summary()
                    + "); dump:\n" + truncate(GoRuntime.stack(true)));
        }
    }

    /**
     * Waits, bounded, until {@code latch} opens; fails when it does not within
     * {@link #WAIT_BOUND_SECONDS}, and at once when another goroutine or thread
     * recorded a failure (it may be the one that was to count down).
     */
    public static void awaitOpen(CountDownLatch latch, Failures failures, String what) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_BOUND_SECONDS);
        while (!awaitLatch(latch, POLL.toMillis(), TimeUnit.MILLISECONDS)) {
            failures.check();
            if (System.nanoTime() - deadline > 0) {
                fail(what + ": not done within " + WAIT_BOUND_SECONDS + " s; dump:\n"
                        + truncate(GoRuntime.stack(true)));
            }
        }
    }

    /** Waits, bounded, for thread {@code t} to end; fails with its state and stack if it does not. */
    public static void join(Thread t, Failures failures) throws InterruptedException {
        if (!t.join(Duration.ofSeconds(WAIT_BOUND_SECONDS))) {
            fail("thread " + t.getName() + " did not end within " + WAIT_BOUND_SECONDS + " s, state "
                    + t.getState() + " (other failures: " + failures.summary() + "); at "
                    + Arrays.toString(t.getStackTrace()));
        }
    }

    /**
     * Waits, bounded, until the goroutine named {@code name} shows one of
     * {@code states} in the dump; returns the state seen. Replaces Go's
     * {@code time.Sleep} "make sure it has blocked".
     */
    public static String awaitState(String name, String... states) {
        List<String> wanted = List.of(states);
        return awaitStateMatching(name, null, wanted::contains, wanted.toString());
    }

    /**
     * Waits, bounded, until the goroutine named {@code name} shows one of {@code states}
     * in the dump. Fails at once when {@code failures} holds a record: a goroutine that
     * threw (for one, an operation that is not implemented) will never get there.
     */
    public static String awaitBlocked(String name, Failures failures, String... states) {
        List<String> wanted = List.of(states);
        return awaitStateMatching(name, failures, wanted::contains, "one of " + wanted);
    }

    /**
     * Waits, bounded, until the goroutine named {@code name} is parked, whatever the
     * wait reason: for waits whose reason docs/api.md does not name ({@code Once.run},
     * {@code ErrGroup.go} at its limit). A goroutine whose only remaining step is one
     * such call is then parked inside it.
     */
    public static String awaitParked(String name, Failures failures) {
        return awaitStateMatching(name, failures, s -> !s.equals("running") && !s.equals("runnable"),
                "a parked state");
    }

    /** The loop of the three waits above; {@code failures} is null for {@link #awaitState}. */
    private static String awaitStateMatching(String name, Failures failures, Predicate<String> wanted,
            String what) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_BOUND_SECONDS);
        for (;;) {
            if (failures != null) {
                failures.check();
            }
            String dump = GoRuntime.stack(true);
            String state = stateIn(dump, name);
            if (state != null && wanted.test(state)) {
                return state;
            }
            if (System.nanoTime() - deadline > 0) {
                fail("goroutine " + name + " did not reach " + what + " within " + WAIT_BOUND_SECONDS
                        + " s; last state: " + state + "; dump:\n" + truncate(dump));
            }
            GoRuntime.gosched();
        }
    }

    /** Waits, bounded, until platform or virtual thread {@code t} is in {@code state}. */
    public static void awaitThreadState(Thread t, Thread.State state) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_BOUND_SECONDS);
        while (t.getState() != state) {
            if (System.nanoTime() - deadline > 0) {
                fail("thread " + t.getName() + " did not reach " + state + " within " + WAIT_BOUND_SECONDS
                        + " s; it is " + t.getState() + " at " + Arrays.toString(t.getStackTrace()));
            }
            Thread.onSpinWait();
            Thread.yield();
        }
    }

    /**
     * Waits, bounded, until platform or virtual thread {@code t} is parked
     * ({@code WAITING}); fails at once when {@code failures} holds a record or {@code t}
     * has ended.
     */
    public static void awaitWaiting(Thread t, Failures failures) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_BOUND_SECONDS);
        Thread.State state;
        while ((state = t.getState()) != Thread.State.WAITING) {
            failures.check();
            if (state == Thread.State.TERMINATED) {
                fail("thread " + t.getName() + " ended instead of waiting");
            }
            if (System.nanoTime() - deadline > 0) {
                fail("thread " + t.getName() + " did not park within " + WAIT_BOUND_SECONDS + " s; it is "
                        + state + " at " + Arrays.toString(t.getStackTrace()));
            }
            Thread.onSpinWait();
            Thread.yield();
        }
    }

    /**
     * Receives one value from {@code c}, failing when none comes within
     * {@link #WAIT_BOUND_SECONDS}, and at once when another goroutine recorded a
     * failure (it may be the one that was to send).
     */
    public static <T> T recvBounded(RecvChan<T> c, Failures failures, String what) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_BOUND_SECONDS);
        AtomicReference<T> got = new AtomicReference<>();
        for (;;) {
            if (Go.select().recv(c, got::set).recv(Time.after(POLL), null).run() == 0) {
                return got.get();
            }
            failures.check();
            if (System.nanoTime() - deadline > 0) {
                fail(what + ": nothing received within " + WAIT_BOUND_SECONDS + " s; dump:\n"
                        + truncate(GoRuntime.stack(true)));
            }
        }
    }
}
