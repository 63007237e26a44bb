package io.goroutines.spi;

/**
 * The one place that names the parts of the API whose runtime does not exist yet.
 *
 * <p>Each method returns (it does not throw) an {@link UnsupportedOperationException}
 * whose message is {@code "not yet implemented: "} followed by the title of the issue
 * that tracks the missing part, so a caller writes {@code throw NotYetImplemented.sync();}
 * and the compiler still sees the statement end the method. When a part is
 * implemented, its method here and every call of it are removed together; once all
 * are gone, so is this class.
 *
 * <p>Not meant for application code.
 */
public final class NotYetImplemented {

    /** The common start of every message made here. */
    public static final String PREFIX = "not yet implemented: ";

    /** Issue title for the package {@code io.goroutines.sync}. */
    public static final String SYNC =
            "sync and errgroup: WaitGroup, Mutex, RWMutex, Once, ErrGroup on runtime semaphores";

    private NotYetImplemented() {
    }

    /**
     * The exception for {@code WaitGroup}, {@code Mutex}, {@code RWMutex}, {@code Once}
     * and {@code ErrGroup} operations.
     *
     * @return a new exception naming the sync issue; the caller throws it
     */
    public static UnsupportedOperationException sync() {
        return new UnsupportedOperationException(PREFIX + SYNC);
    }
}
