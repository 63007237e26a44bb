package io.goroutines.testkit;

import io.goroutines.Panic;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import static io.goroutines.testkit.Goroutines.start;
import static io.goroutines.testkit.Waits.join;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Go's {@code TestMutexMisuse} cases for the locks of package sync, raced against correct use. */
public final class LockMisuse {

    /** How long {@link #raceMisusedUnlocks} lets misused unlocks race correct use of the same lock. */
    public static final Duration MISUSE_RACE = Duration.ofMillis(500);

    private LockMisuse() {
    }

    /**
     * Runs {@code unlock}, which may be a misuse: it returns, or panics with exactly
     * {@code message}.
     */
    public static void unlockOrPanic(Runnable unlock, String message) {
        try {
            unlock.run();
        } catch (Panic p) {
            assertEquals(message, p.getMessage(), "the panic of a misused unlock");
        }
    }

    /**
     * Runs {@code misuse} (unlocks of a lock that only {@code use} ever takes) over and
     * over on one platform thread while {@code use} runs over and over on another, both
     * for {@link #MISUSE_RACE}. A misused unlock panics and, recovered, must leave the
     * lock as it was for the calls that overlap it; when it meets a hold of
     * {@code use} it releases it (the locks have no owner) and {@code use}'s own unlock
     * panics instead. Either way the lock is free whenever {@code use} starts a round,
     * so a failing try-lock or a lock that hangs (the join's bound) is a lock state the
     * misuse corrupted. A race, not a fixed interleaving: a bug in the window it hits
     * shows in most runs, not in every one.
     */
    public static void raceMisusedUnlocks(String what, Body misuse, Body use) throws InterruptedException {
        Failures failures = new Failures();
        long deadline = System.nanoTime() + MISUSE_RACE.toNanos();
        AtomicInteger misuses = new AtomicInteger();
        AtomicInteger uses = new AtomicInteger();
        Thread misuser = start(Thread.ofPlatform().daemon(true), what + "-misuser", failures, () -> {
            while (System.nanoTime() - deadline < 0) {
                misuse.run();
                misuses.incrementAndGet();
            }
        });
        Thread user = start(Thread.ofPlatform().daemon(true), what + "-user", failures, () -> {
            while (System.nanoTime() - deadline < 0) {
                use.run();
                uses.incrementAndGet();
            }
        });
        join(user, failures);
        join(misuser, failures);
        failures.check();
        assertTrue(misuses.get() > 0 && uses.get() > 0,
                what + ": both sides must have run; misuses " + misuses + ", uses " + uses);
    }
}
