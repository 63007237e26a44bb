package io.goroutines.impl.sync;

import java.util.concurrent.locks.LockSupport;

/**
 * A goroutine (or thread) waiting on a {@link Sema} or a {@link NotifyListImpl}: Go's
 * {@code sudog} as sema.go uses it ({@code g}, {@code ticket}, the queue link).
 * {@code next} is guarded by the owner's lock. On a semaphore {@code ticket} is written
 * by the releaser before {@code woken}; on a notify list it is the waiter's ticket,
 * written before the waiter is queued, and {@code withdrawn} (guarded by the list's
 * lock) marks a waiter that gave its ticket up.
 */
final class SemaWaiter {

    final Thread thread;
    SemaWaiter next;
    /** Sema: 1 when the releaser handed its count over (a starving mutex). NotifyList: the waiter's ticket. */
    int ticket;
    /** NotifyList only: the waiter was interrupted and left; a notification passes it by. */
    boolean withdrawn;
    volatile boolean woken;

    SemaWaiter(Thread thread) {
        this.thread = thread;
    }

    /** Go's {@code readyWithTime}: the JDK then calls our scheduler, which puts it in runnext. */
    void ready() {
        woken = true;
        LockSupport.unpark(thread);
    }
}
