package io.goroutines;

import org.junit.jupiter.api.Test;

import java.io.IOException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link Panic}, {@link PanicNilError} and {@link DeadlockError} as values. */
class PanicTest {

    @Test
    void valueAndMessage() {
        Panic p = new Panic("send on closed channel");
        assertEquals("send on closed channel", p.value());
        assertEquals("send on closed channel", p.getMessage());
        assertNull(p.getCause());
        assertInstanceOf(RuntimeException.class, p);

        Panic n = new Panic(42);
        assertEquals(42, n.value());
        assertEquals("42", n.getMessage());

        Panic nil = new Panic(null);
        assertNull(nil.value());
        assertEquals("null", nil.getMessage());
    }

    @Test
    void throwableValueIsTheCause() {
        IOException io = new IOException("disk gone");
        Panic p = new Panic(io);
        assertSame(io, p.value());
        assertSame(io, p.getCause());
        assertEquals(io.toString(), p.getMessage());
    }

    @Test
    void panicNilErrorIsItsOwnValue() {
        PanicNilError e = new PanicNilError();
        assertEquals("panic called with nil argument", e.getMessage());
        assertSame(e, e.value());
        assertNull(e.getCause());
        assertInstanceOf(Panic.class, e);
    }

    @Test
    void deadlockErrorIsAnError() {
        DeadlockError e = new DeadlockError(DeadlockError.MESSAGE_PREFIX + "\n\ngoroutine 1 [chan receive]:");
        assertInstanceOf(Error.class, e);
        assertTrue(e.getMessage().startsWith("all goroutines are asleep - deadlock!"));
    }
}
