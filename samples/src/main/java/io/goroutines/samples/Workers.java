package io.goroutines.samples;

import io.goroutines.Go;
import io.goroutines.context.CancelContext;
import io.goroutines.context.Context;
import io.goroutines.sync.ErrGroup;
import io.goroutines.time.Time;

import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A worker pool in the style of Go's golang.org/x/sync/errgroup examples
 * (errgroup's "Pipeline" and "JustErrors" examples, with {@code SetLimit}):
 *
 * <pre>
 * ctx, cancel := context.WithTimeout(context.Background(), timeout)
 * defer cancel()
 * g, ctx := errgroup.WithContext(ctx)
 * g.SetLimit(limit)
 * for _, job := range jobs {
 *     g.Go(func() error { return process(ctx, job) })  // blocks while limit jobs run
 * }
 * if err := g.Wait(); err != nil { fmt.Println("error:", err) }
 * </pre>
 *
 * Each job "works" for a few milliseconds in a {@code select} on its timer and
 * {@code ctx.Done()}. Job {@code --fail} returns an error: the group keeps it as its
 * error and cancels its context, so the jobs still running or not yet started give up
 * with {@code context canceled}. With no failing job and a short {@code --timeout},
 * the jobs give up with {@code context deadline exceeded} instead.
 */
final class Workers {

    private Workers() {
    }

    /** process(ctx, job): 5 ms of work (more for later jobs), unless ctx is done first. */
    static void process(Context ctx, int job, int failing) throws Exception {
        if (ctx.err() != null) {
            throw ctx.err();            // canceled before it started
        }
        if (job == failing) {
            throw new IOException("job " + job + ": disk on fire");
        }
        Duration work = Duration.ofMillis(5 + 2L * job);
        int chosen = Go.select()
                .recv(Time.after(work), null)
                .recv(ctx.done(), null)
                .run();
        if (chosen == 1) {
            throw ctx.err();
        }
    }

    static int run(String[] args, PrintStream out) {
        Args a = Args.parse("workers", args, Set.of("jobs", "limit", "fail", "timeout"), 0);
        int jobs = a.intFlag("jobs", 10, 1, 100_000);
        int limit = a.intFlag("limit", 3, 1, 10_000);
        int fail = a.intFlag("fail", 7, 0, jobs);
        int timeoutMs = a.intFlag("timeout", 2000, 1, 600_000);
        AtomicInteger done = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        AtomicInteger canceled = new AtomicInteger();
        Exception[] groupErr = new Exception[1];
        java.util.concurrent.atomic.AtomicReference<String> gaveUpWith = new java.util.concurrent.atomic.AtomicReference<>();
        Go.main(() -> {
            try (CancelContext timeout = Context.withTimeout(Context.background(), Duration.ofMillis(timeoutMs))) {
                ErrGroup g = ErrGroup.withContext(timeout);
                g.setLimit(limit);
                Context ctx = g.context();
                for (int j = 1; j <= jobs; j++) {
                    int job = j;
                    g.go(() -> {
                        try {
                            process(ctx, job, fail);
                            done.incrementAndGet();
                        } catch (Exception e) {
                            if (ctx.err() != null && e == ctx.err()) {
                                canceled.incrementAndGet();
                                gaveUpWith.compareAndSet(null, e.getMessage());
                            } else {
                                failed.incrementAndGet();
                            }
                            throw e;
                        }
                        return null;
                    });
                }
                groupErr[0] = g.await();
            }
        });
        out.printf("jobs: %d, limit: %d, timeout: %d ms%n", jobs, limit, timeoutMs);
        out.printf("completed: %d, failed: %d, gave up: %d%s%n", done.get(), failed.get(), canceled.get(),
                gaveUpWith.get() == null ? "" : " (" + gaveUpWith.get() + ")");
        out.println("group error: " + (groupErr[0] == null ? "none" : groupErr[0].getMessage()));
        return groupErr[0] == null ? 0 : 1;
    }
}
