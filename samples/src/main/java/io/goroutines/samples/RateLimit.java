package io.goroutines.samples;

import io.goroutines.Chan;
import io.goroutines.Go;
import io.goroutines.RecvChan;
import io.goroutines.time.Ticker;
import io.goroutines.time.Time;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;

/**
 * A port of Go by Example's "Rate Limiting" (gobyexample.com/rate-limiting), with the
 * 200 ms of the original made an argument (20 ms by default):
 *
 * <pre>
 * limiter := time.Tick(200 * time.Millisecond)
 * for req := range requests {
 *     &lt;-limiter
 *     fmt.Println("request", req, time.Now())
 * }
 * burstyLimiter := make(chan time.Time, 3)
 * for i := 0; i &lt; 3; i++ { burstyLimiter &lt;- time.Now() }
 * go func() {
 *     for t := range time.Tick(200 * time.Millisecond) { burstyLimiter &lt;- t }
 * }()
 * for req := range burstyRequests {
 *     &lt;-burstyLimiter
 *     fmt.Println("request", req, time.Now())
 * }
 * </pre>
 *
 * Times print relative to the start of each phase. One difference: the refill
 * goroutine uses a {@code Ticker} and a {@code done} channel so that it stops when
 * the program is done (the original leaks it, which does not matter in Go, where main
 * returning ends the process).
 */
final class RateLimit {

    private RateLimit() {
    }

    static int run(String[] args, PrintStream out) {
        Args a = Args.parse("ratelimit", args, Set.of("interval", "requests"), 0);
        int intervalMs = a.intFlag("interval", 20, 1, 10_000);
        int n = a.intFlag("requests", 5, 1, 1_000);
        Duration interval = Duration.ofMillis(intervalMs);
        Go.main(() -> {
            // Phase 1: one request per tick.
            Chan<Integer> requests = Chan.make(n);
            for (int i = 1; i <= n; i++) {
                requests.send(i);
            }
            requests.close();
            out.println("limiter: one request every " + intervalMs + " ms");
            long start = System.nanoTime();
            RecvChan<Instant> limiter = Time.tick(interval);
            for (int req : requests) {
                limiter.recv();
                out.println("request " + req + " at +" + sinceMs(start) + " ms");
            }

            // Phase 2: bursts of up to 3 requests, refilled one per tick.
            Chan<Instant> burstyLimiter = Chan.make(3);
            for (int i = 0; i < 3; i++) {
                burstyLimiter.send(Instant.now());
            }
            Chan<Void> done = Chan.make();
            long start2 = System.nanoTime();
            Go.go("refill", () -> {
                Ticker t = Time.newTicker(interval);
                Go.defer(t::stop);
                for (;;) {                      // for t := range ticker.C { burstyLimiter <- t }, until done
                    Instant[] tick = new Instant[1];
                    if (Go.select().recv(t.c(), v -> tick[0] = v).recv(done, null).run() == 1) {
                        return;
                    }
                    if (Go.select().send(burstyLimiter, tick[0], null).recv(done, null).run() == 1) {
                        return;
                    }
                }
            });
            Chan<Integer> burstyRequests = Chan.make(n);
            for (int i = 1; i <= n; i++) {
                burstyRequests.send(i);
            }
            burstyRequests.close();
            out.println("bursty limiter: bursts of 3, then one request every " + intervalMs + " ms");
            for (int req : burstyRequests) {
                burstyLimiter.recv();
                out.println("request " + req + " at +" + sinceMs(start2) + " ms");
            }
            done.close();
        });
        return 0;
    }

    private static String sinceMs(long start) {
        return String.format(java.util.Locale.ROOT, "%.1f", (System.nanoTime() - start) / 1e6);
    }
}
