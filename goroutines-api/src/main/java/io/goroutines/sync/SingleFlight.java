package io.goroutines.sync;

import io.goroutines.Chan;
import io.goroutines.Go;
import io.goroutines.Panic;
import io.goroutines.RecvChan;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;

/**
 * Go's {@code golang.org/x/sync/singleflight.Group}: suppresses duplicate calls. While
 * a call for a key is in flight, other calls for the same key do not run their
 * function: they wait for the one in flight and get its result.
 * <pre>{@code
 * SingleFlight<String, byte[]> loads = new SingleFlight<>();
 * SingleFlight.Result<byte[]> r = loads.run(url, () -> fetch(url));
 * if (r.err() != null) { ... }
 * byte[] body = r.value();   // r.shared(): other callers got this same result
 * }</pre>
 *
 * <ul>
 *   <li>{@link #run} (Go's {@code Do}) and {@link #runChan} (Go's {@code DoChan}) for
 *       one key share one execution of {@code fn} while it is in flight. Once it has
 *       returned, the key is free again: the next call runs its {@code fn}.</li>
 *   <li>An {@link Exception} thrown by {@code fn} is the result's {@link Result#err()},
 *       as a returned error is in Go, for every caller; {@link Result#value()} is then
 *       {@code null}.</li>
 *   <li>A {@link Panic} or an {@link Error} thrown by {@code fn} is a panic, as in
 *       {@link ErrGroup}: {@code run} rethrows it, the same instance, in every caller
 *       that waited for that execution. A {@code runChan} caller cannot be thrown to;
 *       see {@link #runChan} for what it receives.</li>
 *   <li>{@link Result#shared()} is {@code true} when the result went to more than one
 *       caller.</li>
 *   <li>{@link #forget} makes the next call for a key run its function even while an
 *       earlier execution is still in flight; callers already waiting for that one
 *       still get its result.</li>
 * </ul>
 *
 * <p>Keys are compared with {@link Object#equals(Object)} and must not be {@code null}.
 * Any thread may use a {@code SingleFlight}. A caller of {@code run} waiting for another
 * caller's execution shows as {@code sync.WaitGroup.Wait} in dumps, as in Go; waiting is
 * not interruptible.
 *
 * @param <K> the type of keys
 * @param <V> the type of values {@code fn} returns
 */
public final class SingleFlight<K, V> {

    /*
     * Go's x/sync/singleflight, on this library's public API as Go's is on its own: a
     * Mutex guarding a map of calls in flight, a WaitGroup per call for the callers of
     * run, and per runChan caller a channel of capacity 1, so that sending a result
     * never waits for its receiver. A call's val, err and panic are written by the
     * goroutine running fn before the call's wg.done() and read by the others after
     * wg.await() (done happens before await returns), or sent on the channels after
     * they are written. dups and chans are guarded by mu until the call leaves the map
     * (under mu, with the wg.done()), and only read afterwards.
     */

    /**
     * Go's {@code singleflight.Result}: what {@link #run} returns and {@link #runChan}
     * sends.
     *
     * @param value  what {@code fn} returned, or {@code null} if it threw
     * @param err    the {@link Exception} {@code fn} threw, or {@code null} if it
     *               returned; for a {@code runChan} caller, also a panic of {@code fn}
     *               (see {@link #runChan})
     * @param shared whether this result was given to more than one caller
     * @param <V>    the type of the value
     */
    public record Result<V>(V value, Exception err, boolean shared) {
    }

    /** Go's {@code call}: one execution of fn and those waiting for it. */
    private static final class Call<V> {
        final WaitGroup wg = new WaitGroup();
        V val;
        Exception err;
        /** A Panic or Error thrown by fn. */
        Throwable panic;
        int dups;
        /** The channels of the runChan callers; null while there are none (Go's nil slice). */
        List<Chan<Result<V>>> chans;

        void addChan(Chan<Result<V>> ch) {
            if (chans == null) {
                chans = new ArrayList<>(2);
            }
            chans.add(ch);
        }
    }

    private final Mutex mu = new Mutex();
    private final Map<K, Call<V>> m = new HashMap<>();

    /** Go's zero {@code singleflight.Group}: no calls in flight. */
    public SingleFlight() {
    }

