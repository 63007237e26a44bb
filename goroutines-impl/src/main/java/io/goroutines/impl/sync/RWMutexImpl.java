package io.goroutines.impl.sync;

import io.goroutines.Panic;
import io.goroutines.impl.panic.PanicMessages;
import io.goroutines.impl.sched.WaitReason;
import io.goroutines.spi.SyncSpi;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * Go's {@code sync.RWMutex} (sync/rwmutex.go): a writers' {@link MutexImpl}, two
 * semaphores and two counters.
 *
 * <h2>Implementation overview</h2>
 * {@code readerCount} counts readers holding or waiting for the lock. A writer first
 * takes {@code w} (so writers queue among themselves), then subtracts
 * {@link #MAX_READERS} from {@code readerCount}: from then on it is negative, and every
 * new reader sees that and waits on {@code readerSem} (writer preference: a waiting
 * writer stops new readers). The readers that were active are counted in
 * {@code readerWait}; the last of them to leave releases {@code writerSem}. Unlock adds
 * {@code MAX_READERS} back and releases one {@code readerSem} count per reader that
 * arrived meanwhile.
 *
 * <h2>Fields</h2>
 * Both counters are atomics, changed only by atomic adds and CAS; the semaphores have
 * their own invariants ({@link Sema}); {@code w} guards nothing but writer order.
 *
 * <p>A misused unlock never writes {@code readerCount}: {@link #rUnlock()} and
 * {@link #unlock()} check the count they read and change it by CAS only when the check
 * passes, where Go's {@code RUnlock} and {@code Unlock} add first and check afterwards.
 * In Go these misuses are fatal errors that end the process; here they are a
 * {@link Panic} the program may recover from, and a count that was briefly off (-1
 * for an RUnlock of an unlocked RWMutex, {@code MAX_READERS} for an Unlock) would make
 * a concurrent {@code tryRLock} or {@code tryLock} fail on a free lock, and a
 * concurrent {@code lock} take the readers it sees as active and wait for them
 * forever (stress-tests' {@code RWMutexUnlockMisuseLincheckTest}). The checks are
 * Go's and see only some misuses: a count of 0, or of exactly {@code -MAX_READERS}
 * under a writer, has no reader to release; an RUnlock too many while readers are
 * counted (active, or queued behind a writer) goes unnoticed, as in Go.
 */
final class RWMutexImpl implements SyncSpi.RWLocker {

    /** Go's {@code rwmutexMaxReaders}. */
    private static final int MAX_READERS = 1 << 30;

    private final MutexImpl w = new MutexImpl(WaitReason.SYNC_RWMUTEX_LOCK);
    private final Sema writerSem = new Sema();
    private final Sema readerSem = new Sema();
    @SuppressWarnings("unused")
    private volatile int readerCount;
    @SuppressWarnings("unused")
    private volatile int readerWait;

    @Override
    public void rLock() {
        if ((int) READER_COUNT.getAndAdd(this, 1) + 1 < 0) {
            readerSem.acquire(false, WaitReason.SYNC_RWMUTEX_RLOCK); // a writer is pending
        }
    }

    @Override
    public boolean tryRLock() {
        for (;;) {
            int c = readerCount;
            if (c < 0) {
                return false;
            }
            if (READER_COUNT.compareAndSet(this, c, c + 1)) {
                return true;
            }
        }
    }

    @Override
    public void rUnlock() {
        int c = readerCount;
        for (;;) {
            // Go's rUnlockSlow check, made before the decrement: no reader to release,
            // with no writer (0) or with a writer that holds the lock (-MAX_READERS).
            if (c == 0 || c == -MAX_READERS) {
                throw new Panic(PanicMessages.RUNLOCK_OF_UNLOCKED_RWMUTEX);
            }
            int witness = (int) READER_COUNT.compareAndExchange(this, c, c - 1);
            if (witness == c) {
                break;
            }
            c = witness;
        }
        if (c - 1 < 0) {
            rUnlockSlow();
        }
    }

    /** A writer is pending: the last reader it waits for lets it in. */
    private void rUnlockSlow() {
        if ((int) READER_WAIT.getAndAdd(this, -1) - 1 == 0) {
            writerSem.release(false);
        }
    }

    @Override
    public void lock() {
        w.lock(); // first, resolve competition with other writers
        // Announce the pending writer to readers.
        int r = (int) READER_COUNT.getAndAdd(this, -MAX_READERS);
        // Wait for the active readers.
        if (r != 0 && (int) READER_WAIT.getAndAdd(this, r) + r != 0) {
            writerSem.acquire(false, WaitReason.SYNC_RWMUTEX_LOCK);
        }
    }

    @Override
    public boolean tryLock() {
        if (!w.tryLock()) {
            return false;
        }
        if (!READER_COUNT.compareAndSet(this, 0, -MAX_READERS)) {
            w.unlock();
            return false;
        }
        return true;
    }

    @Override
    public void unlock() {
        // Announce to readers that there is no active writer. A count that is not
        // negative has no writer: panic before writing it (Go's check is r >= MAX_READERS
        // after the add).
        int c = readerCount;
        for (;;) {
            if (c >= 0) {
                throw new Panic(PanicMessages.UNLOCK_OF_UNLOCKED_RWMUTEX);
            }
            int witness = (int) READER_COUNT.compareAndExchange(this, c, c + MAX_READERS);
            if (witness == c) {
                break;
            }
            c = witness;
        }
        int r = c + MAX_READERS; // the readers that arrived while we held it
        // Unblock the readers that arrived while we held it.
        for (int i = 0; i < r; i++) {
            readerSem.release(false);
        }
        w.unlock(); // let other writers proceed
    }

    private static final VarHandle READER_COUNT;
    private static final VarHandle READER_WAIT;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            READER_COUNT = l.findVarHandle(RWMutexImpl.class, "readerCount", int.class);
            READER_WAIT = l.findVarHandle(RWMutexImpl.class, "readerWait", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
