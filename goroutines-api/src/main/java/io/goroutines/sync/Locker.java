package io.goroutines.sync;

/**
 * Go's {@code sync.Locker}: an object that can be locked and unlocked.
 *
 * <p>{@link Mutex} and {@link RWMutex} implement it, and {@link RWMutex#rLocker()}
 * gives the read side of an {@code RWMutex} as one. A {@link Cond} waits with the
 * {@code Locker} it was made with. As in Go, nothing here says who may unlock: the
 * library's lockers are not owned by a thread.
 */
public interface Locker {

    /** Go's {@code Lock}: locks, blocking until the lock is available. */
    void lock();

    /** Go's {@code Unlock}: unlocks. */
    void unlock();
}
