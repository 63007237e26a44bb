package io.goroutines.tests;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import io.goroutines.Chan;
import io.goroutines.Go;
import io.goroutines.GoRuntime;
import io.goroutines.Panic;
import io.goroutines.impl.sched.G;
import io.goroutines.impl.sched.GStatus;
import io.goroutines.impl.sched.PanicReport;
import io.goroutines.impl.sched.Sched;
import io.goroutines.impl.sched.WaitReason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Go-format goroutine dumps ({@code GoRuntime.stack}, Go's {@code runtime.Stack}) and the
 * report of an unrecovered panic (Go's {@code printpanics} plus traceback).
 *
 * <p>This class lives outside {@code io.goroutines.impl} on purpose: the runtime's frames
 * ({@code io.goroutines.impl.*}, the API packages, JDK internals) are elided at both ends
 * of a stack, so only frames of a class like this one show.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class StackDumpTest {

    private static final String THIS_CLASS = StackDumpTest.class.getName();

    private static void await(CountDownLatch latch) throws InterruptedException {
        assertTrue(latch.await(10, TimeUnit.SECONDS), "timed out waiting for a goroutine");
    }

    /** The header line and frames of goroutine {@code goid} in {@code dump}, or null. */
    private static String section(String dump, long goid) {
        String header = "goroutine " + goid + " [";
        int from = dump.startsWith(header) ? 0 : dump.indexOf("\n" + header);
        if (from < 0) {
            return null;
        }
        if (from > 0) {
            from++;
        }
        int to = dump.indexOf("\n\n", from);
        return to < 0 ? dump.substring(from) : dump.substring(from, to + 1);
    }

    private static List<String> lines(String s) {
        return List.of(s.split("\n"));
    }

    /** The frame lines (function lines, not the indented file lines) of a section. */
    private static List<String> functionLines(String section) {
        List<String> out = new ArrayList<>();
        for (String line : lines(section)) {
            if (!line.startsWith("goroutine ") && !line.startsWith("\t") && !line.startsWith("created in ")
                    && !line.isEmpty()) {
                out.add(line);
            }
        }
        return out;
    }

    private static int count(String s, String sub) {
        int n = 0;
        for (int i = s.indexOf(sub); i >= 0; i = s.indexOf(sub, i + 1)) {
            n++;
        }
        return n;
    }

    private static void assertNoRuntimeFrameAtTheEnds(String section) {
        List<String> fns = functionLines(section);
        assertFalse(fns.isEmpty(), "no frames in:\n" + section);
        for (String end : List.of(fns.get(0), fns.get(fns.size() - 1))) {
            assertFalse(end.startsWith("io.goroutines.impl.") || end.startsWith("java.lang.VirtualThread")
                            || end.startsWith("jdk.internal.") || end.startsWith("java.lang.Thread.")
                            || end.startsWith("io.goroutines.GoRuntime") || end.startsWith("io.goroutines.Go."),
                    "a runtime frame was not elided at an end of:\n" + section);
        }
    }

    /** Waits, bounded, until {@code gp} is parked with the runtime and its thread is off its carrier. */
    private static void awaitParked(G gp) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (gp.status() != GStatus.WAITING || gp.thread().getState() != Thread.State.WAITING) {
            if (System.nanoTime() > deadline) {
                fail("goroutine " + gp.goid() + " did not park: " + gp.status() + " " + gp.thread().getState());
            }
            Thread.onSpinWait();
            Thread.yield();
        }
    }

    // ------------------------------------------------------------------ stack(false)

    @Test
    void stackOfTheCallingGoroutineStartsWithItsRunningHeader() throws Exception {
        AtomicReference<String> dump = new AtomicReference<>();
        AtomicReference<Long> goid = new AtomicReference<>();
        CountDownLatch done = new CountDownLatch(1);
        Go.go(() -> {
            Go.defer(done::countDown);
            goid.set(Sched.get().currentG().goid());
            dump.set(GoRuntime.stack(false));
        });
        await(done);
        String s = dump.get();
        assertNotNull(s);
        assertTrue(s.startsWith("goroutine " + goid.get() + " [running]:\n"), s);
        assertEquals(1, count(s, "goroutine "), "stack(false) dumps only the caller:\n" + s);
        List<String> fns = functionLines(s);
        assertFalse(fns.isEmpty(), s);
        assertTrue(fns.get(0).startsWith(THIS_CLASS + "."),
                "the first frame must be the caller of GoRuntime.stack (runtime frames elided):\n" + s);
        assertTrue(s.contains("\tStackDumpTest.java:"), "frames carry file:line:\n" + s);
        assertNoRuntimeFrameAtTheEnds(s);
        assertFalse(s.contains("created in goroutine"), "started by a plain thread, not a goroutine:\n" + s);
    }

    @Test
    void goroutineStartedByAGoroutineSaysWhichCreatedIt() throws Exception {
        AtomicReference<String> dump = new AtomicReference<>();
        AtomicReference<Long> parent = new AtomicReference<>();
        CountDownLatch done = new CountDownLatch(1);
        Go.go(() -> {
            parent.set(Sched.get().currentG().goid());
            Go.go(() -> {
                Go.defer(done::countDown);
                dump.set(GoRuntime.stack(false));
            });
        });
        await(done);
        assertTrue(dump.get().endsWith("created in goroutine " + parent.get() + "\n"), dump.get());
    }

    // ------------------------------------------------------------------ stack(true)

    @Test
    void stackAllListsTheOtherGoroutines() throws Exception {
        int n = 3;
        CountDownLatch started = new CountDownLatch(n);
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch ended = new CountDownLatch(n + 1);
        List<Long> ids = java.util.Collections.synchronizedList(new ArrayList<>());
        for (int i = 0; i < n; i++) {
            Go.go(() -> {
                Go.defer(ended::countDown);
                ids.add(Sched.get().currentG().goid());
                started.countDown();
                try {
                    release.await(20, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
        }
        AtomicReference<String> dump = new AtomicReference<>();
        AtomicReference<Long> self = new AtomicReference<>();
        CountDownLatch dumped = new CountDownLatch(1);
        try {
            await(started);
            Go.go(() -> {
                Go.defer(ended::countDown);
                self.set(Sched.get().currentG().goid());
                dump.set(GoRuntime.stack(true));
                dumped.countDown();
            });
            await(dumped); // the others stay parked until the dump is taken
            // also from a plain thread
            String fromTest = GoRuntime.stack(true);
            for (long id : ids) {
                assertNotNull(section(fromTest, id), "goroutine " + id + " missing from a dump taken by a thread:\n" + fromTest);
            }
        } finally {
            release.countDown();
        }
        await(ended);
        String s = dump.get();
        assertTrue(s.startsWith("goroutine " + self.get() + " [running]:\n"), "the caller comes first:\n" + s);
        assertEquals(1, count(s, "goroutine " + self.get() + " ["), "the caller is listed once:\n" + s);
        for (long id : ids) {
            assertEquals(1, count(s, "\ngoroutine " + id + " ["), "goroutine " + id + " listed once:\n" + s);
            String sec = section(s, id);
            assertTrue(sec.contains(THIS_CLASS), "goroutine " + id + " shows its frames in this class:\n" + sec);
        }
    }

    /** A goroutine parked by the runtime with a wait reason shows it in Go's words. */
    @Test
    void parkedGoroutineShowsItsWaitReason() throws Exception {
        AtomicReference<G> parked = new AtomicReference<>();
        CountDownLatch ready = new CountDownLatch(1);
        CountDownLatch ended = new CountDownLatch(1);
        java.util.concurrent.atomic.AtomicBoolean released = new java.util.concurrent.atomic.AtomicBoolean();
        Object blocker = new Object();
        Go.go(() -> {
            Go.defer(ended::countDown);
            parked.set(Sched.get().currentG());
            ready.countDown();
            while (!released.get()) {
                Sched.get().park(WaitReason.CHAN_RECEIVE, blocker);
            }
        });
        await(ready);
        G gp = parked.get();
        String s;
        try {
            awaitParked(gp);
            s = GoRuntime.stack(true);
        } finally {
            released.set(true);
            LockSupport.unpark(gp.thread());
        }
        await(ended);
        String sec = section(s, gp.goid());
        assertNotNull(sec, "goroutine " + gp.goid() + " missing:\n" + s);
        assertTrue(sec.startsWith("goroutine " + gp.goid() + " [chan receive]:\n"), sec);
        assertTrue(sec.contains(THIS_CLASS), "the parked goroutine's frames must show this class:\n" + sec);
        List<String> fns = functionLines(sec);
        assertTrue(fns.get(0).startsWith(THIS_CLASS + "."),
                "the parking machinery (LockSupport, G.park, Sched.park, VirtualThread) must be elided, "
                        + "as Go hides gopark:\n" + sec);
        assertNoRuntimeFrameAtTheEnds(sec);
    }

    /** Once unparked and running again, the goroutine's header no longer says chan receive. */
    @Test
    void waitReasonIsClearedWhenTheGoroutineRunsAgain() throws Exception {
        AtomicReference<G> parked = new AtomicReference<>();
        AtomicReference<String> after = new AtomicReference<>();
        CountDownLatch ready = new CountDownLatch(1);
        CountDownLatch ended = new CountDownLatch(1);
        java.util.concurrent.atomic.AtomicBoolean released = new java.util.concurrent.atomic.AtomicBoolean();
        Go.go(() -> {
            Go.defer(ended::countDown);
            parked.set(Sched.get().currentG());
            ready.countDown();
            while (!released.get()) {
                Sched.get().park(WaitReason.SYNC_MUTEX_LOCK, this);
            }
            after.set(GoRuntime.stack(false));
        });
        await(ready);
        G gp = parked.get();
        try {
            awaitParked(gp);
            assertTrue(GoRuntime.stack(true).contains("goroutine " + gp.goid() + " [sync.Mutex.Lock]:"));
        } finally {
            released.set(true);
            LockSupport.unpark(gp.thread());
        }
        await(ended);
        assertTrue(after.get().startsWith("goroutine " + gp.goid() + " [running]:"), after.get());
    }

    @Test
    void namedGoroutineShowsItsName() throws Exception {
        AtomicReference<Long> goid = new AtomicReference<>();
        AtomicReference<String> own = new AtomicReference<>();
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch ended = new CountDownLatch(1);
        Go.go("worker-1", () -> {
            Go.defer(ended::countDown);
            goid.set(Sched.get().currentG().goid());
            own.set(GoRuntime.stack(false));
            started.countDown();
            try {
                release.await(20, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        String s;
        try {
            await(started);
            s = GoRuntime.stack(true);
        } finally {
            release.countDown();
        }
        await(ended);
        String sec = section(s, goid.get());
        assertNotNull(sec, s);
        String header = lines(sec).get(0);
        assertTrue(header.contains("worker-1"), "the header must show the name: " + header);
        String ownHeader = lines(own.get()).get(0);
        assertTrue(ownHeader.startsWith("goroutine " + goid.get() + " [running]:"), ownHeader);
        assertTrue(ownHeader.contains("worker-1"), "the header must show the name: " + ownHeader);
    }

    // ------------------------------------------------------------------ panic report

    @Test
    void panicReportStartsWithThePanicValueThenTheGoroutine() throws Exception {
        AtomicReference<String> report = new AtomicReference<>();
        AtomicReference<String> reportOfException = new AtomicReference<>();
        AtomicReference<Long> goid = new AtomicReference<>();
        CountDownLatch done = new CountDownLatch(1);
        Go.go(() -> {
            Go.defer(done::countDown);
            G gp = Sched.get().currentG();
            goid.set(gp.goid());
            report.set(PanicReport.format(gp, new Panic("boom")));
            reportOfException.set(PanicReport.format(gp, new IllegalStateException("bad state")));
        });
        await(done);
        String r = report.get();
        assertTrue(r.startsWith("panic: boom\n"), r);
        assertTrue(r.contains("\ngoroutine " + goid.get() + " [running]:\n"), r);
        String sec = r.substring(r.indexOf("goroutine "));
        assertTrue(functionLines(sec).get(0).startsWith(THIS_CLASS + "."),
                "the trace starts where the panic was made:\n" + r);
        assertNoRuntimeFrameAtTheEnds(sec);
        assertTrue(reportOfException.get().startsWith("panic: java.lang.IllegalStateException: bad state\n"),
                reportOfException.get());
    }

    @Test
    void panicReportOfAReplacedPanicPrintsBothOldestFirst() throws Exception {
        AtomicReference<String> report = new AtomicReference<>();
        CountDownLatch done = new CountDownLatch(1);
        Go.go(() -> {
            Go.defer(done::countDown);
            Panic second = new Panic("second");
            second.addSuppressed(new Panic("first"));
            report.set(PanicReport.format(Sched.get().currentG(), second));
        });
        await(done);
        assertTrue(report.get().startsWith("panic: first\n\tpanic: second\n"), report.get());
    }

    /** The real path: a goroutine's unrecovered panic is logged at ERROR through SLF4J in Go's shape. */
    @Test
    void unrecoveredPanicIsReportedAtError() throws Exception {
        try (Capture capture = Capture.open()) {
            AtomicReference<Long> goid = new AtomicReference<>();
            Go.go(() -> {
                goid.set(Sched.get().currentG().goid());
                throw new Panic("boom");
            });
            ILoggingEvent e = capture.await(ev -> goid.get() != null
                    && ev.getFormattedMessage().contains("goroutine " + goid.get() + " [running]:"));
            assertEquals(Level.ERROR, e.getLevel());
            String r = e.getFormattedMessage();
            assertTrue(r.startsWith("panic: boom\n"), r);
            assertTrue(r.contains(THIS_CLASS), "the trace shows where the panic was thrown:\n" + r);
        }
    }

    /** A panic replaced by a deferred panic is reported as Go does: "panic: first" then "\tpanic: second". */
    @Test
    void unrecoveredReplacedPanicReportsBoth() throws Exception {
        try (Capture capture = Capture.open()) {
            AtomicReference<Long> goid = new AtomicReference<>();
            Go.go(() -> {
                goid.set(Sched.get().currentG().goid());
                Go.defer(() -> {
                    throw new Panic("second");
                });
                throw new Panic("first");
            });
            ILoggingEvent e = capture.await(ev -> goid.get() != null
                    && ev.getFormattedMessage().contains("goroutine " + goid.get() + " [running]:"));
            String r = e.getFormattedMessage();
            assertTrue(r.startsWith("panic: first\n\tpanic: second\n"), r);
        }
    }

    // ------------------------------------------------------------------ deep stacks

    private static final Pattern ELIDED = Pattern.compile("\n\\.\\.\\.(\\d+) frames elided\\.\\.\\.\n");

    /** Recurses until the stack overflows. */
    private static int overflow(int depth) {
        return overflow(depth + 1) + 1;
    }

    /** Recurses {@code depth} more frames, then receives from {@code c}. */
    private static int deep(int depth, Chan<Integer> c) {
        return depth == 0 ? c.recv() : deep(depth - 1, c) + 1;
    }

    /**
     * Go's traceback of a deep stack: the 50 innermost frames, {@code ...N frames
     * elided...}, the 50 outermost. A StackOverflowError's trace was cut by the JVM
     * (MaxJavaStackTraceDepth), so it ends with {@code ...additional frames elided...}.
     * Before, the report printed every frame the JVM kept: about 2,050 lines.
     */
    @Test
    void unrecoveredStackOverflowReportElidesTheMiddle() throws Exception {
        try (Capture capture = Capture.open()) {
            AtomicReference<Long> goid = new AtomicReference<>();
            Go.go(() -> {
                goid.set(Sched.get().currentG().goid());
                overflow(0);
            });
            ILoggingEvent e = capture.await(ev -> goid.get() != null
                    && ev.getFormattedMessage().contains("goroutine " + goid.get() + " [running]:"));
            String r = e.getFormattedMessage();
            assertTrue(r.startsWith("panic: java.lang.StackOverflowError\n"), r);
            String sec = r.substring(r.indexOf("goroutine " + goid.get() + " [running]:"));
            List<String> fns = functionLines(sec);
            assertTrue(fns.size() <= 102, fns.size() + " frame lines:\n" + sec);
            assertTrue(lines(r).size() < 220, lines(r).size() + " lines:\n" + r);
            Matcher m = ELIDED.matcher(sec);
            assertTrue(m.find(), "no elision line:\n" + sec);
            assertTrue(Integer.parseInt(m.group(1)) > 0, sec);
            assertEquals("..." + m.group(1) + " frames elided...", fns.get(50), sec);
            for (int i = 0; i < 50; i++) {
                assertTrue(fns.get(i).startsWith(THIS_CLASS + ".overflow("), "innermost frame " + i + ":\n" + sec);
                assertTrue(fns.get(51 + i).startsWith(THIS_CLASS + ".overflow("), "outer frame " + i + ":\n" + sec);
            }
            assertEquals("...additional frames elided...", fns.get(fns.size() - 1),
                    "the JVM kept only the innermost frames of the overflow:\n" + sec);
        }
    }

    /** A goroutine parked 300 frames deep: its dump elides the middle and keeps both ends. */
    @Test
    void dumpOfADeepParkedGoroutineElidesTheMiddle() throws Exception {
        int depth = 300;
        Chan<Integer> c = Chan.make();
        AtomicReference<G> parked = new AtomicReference<>();
        CountDownLatch ready = new CountDownLatch(1);
        CountDownLatch ended = new CountDownLatch(1);
        Go.go(() -> {
            Go.defer(ended::countDown);
            parked.set(Sched.get().currentG());
            ready.countDown();
            deep(depth, c);
        });
        await(ready);
        G gp = parked.get();
        String s;
        try {
            awaitParked(gp);
            s = GoRuntime.stack(true);
        } finally {
            c.send(1);
        }
        await(ended);
        String sec = section(s, gp.goid());
        assertNotNull(sec, s);
        assertTrue(sec.startsWith("goroutine " + gp.goid() + " [chan receive]:\n"), sec);
        List<String> fns = functionLines(sec);
        assertEquals(101, fns.size(), "50 innermost, the elision line, 50 outermost:\n" + sec);
        Matcher m = ELIDED.matcher(sec);
        assertTrue(m.find(), "no elision line:\n" + sec);
        // depth + 1 calls of deep, and the goroutine's lambda below them
        assertEquals(depth + 2 - 100, Integer.parseInt(m.group(1)), sec);
        assertTrue(fns.get(0).startsWith(THIS_CLASS + ".deep("), "innermost:\n" + sec);
        assertTrue(fns.get(100).startsWith(THIS_CLASS + ".lambda$"), "outermost, the goroutine's body:\n" + sec);
        assertFalse(sec.contains("additional frames elided"), "300 frames are not cut by the JVM:\n" + sec);
        assertNoRuntimeFrameAtTheEnds(sec);
    }

    /** Captures the runtime's log events (logger "io.goroutines") while open. */
    private static final class Capture extends AppenderBase<ILoggingEvent> implements AutoCloseable {

        private final LinkedBlockingQueue<ILoggingEvent> events = new LinkedBlockingQueue<>();
        private final ch.qos.logback.classic.Logger logger =
                (ch.qos.logback.classic.Logger) LoggerFactory.getLogger("io.goroutines");

        static Capture open() {
            Capture c = new Capture();
            c.setContext(c.logger.getLoggerContext());
            c.setName("stack-dump-test-capture");
            c.start();
            c.logger.addAppender(c);
            return c;
        }

        @Override
        protected void append(ILoggingEvent e) {
            e.prepareForDeferredProcessing();
            events.add(e);
        }

        ILoggingEvent await(Predicate<ILoggingEvent> match) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            for (;;) {
                long left = deadline - System.nanoTime();
                ILoggingEvent e = events.poll(Math.max(0, left), TimeUnit.NANOSECONDS);
                if (e == null) {
                    fail("no matching log event within 10 s");
                }
                if (match.test(e)) {
                    return e;
                }
            }
        }

        @Override
        public void close() {
            logger.detachAppender(this);
            stop();
        }
    }
}
