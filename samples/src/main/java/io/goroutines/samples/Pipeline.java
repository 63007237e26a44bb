package io.goroutines.samples;

import io.goroutines.Chan;
import io.goroutines.Go;
import io.goroutines.GoRuntime;
import io.goroutines.RecvChan;
import io.goroutines.context.CancelContext;
import io.goroutines.context.Context;
import io.goroutines.sync.WaitGroup;
import io.goroutines.time.Time;

import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * A port of the Go blog's "Go Concurrency Patterns: Pipelines and cancellation"
 * (go.dev/blog/pipelines, sqdone3.go), with the {@code done} channel replaced by a
 * {@code context.Context} as Go code does today:
 *
 * <pre>
 * func main() {
 *     ctx, cancel := context.WithCancel(context.Background())
 *     defer cancel()
 *     in := gen(ctx, 1, 2, ..., n)
 *     c1 := sq(ctx, in)          // fan out: two workers read from in
 *     c2 := sq(ctx, in)
 *     out := merge(ctx, c1, c2)  // fan in
 *     fmt.Println(&lt;-out, &lt;-out, &lt;-out)  // take a few, then return: cancel() stops every stage
 * }
 * </pre>
 *
 * Every stage closes its outbound channel when done, and every send selects on
 * {@code ctx.Done()} as well, so once the consumer cancels, all stages return: the
 * program checks that {@link GoRuntime#numGoroutine()} is back to its value before
 * the pipeline started (waiting at most 5 s).
 */
final class Pipeline {

    private Pipeline() {
    }

    /** Emits the numbers on a channel that closes when they are all sent or ctx is canceled. */
    static RecvChan<Integer> gen(Context ctx, List<Integer> nums) {
        Chan<Integer> out = Chan.make();
        Go.go("gen", () -> {
            Go.defer(out::close);
            for (int n : nums) {
                if (!sendOrDone(ctx, out, n)) {
                    return;
                }
            }
        });
        return out;
    }

    /** Squares the values received from in until in is closed or ctx is canceled. */
    static RecvChan<Integer> sq(Context ctx, RecvChan<Integer> in, String name) {
        Chan<Integer> out = Chan.make();
        Go.go(name, () -> {
            Go.defer(out::close);
            for (int n : in) {
                if (!sendOrDone(ctx, out, n * n)) {
                    return;
                }
            }
        });
        return out;
    }

    /** Fans in: copies every input to one channel, closed (by a WaitGroup's waiter) after all inputs are. */
    @SafeVarargs
    static RecvChan<Integer> merge(Context ctx, RecvChan<Integer>... cs) {
        WaitGroup wg = new WaitGroup();
        Chan<Integer> out = Chan.make();
        wg.add(cs.length);
        for (RecvChan<Integer> c : cs) {
            Go.go("merge output", () -> {       // output(c)
                Go.defer(wg::done);
                for (int n : c) {
                    if (!sendOrDone(ctx, out, n)) {
                        return;
                    }
                }
            });
        }
        Go.go("merge closer", () -> {
            wg.await();
            out.close();
        });
        return out;
    }

    /** select { case out &lt;- v: return true; case &lt;-ctx.Done(): return false } */
    private static boolean sendOrDone(Context ctx, Chan<Integer> out, int v) {
        return Go.select()
                .send(out, v, null)
                .recv(ctx.done(), null)
                .run() == 0;
    }

    static int run(String[] args, PrintStream out) {
        Args a = Args.parse("pipeline", args, Set.of(), 2);
        int count = a.positionalInt(0, "COUNT", 100, 1, 1_000_000);
        int take = a.positionalInt(1, "TAKE", 3, 0, 1_000_000);
        if (take > count) {
            throw new IllegalArgumentException("TAKE (" + take + ") must not exceed COUNT (" + count + ")");
        }
        boolean[] allExited = new boolean[1];
        Go.main(() -> {
            int before = GoRuntime.numGoroutine();
            int during;
            long sum = 0;
            int got = 0;
            try (CancelContext ctx = Context.withCancel(Context.background())) {
                List<Integer> nums = java.util.stream.IntStream.rangeClosed(1, count).boxed().toList();
                RecvChan<Integer> in = gen(ctx, nums);
                RecvChan<Integer> c1 = sq(ctx, in, "sq 1");
                RecvChan<Integer> c2 = sq(ctx, in, "sq 2");
                RecvChan<Integer> merged = merge(ctx, c1, c2);
                during = GoRuntime.numGoroutine() - before;
                StringBuilder line = new StringBuilder();
                for (int i = 0; i < take; i++) {
                    Integer v = merged.recv();
                    if (v == null) {
                        break;                  // closed: the pipeline ran dry
                    }
                    line.append(i == 0 ? "" : " ").append(v);
                    sum += v;
                    got++;
                }
                out.println("took " + got + " of " + count + " squares: " + line);
            } // defer cancel(): every stage sees ctx.Done() and returns
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            int after = GoRuntime.numGoroutine() - before;
            while (after > 0 && System.nanoTime() < deadline) {
                Time.sleep(Duration.ofMillis(1));
                after = GoRuntime.numGoroutine() - before;
            }
            allExited[0] = after <= 0;
            out.println("sum of the squares taken: " + sum);
            out.println("stage goroutines: " + during + " while running, " + Math.max(after, 0)
                    + " left after cancel" + (after <= 0 ? " (all stages exited)" : " (some stages did not exit!)"));
        });
        return allExited[0] ? 0 : 1;
    }
}
