package io.goroutines.time;

import io.goroutines.spi.NotYetImplemented;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** What {@link Time} decides without a runtime: Go's checks on non-positive durations. */
class TimeTest {

    @Test
    void tickOfNonPositiveDurationIsNil() {
        assertNull(Time.tick(Duration.ZERO));
        assertNull(Time.tick(Duration.ofMillis(-1)));
    }

    @Test
    void newTickerOfNonPositiveDurationThrows() {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> Time.newTicker(Duration.ZERO));
        assertEquals("non-positive interval for NewTicker", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Time.newTicker(Duration.ofNanos(-1)));
    }

    @Test
    void timersAreNotYetImplemented() {
        UnsupportedOperationException e =
                assertThrows(UnsupportedOperationException.class, () -> Time.newTimer(Duration.ofSeconds(1)));
        assertEquals(NotYetImplemented.PREFIX + NotYetImplemented.TIME_AND_CONTEXT, e.getMessage());
        assertThrows(UnsupportedOperationException.class, () -> Time.tick(Duration.ofSeconds(1)));
        assertThrows(UnsupportedOperationException.class, () -> Time.newTicker(Duration.ofSeconds(1)));
    }
}
