package io.goroutines.impl.sched;

/**
 * What a runtime timer calls when it fires: Go's {@code timer.f}
 * ({@code func(arg any, seq uintptr, delay int64)}, runtime/time.go).
 *
 * <p>It runs on whatever thread runs the timer (an M looking for work, an idle M woken
 * for the timer, or a goroutine receiving from a timer channel whose value is due), with
 * no runtime lock held except a channel timer's send lock, so it must be short and must
 * not block: ready a goroutine, start one, or make a non-blocking send.
 */
@FunctionalInterface
public interface TimerFunc {

    /**
     * Runs the timer's action.
     *
     * @param arg   the timer's argument (a channel, a function, a sleeper)
     * @param seq   the timer's sequence number when it was armed
     * @param delay how late the call is, in nanoseconds ({@code now - when})
     */
    void fire(Object arg, long seq, long delay);
}
