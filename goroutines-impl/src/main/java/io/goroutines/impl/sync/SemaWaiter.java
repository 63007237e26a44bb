package io.goroutines.impl.sync;

import java.util.concurrent.locks.LockSupport;

/**
 * A goroutine (or thread) waiting on a {@link Sema}: Go's {@code sudog} as sema.go uses
 * it ({@code g}, {@code ticket}, the queue link). {@code next} is guarded by the
 * semaphore's lock; {@code ticket} is written by the releaser before {@code woken}.
 */
final class SemaWaiter {

    final Thread thread;
    SemaWaiter next;
    /** 1 when the releaser handed its count over (a starving mutex). */
    int ticket;
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
