package io.goroutines.time;

import org.junit.jupiter.api.Test;

import io.goroutines.spi.Durations;

import java.time.Duration;
import java.time.temporal.ChronoUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
    void timersNeedTheRuntime() {
        // goroutines-api alone has no runtime: the first timer says which artifact is missing.
        IllegalStateException e =
                assertThrows(IllegalStateException.class, () -> Time.newTimer(Duration.ofSeconds(1)));
        assertTrue(e.getMessage().contains("io.goroutines:goroutines-impl"), e.getMessage());
    }

    @Test
    void nullDurationsAreRejected() {
        assertThrows(NullPointerException.class, () -> Time.sleep(null));
        assertThrows(NullPointerException.class, () -> Time.after(null));
        assertThrows(NullPointerException.class, () -> Time.afterFunc(Duration.ZERO, null));
    }

    @Test
    void durationsSaturateAtGosMaxDuration() {
        assertEquals(1_500_000_000L, Durations.nanos(Duration.ofMillis(1500)));
        assertEquals(-1, Durations.nanos(Duration.ofNanos(-1)));
        assertEquals(Long.MAX_VALUE, Durations.nanos(Duration.ofSeconds(Long.MAX_VALUE)));
        assertEquals(Long.MAX_VALUE, Durations.nanos(ChronoUnit.FOREVER.getDuration()));
        assertEquals(Long.MIN_VALUE, Durations.nanos(Duration.ofSeconds(Long.MIN_VALUE)));
    }
}
