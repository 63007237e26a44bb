package io.goroutines.impl.sched;

import io.goroutines.Go;
import io.goroutines.GoRuntime;
import io.goroutines.Panic;
import io.goroutines.sync.WaitGroup;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The goroutine exit path ({@code GoroutineLifecycle.goexit0}) survives an {@link Error} thrown at
 * any step, as an {@code OutOfMemoryError} in {@code new GoroutineEndEvent()} once did
 * (it skipped the panic report and the bookkeeping that ends {@code Go.main}, which then
 * waited forever). Failures are injected through {@link ExitFaults}; each {@code Go.main}
 * runs on a thread of its own and is awaited with a bound, so that the old behaviour
 * fails fast instead of hanging.
 */
@Timeout(60)
class GoexitFaultTest {

    @AfterEach
    void removeHook() {
        ExitFaults.hook = null;
    }

    private static void failAt(String step, AtomicInteger hits) {
        ExitFaults.hook = s -> {
            if (s.equals(step)) {
                hits.incrementAndGet();
                throw new OutOfMemoryError("injected at " + step);
            }
        };
    }

    /** Runs {@code body} as Go.main on another thread; returns what it threw, or null. */
    private static Throwable goMain(Runnable body) throws InterruptedException, ExecutionException {
        CompletableFuture<Throwable> f = new CompletableFuture<>();
        Thread.ofPlatform().daemon(true).start(() -> {
            try {
                Go.main(body);
                f.complete(null);
            } catch (Throwable t) {
                f.complete(t);
            }
        });
        try {
            return f.get(20, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            return fail("Go.main did not end in 20 s: the exit path was skipped");
        }
    }

    @Test
    void tracerFailureAtExitLosesNoGoroutineNorTheEndOfMain() throws Exception {
        AtomicInteger hits = new AtomicInteger();
        failAt(ExitFaults.TRACE, hits);
        int before = GoRuntime.numGoroutine();
        Throwable t = goMain(() -> {
            WaitGroup wg = new WaitGroup();
            for (int i = 0; i < 20; i++) {
                wg.add(1);
                Go.go(wg::done);
            }
            wg.await();
        });
        assertNull(t, "Go.main returned normally");
        // The workers call done() in their bodies, so main may end while the last of them
        // are still in goexit0: wait, bounded, for every exit to have passed the fault.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while ((hits.get() < 21 || GoRuntime.numGoroutine() != before) && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertTrue(hits.get() >= 21, "the fault hit every exit (20 workers and main): " + hits.get());
        assertEquals(before, GoRuntime.numGoroutine(), "every goroutine left allgs");
        ExitFaults.hook = null;
    }

    @Test
    void reportFailureStillEndsMainWithThePanic() throws Exception {
        AtomicInteger hits = new AtomicInteger();
        failAt(ExitFaults.REPORT, hits);
        Panic boom = new Panic("boom");
        Throwable t = goMain(() -> {
            Go.go(() -> {
                throw boom;
            });
            Go.select().run(); // block: the panic ends the program
        });
        assertSame(boom, t, "the unrecovered panic ended Go.main");
        assertEquals(1, hits.get());
    }

    @Test
    void bookkeepingFailureEndsMainInsteadOfHanging() throws Exception {
        AtomicInteger hits = new AtomicInteger();
        failAt(ExitFaults.PROGRAM, hits);
        Throwable t = goMain(() -> { });
        assertTrue(t instanceof OutOfMemoryError && t.getMessage().equals("injected at program"),
                "Go.main ended with the failure of its bookkeeping: " + t);
    }

    @Test
    void panicOfAGoroutineWinsOverAFailureInItsBookkeeping() throws Exception {
        AtomicInteger hits = new AtomicInteger();
        failAt(ExitFaults.PROGRAM, hits);
        Panic boom = new Panic("boom");
        Throwable t = goMain(() -> {
            throw boom;
        });
        assertSame(boom, t);
    }
}
