package io.goroutines;

import java.io.Serial;

/**
 * A Go panic carrying a value: {@code throw new Panic(v)} is Go's {@code panic(v)}.
 *
 * <p>Any {@link Throwable} that unwinds through a frame (a goroutine body or
 * {@link Go#func(Runnable)}) is a panic; {@code Panic} is the one that carries an
 * arbitrary value, which {@link Go#recover()} returns when it stops the panic. The
 * runtime throws {@code Panic} with Go's messages, for example
 * {@code "send on closed channel"}, {@code "close of closed channel"},
 * {@code "sync: negative WaitGroup counter"} and
 * {@code "sync: unlock of unlocked mutex"}; their value is that message.
 *
 * <p>The exception message is the value as a string: {@link String#valueOf(Object)},
 * or {@link Throwable#toString()} when the value is a {@code Throwable}, which then
 * also becomes the {@linkplain #getCause() cause}. A panic with a {@code null} value
 * is turned by the runtime into a {@link PanicNilError}, as Go 1.21 does.
 *
 * <p>The value is not serialized: a deserialized {@code Panic} keeps its message and
 * cause but its {@link #value()} is {@code null}.
 */
public class Panic extends RuntimeException {

    @Serial
    private static final long serialVersionUID = 1L;

    /** The value passed to {@code panic}; transient because it need not be serializable. */
    private final transient Object value;

    /**
     * Makes Go's {@code panic(value)}.
     *
     * @param value the panic value; may be any object, or {@code null}
     */
    public Panic(Object value) {
        this(value, messageOf(value));
    }

    /**
     * For subclasses that carry a value but want their own message.
     *
     * @param value   the panic value; if it is a {@code Throwable} it becomes the cause
     * @param message the exception message
     */
    protected Panic(Object value, String message) {
        super(message, value instanceof Throwable t ? t : null);
        this.value = value;
    }

    /**
     * The value this panic was made with; what {@link Go#recover()} returns when it
     * stops this panic.
     *
     * @return the panic value, which may be {@code null}
     */
    public Object value() {
        return value;
    }

    private static String messageOf(Object value) {
        return value instanceof Throwable t ? t.toString() : String.valueOf(value);
    }
}
