package io.goroutines.tests;

import io.goroutines.Chan;
import io.goroutines.Go;
import io.goroutines.GoRuntime;
import io.goroutines.Panic;
import io.goroutines.testkit.ChildJvm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * ADR 0016: every unrecovered panic is reported Go-style, through SLF4J when a provider
 * is bound and on stderr when none is; one that no {@code Go.main} receives then goes to
 * the thread's {@code UncaughtExceptionHandler} (the default), or, with
 * {@code -Dgoroutines.panic=exit}, exits the process with Go's status 2.
 *
 * <p>The handler cases run here: a handler's call proves the panic reached it, and a
 * {@link CountDownLatch} or {@code join} bounds every wait. The exit and the stderr
 * cases run {@link PanicProbe} in a child JVM ({@link ChildJvm}), without an SLF4J
 * provider where stderr is the point.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class UnrecoveredPanicTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    /** Runs {@code body} with {@code h} as the default handler, restoring the previous one after. */
    private static void withDefaultHandler(Thread.UncaughtExceptionHandler h, ThrowingRunnable body) throws Exception {
        Thread.UncaughtExceptionHandler saved = Thread.getDefaultUncaughtExceptionHandler();
        Thread.setDefaultUncaughtExceptionHandler(h);
        try {
            body.run();
        } finally {
            Thread.setDefaultUncaughtExceptionHandler(saved);
        }
    }

    private interface ThrowingRunnable {
        void run() throws Exception;
    }

    // ------------------------------------------------------------------ handler (the default)

    /** A factory thread's own handler gets the panic, on that thread; the default one does not. */
    @Test
    void aFactoryThreadsOwnHandlerGetsThePanic() throws Exception {
        AtomicReference<Thread> handlerThread = new AtomicReference<>();
        AtomicReference<Throwable> handled = new AtomicReference<>();
        AtomicReference<Throwable> byDefault = new AtomicReference<>();
        withDefaultHandler((t, e) -> byDefault.set(e), () -> {
            Thread t = GoRuntime.threadFactory().newThread(() -> {
                throw new IllegalStateException("factory goroutine failed");
            });
            t.setUncaughtExceptionHandler((th, e) -> {
                handlerThread.set(th);
                handled.set(e);
            });
            t.start();
            assertTrue(t.join(WAIT), "the goroutine did not end");
            assertSame(t, handlerThread.get(), "called on the goroutine's own thread, with it");
        });
        assertEquals("factory goroutine failed", handled.get().getMessage());
        assertNull(byDefault.get(), "the thread's own handler comes first, as in Java");
    }

    /** A {@code Go.go} goroutine started from a plain thread: the default handler gets its panic. */
    @Test
    void theDefaultHandlerGetsThePanicOfAGoroutineOfNoProgram() throws Exception {
        AtomicReference<Throwable> handled = new AtomicReference<>();
        CountDownLatch called = new CountDownLatch(1);
        withDefaultHandler((t, e) -> {
            if (e instanceof Panic p && "no program".equals(p.value())) {
                handled.set(e);
                called.countDown();
            }
        }, () -> {
            Go.go(() -> {
                throw new Panic("no program");
            });
            assertTrue(called.await(WAIT.toMillis(), TimeUnit.MILLISECONDS), "the default handler was not called");
        });
        assertEquals("no program", ((Panic) handled.get()).value());
    }

    /** Inside {@code Go.main} the panic is the program's: {@code Go.main} rethrows it and no handler sees it. */
    @Test
    void aPanicThatGoMainReceivesGoesToNoHandler() throws Exception {
        AtomicReference<Throwable> byDefault = new AtomicReference<>();
        withDefaultHandler((t, e) -> byDefault.set(e), () -> {
            Panic p = assertThrows(Panic.class, () -> Go.main(() -> {
                Go.go(() -> {
                    throw new Panic("in the program");
                });
                Chan.make().recv(); // ends by the panic
            }));
            assertEquals("in the program", p.value());
        });
        assertNull(byDefault.get());
    }

    /**
     * A goroutine whose {@code Go.main} already returned panics: no {@code Go.main} can
     * rethrow it any more, so it goes to the handler rather than nowhere.
     */
    @Test
    void aPanicAfterItsGoMainReturnedGoesToTheHandler() throws Exception {
        Chan<Void> release = Chan.make();
        AtomicReference<Thread> late = new AtomicReference<>();
        AtomicReference<Throwable> handled = new AtomicReference<>();
        Go.main(() -> {
            Thread t = GoRuntime.threadFactory().newThread(() -> {
                release.recv();
                throw new Panic("after main returned");
            });
            t.setUncaughtExceptionHandler((th, e) -> handled.set(e));
            t.start();
            late.set(t);
        });
        release.close();
        assertTrue(late.get().join(WAIT), "the goroutine did not end");
        assertEquals("after main returned", ((Panic) handled.get()).value());
    }

    /** What a handler throws is ignored, as the JVM ignores it: the goroutine still ends. */
    @Test
    void aHandlerThatThrowsIsIgnored() throws Exception {
        Thread t = GoRuntime.threadFactory().newThread(() -> {
            throw new Panic("first");
        });
        t.setUncaughtExceptionHandler((th, e) -> {
            throw new IllegalStateException("the handler failed");
        });
        t.start();
        assertTrue(t.join(WAIT), "the goroutine did not end");
        assertFalse(t.isAlive());
    }

    // ------------------------------------------------------------------ child JVMs

    /** The report's shape on stderr: Go's {@code panic: value}, a blank line, then the goroutine's trace. */
    private static void assertGoStyleReport(List<String> err, String value, ChildJvm.Result r) {
        assertTrue(err.size() >= 4, r::toString);
        assertEquals("panic: " + value, err.get(0), r::toString);
        assertEquals("", err.get(1), r::toString);
        assertTrue(err.get(2).matches("goroutine \\d+ \\[running]:"), r::toString);
        assertTrue(String.join("\n", err).contains("io.goroutines.tests.PanicProbe.panic"), r::toString);
        assertFalse(r.err().contains("Exception in thread"), "no Java report besides Go's:\n" + r);
    }

    /** No provider, default mode: the report is on stderr, then the default handler runs and the program goes on. */
    @Test
    void withoutAProviderThePanicIsPrintedGoStyleOnStderrThenHandled() throws Exception {
        ChildJvm.Result r = ChildJvm.withoutProvider().run(ChildJvm.OPENS, PanicProbe.class, "go");
        assertEquals(0, r.status(), r::toString);
        assertEquals(List.of("default handler: " + PanicProbe.OUTSIDE, "after the panic"), r.out().lines().toList(),
                r::toString);
        assertGoStyleReport(r.errWithoutSlf4jNotice(), PanicProbe.OUTSIDE, r);
    }

    /** Runs {@link PanicProbe} with {@code -Dgoroutines.panic=exit} and no SLF4J provider. */
    private static ChildJvm.Result exitMode(String probeArg) throws Exception {
        return ChildJvm.withoutProvider().run(ChildJvm.opensAnd("-Dgoroutines.panic=exit"), PanicProbe.class, probeArg);
    }

    /** {@code -Dgoroutines.panic=exit}: Go's behaviour, the report then exit status 2; no handler, nothing after. */
    @Test
    void exitModePrintsAndExitsWithStatusTwo() throws Exception {
        ChildJvm.Result r = exitMode("go");
        assertEquals(2, r.status(), r::toString);
        assertEquals("", r.out(), "neither the handler nor the program ran after the panic:\n" + r);
        assertGoStyleReport(r.errWithoutSlf4jNotice(), PanicProbe.OUTSIDE, r);
    }

    /** In exit mode a panic that a {@code Go.main} receives still ends only that {@code Go.main}, which rethrows it. */
    @Test
    void exitModeLeavesAPanicInGoMainToGoMain() throws Exception {
        ChildJvm.Result r = exitMode("main");
        assertEquals(0, r.status(), r::toString);
        assertEquals(List.of("Go.main threw: " + PanicProbe.INSIDE), r.out().lines().toList(), r::toString);
        assertGoStyleReport(r.errWithoutSlf4jNotice(), PanicProbe.INSIDE, r);
    }

    /** With a provider the report is an ERROR of the log (stdout here), and nothing of it is on stderr. */
    @Test
    void withAProviderTheReportGoesThroughSlf4jOnly() throws Exception {
        ChildJvm.Result r = ChildJvm.withProviderLoggingToStdout().run(ChildJvm.OPENS, PanicProbe.class, "go");
        assertEquals(0, r.status(), r::toString);
        assertEquals("", r.err(), r::toString);
        List<String> out = r.out().lines().toList();
        assertTrue(out.contains(ChildJvm.LOG_LINE + "ERROR io.goroutines - panic: " + PanicProbe.OUTSIDE), r::toString);
        int handler = out.indexOf("default handler: " + PanicProbe.OUTSIDE);
        assertTrue(handler >= 0 && handler < out.indexOf("after the panic"), r::toString);
    }
}
