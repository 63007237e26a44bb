package io.goroutines.impl.sched;

/**
 * A runtime timer that calls a function once when it fires: the read and write
 * deadline timers of the network poller's {@code PollDesc} (Go's {@code pd.rt} and
 * {@code pd.wt}, whose function is {@code netpollReadDeadline} or
 * {@code netpollWriteDeadline}, runtime/netpoll.go). It lives in a P's heap like any
 * other timer, so no thread sleeps for it.
 *
 * <p>Owned by its {@code PollDesc}, which calls {@link #arm} and {@link #stop} under
 * its own lock; the function runs on whatever M runs the timers, without that lock.
 */
final class DeadlineTimer extends RuntimeTimer {

    /**
     * Makes a stopped timer.
     *
     * @param f   called with {@code arg} when the timer fires
     * @param arg the function's argument
     */
    DeadlineTimer(TimerFunc f, Object arg) {
        super(false, f, arg);
    }

    /**
     * (Re)arms the timer to fire once at the clock reading {@code when} ({@link Nanotime}).
     *
     * @param when the clock reading to fire at
     */
    void arm(long when) {
        modify(Math.max(1, when), 0);
    }

    /**
     * Stops the timer.
     *
     * @return whether it was pending
     */
    boolean stop() {
        return stopTimer();
    }
}
