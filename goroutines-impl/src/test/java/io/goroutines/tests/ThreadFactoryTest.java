package io.goroutines.tests;

import com.fasterxml.jackson.databind.JsonNode;
import io.goroutines.Chan;
import io.goroutines.Go;
import io.goroutines.GoRuntime;
import io.goroutines.Panic;
import io.goroutines.sync.WaitGroup;
import io.goroutines.testkit.JdkThreadDump;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code GoRuntime.threadFactory()}: a thread it makes is unstarted, and its
 * {@code start()} is Go's {@code go}. Started, it is a goroutine in every way the
 * runtime can tell: the dump and {@code numGoroutine} count it, {@code Go.defer} works at
 * its top, {@code Go.go} inside it names it as the parent, a panic ends its program.
 * {@code Executors.newThreadPerTaskExecutor} over it is the goroutine
 * {@code ExecutorService} ({@code invokeAll}, {@code shutdown}, {@code shutdownNow}),
 * and a {@code StructuredTaskScope} forks goroutines with it (in a child JVM: a preview
 * API).
 *
 * <p>A body proves it runs as a goroutine through {@link #whoAmI()}: the runtime's dump
 * of the calling thread starts {@code goroutine N [running]:} in a goroutine and
 * {@code thread NAME [running]:} anywhere else. Every wait is bounded by {@link #WAIT}.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ThreadFactoryTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final Pattern GOROUTINE_HEADER = Pattern.compile("^goroutine (\\d+) \\[running]:");

    private static final ThreadFactory FACTORY = GoRuntime.threadFactory();

    /** The calling goroutine's id, from its own dump; 0 when the caller is not a goroutine. */
    private static long whoAmI() {
        Matcher m = GOROUTINE_HEADER.matcher(GoRuntime.stack(false));
        return m.find() ? Long.parseLong(m.group(1)) : 0;
    }

    private static void join(Thread t) throws InterruptedException {
        assertTrue(t.join(WAIT), t + " did not end within " + WAIT);
    }

    private static void await(CountDownLatch latch, String what) throws InterruptedException {
        assertTrue(latch.await(WAIT.toMillis(), TimeUnit.MILLISECONDS),
                what + ": " + latch.getCount() + " left after " + WAIT);
    }

    /** Shuts {@code ex} down and waits for it, bounded. */
    private static void closeBounded(ExecutorService ex) throws InterruptedException {
        ex.shutdownNow();
        assertTrue(ex.awaitTermination(WAIT.toMillis(), TimeUnit.MILLISECONDS), "executor did not terminate");
    }

    /** The number of goroutines in a full dump whose frames include {@code method}. */
    private static int goroutinesIn(String method) {
        int n = 0;
        for (String g : GoRuntime.stack(true).split("\n\n")) {
            if (g.startsWith("goroutine ") && g.contains(method)) {
                n++;
            }
        }
        return n;
    }

    /** A frame that only the parked goroutines of {@link #startedThreadsAreInTheDumpAndTheCount} have. */
    private static void parkedInFactoryTest(Chan<Void> release, WaitGroup started) {
        started.done();
        release.recv();
    }

    // ------------------------------------------------------------------ the factory

    @Test
    void newThreadIsAnUnstartedUnnamedDaemonVirtualThread() {
        assertSame(FACTORY, GoRuntime.threadFactory(), "one factory per runtime");
        Thread t = FACTORY.newThread(() -> { });
        assertEquals(Thread.State.NEW, t.getState());
        assertTrue(t.isVirtual());
        assertTrue(t.isDaemon());
        assertEquals("", t.getName());
        assertThrows(IllegalArgumentException.class, () -> t.setDaemon(false));
        assertThrows(NullPointerException.class, () -> FACTORY.newThread(null));
    }

    @Test
    void startRunsTheBodyAsAGoroutineAndJoinWaitsForItsDeferredCalls() throws Exception {
        AtomicReference<Long> goid = new AtomicReference<>();
        AtomicBoolean deferRan = new AtomicBoolean();
        Thread t = FACTORY.newThread(() -> {
            Go.defer(() -> deferRan.set(true)); // needs a root frame: throws on a plain thread
            goid.set(whoAmI());
        });
        t.start();
        join(t);
        assertNotNull(goid.get(), "the body did not finish: Go.defer threw?");
        assertTrue(goid.get() > 0, "the body did not run as a goroutine");
        assertTrue(deferRan.get(), "join returned before the deferred call ran");
        assertEquals(0, whoAmI(), "the test thread is no goroutine");
        assertThrows(IllegalThreadStateException.class, t::start);
    }

    @Test
    void goexitRunsTheDeferredCallsAndEndsTheThread() throws Exception {
        List<String> calls = new ArrayList<>();
        Thread t = FACTORY.newThread(() -> {
            Go.defer(() -> calls.add("first deferred"));
            Go.defer(() -> calls.add("second deferred"));
            GoRuntime.goexit();
            calls.add("after goexit");
        });
        t.start();
        join(t);
        assertEquals(List.of("second deferred", "first deferred"), calls);
    }

    @Test
    void startedThreadsAreInTheDumpAndTheCount() throws Exception {
        int n = 50;
        Chan<Void> release = Chan.make();
        WaitGroup started = new WaitGroup();
        started.add(n);
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Thread t = FACTORY.newThread(() -> parkedInFactoryTest(release, started));
            if (i == 0) {
                t.setName("named-before-start");
            }
            threads.add(t);
        }
        assertEquals(0, goroutinesIn("parkedInFactoryTest"), "an unstarted thread is no goroutine yet");
        threads.forEach(Thread::start);
        try {
            started.await();
            assertTrue(GoRuntime.numGoroutine() >= n, "numGoroutine " + GoRuntime.numGoroutine() + " < " + n);
            assertTrue(GoRuntime.schedStats().goroutines() >= n);
            assertEquals(n, goroutinesIn("parkedInFactoryTest"), GoRuntime.stack(true));
            assertTrue(GoRuntime.stack(true).matches("(?s).*goroutine \\d+ \\[[^]]+]: named-before-start\n.*"),
                    "the thread's name shows in its dump header");
        } finally {
            release.close();
        }
        for (Thread t : threads) {
            join(t);
        }
        assertEquals(0, goroutinesIn("parkedInFactoryTest"), "ended goroutines leave the dump");
    }

    /**
     * Inside {@code Go.main}: a factory goroutine and a {@code Go.go} goroutine hand values
     * over channels both ways; the factory goroutine's parent is the goroutine that
     * started it, and {@code Go.go} inside it names it as the parent in turn.
     */
    @Test
    void channelHandoffWithAGoGoroutineAndParentage() {
        Go.main(() -> {
            long main = whoAmI();
            Chan<Integer> ping = Chan.make();
            Chan<Integer> pong = Chan.make();
            Chan<Integer> result = Chan.make();
            AtomicReference<String> factoryDump = new AtomicReference<>();
            AtomicReference<String> childDump = new AtomicReference<>();
            Chan<Void> childDone = Chan.make();
            Thread t = FACTORY.newThread(() -> {
                factoryDump.set(GoRuntime.stack(false));
                Go.go(() -> {
                    childDump.set(GoRuntime.stack(false));
                    for (Integer v : ping) {
                        pong.send(v + 1);
                    }
                    childDone.close();
                });
                int v = 0;
                for (int i = 0; i < 100; i++) {
                    ping.send(v);
                    v = pong.recv();
                }
                ping.close();
                result.send(v);
            });
            t.start();
            assertEquals(100, result.recv());
            childDone.recv();
            try {
                join(t);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            assertTrue(factoryDump.get().contains("created in goroutine " + main + "\n"), factoryDump.get());
            Matcher m = GOROUTINE_HEADER.matcher(factoryDump.get());
            assertTrue(m.find(), factoryDump.get());
            assertTrue(childDump.get().contains("created in goroutine " + m.group(1) + "\n"), childDump.get());
        });
    }

    /**
     * An exception leaving the body is an unrecovered panic: it ends the starter's
     * Go.main, which rethrows it; the thread's handler is not called (ADR 0016: only a
     * panic that no Go.main receives goes to it).
     */
    @Test
    void anUncaughtExceptionIsAPanicThatEndsTheStartersGoMain() {
        AtomicReference<Throwable> handled = new AtomicReference<>();
        Panic p = assertThrows(Panic.class, () -> Go.main(() -> {
            Thread t = FACTORY.newThread(() -> {
                throw new Panic("boom in a factory goroutine");
            });
            t.setUncaughtExceptionHandler((th, e) -> handled.set(e));
            t.start();
            try {
                join(t); // a JDK wait: the program stays alive, and ends by the panic
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }));
        assertEquals("boom in a factory goroutine", p.value());
        assertNull(handled.get(), "the thread's UncaughtExceptionHandler is not called");
    }

    /**
     * Started from a thread that is not a goroutine: no parent, no program; a panic ends
     * only the goroutine, and, as no {@code Go.main} receives it, goes to the thread's
     * {@code UncaughtExceptionHandler} (ADR 0016; {@code UnrecoveredPanicTest} has the rest).
     */
    @Test
    void startedFromAPlainThreadItBelongsToNoProgram() throws Exception {
        AtomicReference<String> dump = new AtomicReference<>();
        AtomicReference<Throwable> handled = new AtomicReference<>();
        Thread t = FACTORY.newThread(() -> {
            dump.set(GoRuntime.stack(false));
            throw new IllegalStateException("panic outside any Go.main");
        });
        t.setUncaughtExceptionHandler((th, e) -> handled.set(e));
        t.start();
        join(t);
        assertTrue(GOROUTINE_HEADER.matcher(dump.get()).find(), dump.get());
        assertFalse(dump.get().contains("created in goroutine"), dump.get());
        assertEquals("panic outside any Go.main", handled.get().getMessage());
        // Go.main in the same JVM is not affected by that panic.
        AtomicBoolean ran = new AtomicBoolean();
        Go.main(() -> ran.set(true));
        assertTrue(ran.get());
    }

    /**
     * The JDK's thread dump lists a factory goroutine once, in the container of whoever
     * started it: a {@code ThreadPerTaskExecutor}'s, or the root one for
     * {@code Thread.start()}; not also in the "goroutines" container, which lists
     * {@code Go.go}'s goroutines.
     */
    @Test
    void theJdkThreadDumpListsAFactoryGoroutineOnceInItsStartersContainer() throws Exception {
        Chan<Void> release = Chan.make();
        WaitGroup started = new WaitGroup();
        started.add(2);
        Set<Long> executorTid = ConcurrentHashMap.newKeySet();
        ExecutorService ex = Executors.newThreadPerTaskExecutor(FACTORY);
        try {
            ex.execute(() -> {
                executorTid.add(Thread.currentThread().threadId());
                parkedInFactoryTest(release, started);
            });
            Thread plain = FACTORY.newThread(() -> parkedInFactoryTest(release, started));
            plain.start();
            started.await();
            JsonNode containers = JdkThreadDump.containers();
            long tid = executorTid.iterator().next();
            assertEquals(1, listings(containers, tid), containers.toString());
            assertTrue(JdkThreadDump.containerOf(containers, tid).startsWith("java.util.concurrent.ThreadPerTaskExecutor"),
                    containers.toString());
            assertEquals(1, listings(containers, plain.threadId()), containers.toString());
            assertEquals("<root>", JdkThreadDump.containerOf(containers, plain.threadId()));
        } finally {
            release.close();
            closeBounded(ex);
        }
    }

    private static int listings(JsonNode containers, long tid) {
        int n = 0;
        for (JsonNode c : containers) {
            for (JsonNode t : c.path("threads")) {
                if (t.path("tid").asLong() == tid) {
                    n++;
                }
            }
        }
        return n;
    }

    // ------------------------------------------------------------------ the ExecutorService

    @Test
    void invokeAllRunsEveryTaskInItsOwnGoroutine() throws Exception {
        ExecutorService ex = Executors.newThreadPerTaskExecutor(FACTORY);
        try {
            List<Callable<long[]>> tasks = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                int k = i;
                tasks.add(() -> new long[] {k * k, whoAmI()});
            }
            List<Future<long[]>> done = ex.invokeAll(tasks, WAIT.toMillis(), TimeUnit.MILLISECONDS);
            int sum = 0;
            Set<Long> goids = new HashSet<>();
            for (Future<long[]> f : done) {
                assertEquals(Future.State.SUCCESS, f.state(), "a task did not succeed in time");
                sum += (int) f.resultNow()[0];
                goids.add(f.resultNow()[1]);
            }
            assertEquals(2470, sum);
            assertFalse(goids.contains(0L), "a task ran outside a goroutine");
            assertEquals(20, goids.size(), "each task is a goroutine of its own");
        } finally {
            closeBounded(ex);
        }
    }

    /** {@code shutdown} lets running tasks finish; {@code awaitTermination} waits for them. */
    @Test
    void shutdownThenAwaitTerminationWaitsForRunningTasks() throws Exception {
        ExecutorService ex = Executors.newThreadPerTaskExecutor(FACTORY);
        Chan<Integer> work = Chan.make();
        Chan<Integer> results = Chan.make(3);
        for (int i = 0; i < 3; i++) {
            ex.execute(() -> results.send(work.recv() * 10));
        }
        ex.shutdown();
        assertTrue(ex.isShutdown());
        assertThrows(java.util.concurrent.RejectedExecutionException.class, () -> ex.execute(() -> { }));
        assertFalse(ex.awaitTermination(50, TimeUnit.MILLISECONDS), "terminated while its tasks wait");
        for (int i = 1; i <= 3; i++) {
            work.send(i);
        }
        assertTrue(ex.awaitTermination(WAIT.toMillis(), TimeUnit.MILLISECONDS));
        assertTrue(ex.isTerminated());
        int sum = 0;
        for (int i = 0; i < 3; i++) {
            sum += results.recv();
        }
        assertEquals(60, sum);
    }

    /**
     * {@code shutdownNow} interrupts each task: one in {@code Thread.sleep} and one in
     * {@code LockSupport.park} wake at once. One blocked in Go's {@code recv} keeps
     * waiting, its interrupt status set, as Go's operations are not interruptible (their
     * {@code ...Interruptibly} variants are: ADR 0017, {@code InterruptsTest}).
     */
    @Test
    void shutdownNowInterruptsTasksInJdkWaitsButNotInChannelWaits() throws Exception {
        ExecutorService ex = Executors.newThreadPerTaskExecutor(FACTORY);
        CountDownLatch blocking = new CountDownLatch(3);
        Chan<String> report = Chan.make(3);
        Chan<Integer> never = Chan.make();
        ex.execute(() -> {
            blocking.countDown();
            try {
                Thread.sleep(TimeUnit.HOURS.toMillis(1));
                report.send("sleep: not interrupted");
            } catch (InterruptedException e) {
                report.send("sleep: interrupted");
            }
        });
        ex.execute(() -> {
            blocking.countDown();
            while (!Thread.currentThread().isInterrupted()) {
                LockSupport.park(); // returns at the interrupt
            }
            report.send("park: interrupted");
        });
        ex.execute(() -> {
            blocking.countDown();
            Integer v = never.recv();
            report.send("recv: " + v + ", interrupted " + Thread.currentThread().isInterrupted());
        });
        await(blocking, "tasks about to block");
        List<Runnable> pending = ex.shutdownNow();
        assertTrue(pending.isEmpty(), "a thread-per-task executor queues nothing");
        Set<String> got = new HashSet<>();
        got.add(report.recv());
        got.add(report.recv());
        assertEquals(Set.of("sleep: interrupted", "park: interrupted"), got);
        assertFalse(ex.awaitTermination(50, TimeUnit.MILLISECONDS), "the channel receiver kept waiting");
        never.send(7);
        assertEquals("recv: 7, interrupted true", report.recv());
        assertTrue(ex.awaitTermination(WAIT.toMillis(), TimeUnit.MILLISECONDS));
    }

    @Test
    void tenThousandTasksAllRunAsGoroutines() throws Exception {
        int n = 10_000;
        ExecutorService ex = Executors.newThreadPerTaskExecutor(FACTORY);
        WaitGroup wg = new WaitGroup();
        wg.add(n);
        Chan<Long> goids = Chan.make(n);
        try {
            for (int i = 0; i < n; i++) {
                ex.execute(() -> {
                    goids.send(whoAmI());
                    wg.done();
                });
            }
            ex.shutdown();
            assertTrue(ex.awaitTermination(60, TimeUnit.SECONDS), "10,000 tasks did not finish in 60 s");
            wg.await(); // already done: awaitTermination returned
            Set<Long> distinct = new HashSet<>();
            for (int i = 0; i < n; i++) {
                distinct.add(goids.recv());
            }
            assertFalse(distinct.contains(0L), "a task ran outside a goroutine");
            assertEquals(n, distinct.size());
        } finally {
            closeBounded(ex);
        }
    }

    // ------------------------------------------------------------------ StructuredTaskScope

    /**
     * A {@code StructuredTaskScope} with this factory forks goroutines: a preview API
     * whose shape changed in JDK 25, run in a child JVM with {@code --enable-preview} by
     * {@link StructuredTaskScopeProbe} (argument {@code goroutines}), which picks the
     * running JDK's API by reflection and checks that every fork is a goroutine.
     */
    @Test
    void structuredTaskScopeWithTheFactoryForksGoroutines() throws Exception {
        StructuredTaskScopeProbe.assertForksSumInChildJvm(StructuredTaskScopeProbe.GOROUTINES);
    }
}
