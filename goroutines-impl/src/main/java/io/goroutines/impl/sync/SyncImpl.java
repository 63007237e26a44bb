package io.goroutines.impl.sync;

import io.goroutines.spi.SyncSpi;

/** The runtime side of package {@code sync}: Go's sync types on runtime semaphores. */
public final class SyncImpl implements SyncSpi {

    private static final SyncImpl INSTANCE = new SyncImpl();

    private SyncImpl() {
    }

    /** {@return the runtime's sync package} */
    public static SyncImpl get() {
        return INSTANCE;
    }

    @Override
    public MutexOps newMutex() {
        return new MutexImpl();
    }

    @Override
    public RWLocker newRWMutex() {
        return new RWMutexImpl();
    }

    @Override
    public WaitGroupOps newWaitGroup() {
        return new WaitGroupImpl();
    }

    @Override
    public OnceOps newOnce() {
        return new OnceImpl();
    }

    @Override
    public NotifyList newNotifyList() {
        return new NotifyListImpl();
    }

    @Override
    public WeightedOps newWeighted(long size) {
        return new WeightedImpl(size);
    }
}
