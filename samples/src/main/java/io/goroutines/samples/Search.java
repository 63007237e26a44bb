package io.goroutines.samples;

import io.goroutines.Chan;
import io.goroutines.Go;
import io.goroutines.SendChan;
import io.goroutines.context.CancelContext;
import io.goroutines.context.Context;
import io.goroutines.time.Time;
import io.goroutines.time.Timer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Rob Pike's "Google Search 2.1" from <a href="https://go.dev/talks/2012/concurrency.slide">Go
 * Concurrency Patterns</a> (2012): a query fans out to fake backends, each in its own
 * goroutine, and the caller takes the results that arrive before a deadline. As the talk
 * says, "no locks, no condition variables, no callbacks". The talk's
 * {@code time.After(80 * time.Millisecond)} is a {@link Context#withTimeout} here, as a Go
 * server would write it today, so that the deadline also reaches the backends: when it
 * passes, or when the search ends, the context is canceled and a backend still working
 * stops at once instead of running on for nobody.
 *
 * <pre>{@code
 * c := make(chan Result, 2)
 * go func() { c <- Web(ctx, query) }()
 * go func() { c <- Image(ctx, query) }()
 * for i := 0; i < 2; i++ {
 *     select {
 *     case r := <-c:     results = append(results, r)
 *     case <-ctx.Done(): return results, ctx.Err()
 *     }
 * }
 * }</pre>
 *
 * The channel has room for every backend's result, so a backend that answers after the
 * deadline never blocks: no goroutine leaks (the talk's unbuffered channel leaks one per
 * late backend).
 */
final class Search {

    private Search() {
    }

    /** The talk's fake backends, as in its "Google Search 1.0" slide (Video left out). */
    static final List<String> BACKENDS = List.of("Web", "Image");
    /** The talk's timeout. */
    static final Duration DEFAULT_TIMEOUT = Duration.ofMillis(80);
    /** The talk's {@code fakeSearch} sleeps {@code rand.Intn(100)} milliseconds. */
    static final int MAX_FAKE_LATENCY_MS = 100;

    /** What a search found: the results in arrival order, and {@code ctx.err()} when the deadline cut it short. */
    record Outcome(List<String> results, Exception err) {
    }

    /**
     * Searches every backend for {@code query} and waits for all of them, or until
     * {@code timeout} (or the end of {@code parent}). Each backend answers after
     * {@code latency} when it is not null, else after a random 0 to 99 ms, as the talk's
     * {@code fakeSearch}.
     */
    static Outcome google(Context parent, String query, Duration timeout, Duration latency) {
        try (CancelContext ctx = Context.withTimeout(parent, timeout)) { // defer cancel()
            Chan<String> c = Chan.make(BACKENDS.size());
            for (String kind : BACKENDS) {
                Duration d = latency != null ? latency
                        : Duration.ofMillis(ThreadLocalRandom.current().nextInt(MAX_FAKE_LATENCY_MS));
                Go.go(() -> fakeSearch(ctx, kind, query, d, c));
            }
            List<String> results = new ArrayList<>();
            while (results.size() < BACKENDS.size()) {
                int chosen = Go.select()
                        .recv(c, results::add)
                        .recv(ctx.done(), null)
                        .run();
                if (chosen == 1) {
                    return new Outcome(results, ctx.err());
                }
            }
            return new Outcome(results, null);
        }
    }

    /** A backend: its result after {@code latency}, or nothing once {@code ctx} is done. */
    private static void fakeSearch(Context ctx, String kind, String query, Duration latency, SendChan<String> out) {
        Timer work = Time.newTimer(latency);
        int chosen = Go.select()
                .recv(work.c(), null)
                .recv(ctx.done(), null)
                .run();
        work.stop();
        if (chosen == 0) {
            out.send(kind + " result for \"" + query + "\""); // buffered: never blocks
        }
    }
}
