package io.goroutines.impl.sync;

import io.goroutines.spi.SyncSpi;

/**
 * Go's {@code sync.Once} (sync/once.go): a done flag read without the lock on the fast
 * path, and a {@link MutexImpl} that makes concurrent callers wait until the first
 * call of {@code f} has returned (or panicked: that counts as done, and the panic goes
 * to that caller). The flag is volatile and set after {@code f} returns, so a caller
 * that sees it also sees everything {@code f} did (Go's memory model rule for Once).
 */
final class OnceImpl implements SyncSpi.OnceOps {

    private volatile boolean done;
    private final MutexImpl m = new MutexImpl();

    @Override
    public void run(Runnable f) {
        if (!done) {
            doSlow(f);
        }
    }

    private void doSlow(Runnable f) {
        m.lock();
        try {
            if (!done) {
                try {
                    f.run();
                } finally {
                    done = true;
                }
            }
        } finally {
            m.unlock();
        }
    }
}
