package io.goroutines.testkit;

import io.goroutines.Panic;
import org.junit.jupiter.api.function.Executable;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Panics, whose values tests compare with Go's text to the letter. */
public final class Panics {

    private Panics() {
    }

    /** Asserts that {@code f} throws a {@link Panic} whose value is the string {@code message}. */
    public static Panic assertPanicsWith(String message, Executable f, String what) {
        Panic p = assertThrows(Panic.class, f, what);
        assertEquals(message, p.value(), what + ": the panic value");
        assertEquals(message, p.getMessage(), what + ": the panic message");
        return p;
    }
}