    /**
     * Go's {@code g.Do(key, fn)}: runs {@code fn} in the calling goroutine and returns
     * its result, unless an execution for {@code key} is already in flight: then waits
     * for it and returns its result, with {@link Result#shared()} {@code true}.
     *
     * @param key the key; equal keys share an execution
     * @param fn  the function; its {@code Exception} becomes the result's error
     * @return the result of the execution this call ran or waited for
     * @throws Panic                a {@code Panic} thrown by {@code fn}, in every caller
     *                              of that execution
     * @throws Error                an {@code Error} thrown by {@code fn}, likewise
     * @throws NullPointerException if {@code key} or {@code fn} is {@code null}
     */
    public Result<V> run(K key, Callable<V> fn) {
        requireArgs(key, fn);
        mu.lock();
        Call<V> c = m.get(key);
        if (c != null) {
            c.dups++;
            mu.unlock();
            c.wg.await();
            rethrowPanic(c);
            return new Result<>(c.val, c.err, true);
        }
        c = new Call<>();
        c.wg.add(1);
        m.put(key, c);
        mu.unlock();

        doCall(c, key, fn);
        rethrowPanic(c);
        return new Result<>(c.val, c.err, c.dups > 0);
    }

    /**
     * Go's {@code g.DoChan(key, fn)}: like {@link #run}, but returns at once with a
     * channel on which the result will be sent, once. When no execution for
     * {@code key} is in flight, {@code fn} runs in a new goroutine. Each caller gets its
     * own channel of capacity 1, so the result is delivered whether or when the caller
     * receives it, and a slow receiver delays nobody. The channel is never closed.
     *
     * <p>A panic of {@code fn} (a {@link Panic} or {@link Error}) cannot be thrown to a
     * caller that is not waiting in a call. Go's {@code DoChan} rethrows it in a new
     * goroutine that nobody can recover, which ends the Go program, so that no receiver
     * waits forever. Here every receiver gets a result instead, whose {@link Result#err()}
     * is the panic: the {@code Panic} itself, or for an {@code Error} a {@code Panic}
     * whose value and cause is that {@code Error}. When {@code fn} ran in the goroutine
     * {@code runChan} started, the panic then also ends that goroutine unrecovered, so
     * it is reported like any unrecovered panic (and ends the program's {@code Go.main},
     * as Go's would end the program). Callers of {@link #run} that joined the same
     * execution get it thrown as usual.
     *
     * @param key the key; equal keys share an execution
     * @param fn  the function
     * @return a channel that will receive the result once
     * @throws NullPointerException if {@code key} or {@code fn} is {@code null}
     */
    public RecvChan<Result<V>> runChan(K key, Callable<V> fn) {
        requireArgs(key, fn);
        Chan<Result<V>> ch = Chan.make(1);
        mu.lock();
        Call<V> c = m.get(key);
        if (c != null) {
            c.dups++;
            c.addChan(ch);
            mu.unlock();
            return ch;
        }
        Call<V> started = new Call<>();
        started.addChan(ch);
        started.wg.add(1);
        m.put(key, started);
        mu.unlock();

        Go.go(() -> {
            doCall(started, key, fn);
            rethrowPanic(started); // unrecovered in this goroutine: reported (see above)
        });
        return ch;
    }

    /**
     * Go's {@code g.Forget(key)}: forgets the execution in flight for {@code key}, if
     * any, so that the next call for the key runs its function rather than wait for it.
     * Those already waiting for the forgotten execution still get its result.
     *
     * @param key the key
     * @throws NullPointerException if {@code key} is {@code null}
     */
    public void forget(K key) {
        Objects.requireNonNull(key, "key must not be null");
        mu.lock();
        m.remove(key);
        mu.unlock();
    }

    /**
     * Go's {@code doCall}: runs {@code fn}, records its outcome, then, under the lock,
     * wakes the callers of {@code run}, frees the key (unless it was forgotten and taken
     * again) and sends the result to the callers of {@code runChan}.
     */
    private void doCall(Call<V> c, K key, Callable<V> fn) {
        try {
            c.val = fn.call();
        } catch (Panic | Error p) {
            c.panic = p;
        } catch (Exception e) {
            c.err = e;
        }
        mu.lock();
        try {
            c.wg.done();
            if (m.get(key) == c) {
                m.remove(key);
            }
            if (c.chans != null) {
                Result<V> r = c.panic == null
                        ? new Result<>(c.val, c.err, c.dups > 0)
                        : new Result<>(null, asPanic(c.panic), c.dups > 0);
                for (Chan<Result<V>> ch : c.chans) {
                    ch.send(r); // capacity 1 and one send per channel: never blocks
                }
            }
        } finally {
            mu.unlock();
        }
    }

    private static void rethrowPanic(Call<?> c) {
        Throwable p = c.panic;
        if (p instanceof Error error) {
            throw error;
        }
        if (p != null) {
            throw (Panic) p;
        }
    }

    private static Panic asPanic(Throwable p) {
        return p instanceof Panic panic ? panic : new Panic(p);
    }

    private static void requireArgs(Object key, Callable<?> fn) {
        Objects.requireNonNull(key, "key must not be null");
        Objects.requireNonNull(fn, "fn must not be null");
    }
}
