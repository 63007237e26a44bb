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
    /** A park that did not go through the runtime (a plain {@code LockSupport.park}, I/O, ...). */
    PARKED("park"),
    CHAN_RECEIVE("chan receive"),
    CHAN_SEND("chan send"),
    CHAN_RECEIVE_NIL_CHAN("chan receive (nil chan)"),
    CHAN_SEND_NIL_CHAN("chan send (nil chan)"),
    SELECT("select"),
    SELECT_NO_CASES("select (no cases)"),
    SLEEP("sleep"),
    /** Waiting on the network poller (Go's {@code waitReasonIOWait}): the poller wakes it, never a deadlock. */
    IO_WAIT("IO wait"),
    SYNC_MUTEX_LOCK("sync.Mutex.Lock"),
    SYNC_RWMUTEX_LOCK("sync.RWMutex.Lock"),
    SYNC_RWMUTEX_RLOCK("sync.RWMutex.RLock"),
    SYNC_WAITGROUP_WAIT("sync.WaitGroup.Wait"),
    SYNC_COND_WAIT("sync.Cond.Wait"),
    SEMACQUIRE("semacquire"),
    CONTEXT_DONE("context done");

    private final String display;

    WaitReason(String display) {
        this.display = display;
    }

    /** Go's words for this wait, as printed in a dump header. */
    public String display() {
        return display;
    }

    /** Whether only another goroutine can end this wait (no timer, no I/O). */
    public boolean isBlockedForever() {
        return switch (this) {
            case CHAN_RECEIVE, CHAN_SEND, CHAN_RECEIVE_NIL_CHAN, CHAN_SEND_NIL_CHAN, SELECT, SELECT_NO_CASES,
                 SYNC_MUTEX_LOCK, SYNC_RWMUTEX_LOCK, SYNC_RWMUTEX_RLOCK, SYNC_WAITGROUP_WAIT, SYNC_COND_WAIT,
                 SEMACQUIRE, CONTEXT_DONE -> true;
            default -> false;
        };
    }
}
