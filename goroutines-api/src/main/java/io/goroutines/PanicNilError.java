package io.goroutines;

import java.io.Serial;

/**
 * The panic that a panic with a {@code null} value becomes: Go 1.21's
 * {@code runtime.PanicNilError}.
 *
 * <p>Since Go 1.21, {@code panic(nil)} panics with a {@code *runtime.PanicNilError}
 * instead, so that {@code recover()} returning {@code nil} always means "no panic".
 * The runtime does the same: when a panic's value is {@code null}, for example
 * {@code new Panic(null)}, {@link Go#recover()} returns a {@code PanicNilError}.
 * Its {@link #value()} is the error itself, as in Go, where the panic value is the
 * {@code *PanicNilError}; its message is {@code "panic called with nil argument"}.
 */
public class PanicNilError extends Panic {

    @Serial
    private static final long serialVersionUID = 1L;

    /** Go's message for this error. */
    public static final String MESSAGE = "panic called with nil argument";

    /** Makes the error; its value is itself. */
    public PanicNilError() {
        super(null, MESSAGE);
    }

    /**
     * The panic value, which is this error itself (Go's panic value is the
     * {@code *PanicNilError}).
     *
     * @return {@code this}
     */
    @Override
    public Object value() {
        return this;
    }
}
