package io.goroutines.benchmarks.chan;

import com.softwaremill.jox.Channel;
import io.goroutines.Chan;

import java.util.concurrent.BlockingQueue;

/**
 * A channel of the implementation under test, reduced to the two operations the
 * benchmarks without select use: Go's {@code ch <- v} and {@code <-ch}. The select
 * benchmarks use each implementation's own API directly.
 *
 * <p>Each JMH fork runs one implementation, so every call site sees one receiver
 * class and the JIT inlines the wrapper away; the same wrapper shape is used for all
 * three so that none pays for an indirection the others do not.
 *
 * <p>Values must not be {@code null}: Jox and the JDK's queues reject it (Go's zero
 * value has no equivalent there). The benchmarks send boxed constants, which do not
 * allocate.
 *
 * @param <T> the element type
 */
interface BenchChan<T> {

    /** {@code ch <- value}: blocks while the channel is full (unbuffered: until a receiver takes it). */
    void send(T value);

    /** {@code <-ch}: blocks until a value is there. */
    T recv();

    /** impl=goroutines: our {@link Chan}. */
    record Ours<T>(Chan<T> ch) implements BenchChan<T> {
        @Override
        public void send(T value) {
            ch.send(value);
        }

        @Override
        public T recv() {
            return ch.recv();
        }
    }

    /** impl=jox: a Jox rendezvous or buffered {@link Channel}. */
    record Jox<T>(Channel<T> ch) implements BenchChan<T> {
        @Override
        public void send(T value) {
            try {
                ch.send(value);
            } catch (InterruptedException e) {
                throw interrupted(e);
            }
        }

        @Override
        public T recv() {
            try {
                return ch.receive();
            } catch (InterruptedException e) {
                throw interrupted(e);
            }
        }
    }

    /**
     * impl=jdk: a {@link java.util.concurrent.SynchronousQueue} (unbuffered, the JDK's
     * default non-fair mode) or an {@link java.util.concurrent.ArrayBlockingQueue}
     * (buffered: one lock and two conditions, the closest JDK analogue of Go's hchan).
     */
    record Queue<T>(BlockingQueue<T> q) implements BenchChan<T> {
        @Override
        public void send(T value) {
            try {
                q.put(value);
            } catch (InterruptedException e) {
                throw interrupted(e);
            }
        }

        @Override
        public T recv() {
            try {
                return q.take();
            } catch (InterruptedException e) {
                throw interrupted(e);
            }
        }
    }

    /** Nobody interrupts the benchmarks' threads: if it happens, the iteration fails. */
    static IllegalStateException interrupted(InterruptedException e) {
        Thread.currentThread().interrupt();
        return new IllegalStateException("benchmark thread interrupted", e);
    }
}
