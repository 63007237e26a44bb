package io.goroutines.impl.panic;

/**
 * The texts of the runtime's panics and fatal errors, Go's words to the letter, each
 * written once: the channel, select and sync code throws them, and users' tests (and
 * docs/api.md) compare them as Go's programs do. This package depends on nothing else
 * of the impl, so every impl package may use it.
 *
 * <p>The deadlock text {@code "all goroutines are asleep - deadlock!"} is public API:
 * {@link io.goroutines.DeadlockError#MESSAGE_PREFIX}.
 */
public final class PanicMessages {

    /** Go's {@code plainError("send on closed channel")} (chan.go, select.go). */
    public static final String SEND_ON_CLOSED_CHANNEL = "send on closed channel";
    /** Go's {@code plainError("close of closed channel")} (chan.go). */
    public static final String CLOSE_OF_CLOSED_CHANNEL = "close of closed channel";
    /** Go's {@code plainError("makechan: size out of range")} (chan.go). */
    public static final String MAKECHAN_SIZE_OUT_OF_RANGE = "makechan: size out of range";

    /** Go's {@code fatal("sync: unlock of unlocked mutex")} (sync/mutex.go). */
    public static final String UNLOCK_OF_UNLOCKED_MUTEX = "sync: unlock of unlocked mutex";
    /** Go's {@code fatal("sync: RUnlock of unlocked RWMutex")} (sync/rwmutex.go). */
    public static final String RUNLOCK_OF_UNLOCKED_RWMUTEX = "sync: RUnlock of unlocked RWMutex";
    /** Go's {@code fatal("sync: Unlock of unlocked RWMutex")} (sync/rwmutex.go). */
    public static final String UNLOCK_OF_UNLOCKED_RWMUTEX = "sync: Unlock of unlocked RWMutex";
    /** Go's {@code panic("sync: negative WaitGroup counter")} (sync/waitgroup.go). */
    public static final String NEGATIVE_WAITGROUP_COUNTER = "sync: negative WaitGroup counter";
    /** Go's WaitGroup misuse panic of {@code Add} racing {@code Wait} (sync/waitgroup.go). */
    public static final String WAITGROUP_ADD_CONCURRENT_WITH_WAIT =
            "sync: WaitGroup misuse: Add called concurrently with Wait";
    /** Go's WaitGroup misuse panic of a reuse before {@code Wait} returned (sync/waitgroup.go). */
    public static final String WAITGROUP_REUSED = "sync: WaitGroup is reused before previous Wait has returned";
    /** x/sync's {@code panic("semaphore: released more than held")} (semaphore.Weighted.Release). */
    public static final String SEMAPHORE_RELEASED_MORE_THAN_HELD = "semaphore: released more than held";

    /** Go's {@code fatal error: no goroutines (main called runtime.Goexit) - deadlock!} (proc.go). */
    public static final String GOEXIT_DEADLOCK = "no goroutines (main called runtime.Goexit) - deadlock!";
    /** Go's {@code fatal error: thread exhaustion} (proc.go's {@code checkmcount}). */
    public static final String THREAD_EXHAUSTION = "thread exhaustion";

    private PanicMessages() {
    }
}
