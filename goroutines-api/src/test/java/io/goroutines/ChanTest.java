package io.goroutines;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What channels check without a runtime, and the {@link Received} record. */
class ChanTest {

    /** Go's makechan: a negative size panics with Go's message, even without a runtime. */
    @Test
    void makeWithANegativeSizePanicsSizeOutOfRange() {
        Panic p = assertThrows(Panic.class, () -> Chan.make(-1));
        assertEquals("makechan: size out of range", p.value());
        assertEquals("makechan: size out of range", p.getMessage());
    }

    @Test
    void makeAndSelectWithoutARuntimeNameTheImplArtifact() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Chan.make(1));
        assertTrue(e.getMessage().contains("io.goroutines:goroutines-impl"), e.getMessage());
        assertThrows(IllegalStateException.class, Chan::make);
        IllegalStateException s = assertThrows(IllegalStateException.class, Go::select);
        assertTrue(s.getMessage().contains("io.goroutines:goroutines-impl"), s.getMessage());
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
