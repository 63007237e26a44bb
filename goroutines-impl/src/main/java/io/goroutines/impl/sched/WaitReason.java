package io.goroutines.impl.sched;

/**
 * Why a goroutine is parked, with Go's display strings (runtime/runtime2.go
 * {@code waitReason} and {@code waitReasonStrings}).
 *
 * <p>{@link #isBlockedForever()} tells the deadlock detector which waits can only
 * end through another goroutine (channel, select, sync), as Go's {@code checkdead}
 * counts them.
 */
public enum WaitReason {
    /** Not waiting. */
    ZERO(""),
    /**
     * A park that did not go through the runtime (a plain {@code LockSupport.park}, I/O,
     * ...), or a goroutine waiting for a nested {@code Go.main} ({@code Program.await}).
     */
    PARKED("park"),
    /** A receive on a channel. */
    CHAN_RECEIVE("chan receive"),
    /** A send on a channel. */
    CHAN_SEND("chan send"),
    /** A receive on a nil channel: forever. */
    CHAN_RECEIVE_NIL_CHAN("chan receive (nil chan)"),
    /** A send on a nil channel: forever. */
    CHAN_SEND_NIL_CHAN("chan send (nil chan)"),
    /** A select with at least one case. */
    SELECT("select"),
    /** A select with no cases: forever. */
    SELECT_NO_CASES("select (no cases)"),
    /** {@code Time.sleep}. */
    SLEEP("sleep"),
    /** Waiting on the network poller (Go's {@code waitReasonIOWait}): the poller wakes it, never a deadlock. */
    IO_WAIT("IO wait"),
    /** {@code Mutex.lock}. */
    SYNC_MUTEX_LOCK("sync.Mutex.Lock"),
    /** {@code RWMutex.lock}. */
    SYNC_RWMUTEX_LOCK("sync.RWMutex.Lock"),
    /** {@code RWMutex.rLock}. */
    SYNC_RWMUTEX_RLOCK("sync.RWMutex.RLock"),
    /** {@code WaitGroup.await}. */
    SYNC_WAITGROUP_WAIT("sync.WaitGroup.Wait"),
    /** Go's {@code sync.Cond.Wait}. */
    SYNC_COND_WAIT("sync.Cond.Wait"),
    /** A runtime semaphore acquire outside the sync types. */
    SEMACQUIRE("semacquire"),
    /** A wait for a context's done channel. */
    CONTEXT_DONE("context done");

    private final String display;

    WaitReason(String display) {
        this.display = display;
    }

    /** {@return Go's words for this wait, as printed in a dump header} */
    String display() {
        return display;
    }

    /** {@return whether only another goroutine can end this wait (no timer, no I/O)} */
    boolean isBlockedForever() {
        return switch (this) {
            case CHAN_RECEIVE, CHAN_SEND, CHAN_RECEIVE_NIL_CHAN, CHAN_SEND_NIL_CHAN, SELECT, SELECT_NO_CASES,
                 SYNC_MUTEX_LOCK, SYNC_RWMUTEX_LOCK, SYNC_RWMUTEX_RLOCK, SYNC_WAITGROUP_WAIT, SYNC_COND_WAIT,
                 SEMACQUIRE, CONTEXT_DONE -> true;
            default -> false;
        };
    }
}
