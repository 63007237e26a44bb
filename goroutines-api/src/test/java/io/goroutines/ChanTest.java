package io.goroutines;

import io.goroutines.spi.NotYetImplemented;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What channels check without a runtime, and the {@link Received} record. */
class ChanTest {

    @Test
    void makeRejectsNegativeCapacity() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Chan.make(-1));
        assertTrue(e.getMessage().contains(">= 0"), e.getMessage());
        assertTrue(e.getMessage().contains("-1"), e.getMessage());
    }

    @Test
    void makeIsNotYetImplemented() {
        UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class, () -> Chan.make(1));
        assertEquals(NotYetImplemented.PREFIX + NotYetImplemented.CHANNELS, e.getMessage());
        assertThrows(UnsupportedOperationException.class, Chan::make);
    }

    @Test
    void receivedEqualityIsByValueAndOk() {
        assertEquals(new Received<>("a", true), new Received<>("a", true));
        assertEquals(new Received<>("a", true).hashCode(), new Received<>("a", true).hashCode());
        assertEquals(new Received<>(null, false), new Received<>(null, false));
        // A sent null (the zero value) is not the same as "closed".
        assertFalse(new Received<>(null, true).equals(new Received<>(null, false)));
        assertFalse(new Received<>("a", true).equals(new Received<>("b", true)));
        Received<String> r = new Received<>(null, true);
        assertNull(r.value());
        assertTrue(r.ok());
    }
}
