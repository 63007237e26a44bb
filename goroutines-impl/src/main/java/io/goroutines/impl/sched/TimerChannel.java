package io.goroutines.impl.sched;

/**
 * The channel of a channel timer, as its {@link RuntimeTimer} sees it: the one call the
 * timer makes into the channel, Go's {@code timerchandrain} (runtime/chan.go), which
 * {@code stop} and {@code reset} make so that no value prepared before them is received
 * after. Implemented by the channel ({@code HChan}); defined here, below the channels,
 * so that the timers the scheduler runs do not depend on the channel package. The send
 * of a due value is the timer's function ({@link TimerFunc}), which the time package
 * gives it.
 */
public interface TimerChannel {

    /**
     * Go's {@code timerchandrain}: empties the channel's buffer. The caller holds the
     * timer's send lock.
     *
     * @return whether a value was dropped
     */
    boolean timerDrain();
}
