package io.goroutines.tests;

import io.goroutines.Chan;
import io.goroutines.Go;
import io.goroutines.GoRuntime;
import io.goroutines.Panic;
import io.goroutines.PanicNilError;
import io.goroutines.sync.Once;
import io.goroutines.sync.WaitGroup;
import io.goroutines.testkit.Failures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.lang.management.ManagementFactory;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;

import static io.goroutines.testkit.Goroutines.inGoroutine;
import static io.goroutines.testkit.Waits.awaitParked;
import static io.goroutines.testkit.Waits.recvBounded;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * {@link Once#func(Runnable)} and {@link Once#value(Supplier)} (Go's
 * {@code sync.OnceFunc} and {@code sync.OnceValue}) through the public API.
 *
 * <p>The first part ports Go's {@code src/sync/oncefunc_test.go}; each test is named
 * after its Go original and says so in a {@code // Go:} comment. Not ported: the
 * {@code OnceValues} tests (the API has no two-value form; a record through
 * {@code Once.value} is the Java way) and the benchmarks. Go's allocation counts become
 * the bytes the calling thread allocates ({@code com.sun.management.ThreadMXBean});
 * Go's "garbage collected" checks become a {@link WeakReference} cleared after
 * {@link System#gc()}. The second part checks the Javadoc: concurrent first calls run
 * {@code f} once and all return after it, a checked exception thrown sneakily is
 * rethrown as it is, and null is rejected.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class OnceFuncTest {

    /** How many rounds {@link #allocatedBytes} tries for one that allocates nothing (JIT or GC noise). */
    private static final int ALLOC_ROUNDS = 20;
    /** How many times {@link #awaitCleared} runs the collector before giving up. */
    private static final int GC_ROUNDS = 50;

    /**
     * Go's {@code testing.AllocsPerRun(10, f)} as bytes: the fewest bytes the calling
     * (platform) thread allocated over 10 calls of {@code f}, out of a few rounds, after
     * a warm-up call.
     */
    private static long allocatedBytes(Runnable f) {
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        f.run();
        long least = Long.MAX_VALUE;
        for (int round = 0; round < ALLOC_ROUNDS && least > 0; round++) {
            long before = mx.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < 10; i++) {
                f.run();
            }
            least = Math.min(least, mx.getCurrentThreadAllocatedBytes() - before);
        }
        return least;
    }

    /** A counter a function bumps with a plain increment (Go's {@code calls++}). */
    private static final class Calls {
        int n;
    }

    // Go: TestOnceFunc: the function runs once, and a call allocates nothing.
    @Test
    void testOnceFunc() {
        Calls calls = new Calls();
        Runnable f = Once.func(() -> calls.n++);
        long allocs = allocatedBytes(f);
        assertEquals(1, calls.n, "calls");
        assertEquals(0, allocs, "bytes allocated per 10 calls");
    }

    // Go: TestOnceValue: the value of the one call, every time; no allocation per call.
    @Test
    void testOnceValue() {
        Calls calls = new Calls();
        Supplier<Integer> f = Once.value(() -> ++calls.n);
        long allocs = allocatedBytes(f::get);
        Integer value = f.get();
        assertEquals(1, calls.n, "calls");
        assertEquals(1, value, "value");
        assertEquals(0, allocs, "bytes allocated per 10 calls");
    }

    /**
     * Go's testOncePanicWith: each of two calls of {@code f} panics, {@code check} looks
     * at what was thrown, and the underlying function ran once. Returns the two throwables.
     */
    private static Throwable[] testOncePanicWith(Calls calls, Runnable f) {
        Throwable[] thrown = new Throwable[2];
        String[] labels = {"first time", "second time"};
        for (int i = 0; i < labels.length; i++) {
            try {
                f.run();
                fail(labels[i] + ": f did not panic");
            } catch (Throwable t) {
                thrown[i] = t;
            }
        }
        assertEquals(1, calls.n, "calls");
        return thrown;
    }

    /** Go's testOncePanicX: both calls panic with "x", the same panic each time. */
    private static void testOncePanicX(Calls calls, Runnable f) {
        Throwable[] thrown = testOncePanicWith(calls, f);
        for (Throwable t : thrown) {
            assertEquals("x", assertInstanceOfPanic(t).value());
        }
        assertSame(thrown[0], thrown[1], "every call throws the same Throwable");
    }

    private static Panic assertInstanceOfPanic(Throwable t) {
        if (!(t instanceof Panic p)) {
            throw new AssertionError("want a Panic, got " + t, t);
        }
        return p;
    }

    // Go: TestOnceFuncPanic.
    @Test
    void testOnceFuncPanic() {
        Calls calls = new Calls();
        Runnable f = Once.func(() -> {
            calls.n++;
            throw new Panic("x");
        });
        testOncePanicX(calls, f);
    }

    // Go: TestOnceValuePanic.
    @Test
    void testOnceValuePanic() {
        Calls calls = new Calls();
        Supplier<Integer> f = Once.value(() -> {
            calls.n++;
            throw new Panic("x");
        });
        testOncePanicX(calls, f::get);
    }

    // Go: TestOnceFuncPanicNil: a panic with a nil value, every call.
    @Test
    void testOnceFuncPanicNil() {
        Calls calls = new Calls();
        Runnable f = Once.func(() -> {
            calls.n++;
            throw new Panic(null);
        });
        Throwable[] thrown = testOncePanicWith(calls, f);
        for (Throwable t : thrown) {
            if (!(t instanceof PanicNilError) && !(t instanceof Panic p && p.value() == null)) {
                fail("want a nil panic, got " + t);
            }
        }
        assertSame(thrown[0], thrown[1]);
    }

    // Go: TestOnceFuncGoexit: if f calls Goexit the results are unspecified, but f must
    // not run twice. (Here each calling goroutine ends as f's did.)
    @Test
    void testOnceFuncGoexit() {
        Failures failures = new Failures();
        inGoroutine("TestOnceFuncGoexit", failures, () -> {
            Calls calls = new Calls();
            Runnable f = Once.func(() -> {
                calls.n++;
                GoRuntime.goexit();
            });
            WaitGroup wg = new WaitGroup();
            for (int i = 0; i < 2; i++) {
                wg.add(1);
                Go.go(() -> { // not failures.go: its wrapper would record the goexit signal
                    Go.defer(wg::done);
                    Go.defer(Go::recover);
                    f.run();
                });
                wg.await();
            }
            assertEquals(1, calls.n, "calls");
        });
    }

    private static void onceFuncPanic() {
        throw new Panic("x");
    }

    // Go: TestOnceFuncPanicTraceback: on the first call, the panic's stack trace goes all
    // the way to where f panicked.
    @Test
    void testOnceFuncPanicTraceback() {
        Runnable f = Once.func(OnceFuncTest::onceFuncPanic);
        Panic p = assertThrows(Panic.class, f::run);
        assertEquals("x", p.value());
        boolean found = Arrays.stream(p.getStackTrace()).anyMatch(e -> e.getMethodName().equals("onceFuncPanic"));
        assertTrue(found, "want a stack trace containing onceFuncPanic, got " + Arrays.toString(p.getStackTrace()));
    }

    /** Runs the collector until {@code ref} is cleared; false if it still is not after {@link #GC_ROUNDS}. */
    private static boolean awaitCleared(WeakReference<?> ref) {
        for (int i = 0; i < GC_ROUNDS && ref.get() != null; i++) {
            System.gc();
        }
        return ref.get() == null;
    }

    // Go: TestOnceXGC: the function given to Once.func or Once.value is kept until the
    // first call and not after it, whether it returned or panicked.
    @Test
    void testOnceXGC() {
        Map<String, Function<byte[], Runnable>> fns = new LinkedHashMap<>();
        fns.put("OnceFunc", buf -> Once.func(() -> buf[0] = 1));
        fns.put("OnceValue", buf -> {
            Supplier<Object> f = Once.value(() -> {
                buf[0] = 1;
                return null;
            });
            return f::get;
        });
        fns.put("OnceFunc panic", buf -> Once.func(() -> {
            buf[0] = 1;
            throw new Panic("test panic");
        }));
        fns.put("OnceValue panic", buf -> {
            Supplier<Object> f = Once.value(() -> {
                buf[0] = 1;
                throw new Panic("test panic");
            });
            return f::get;
        });
        for (Map.Entry<String, Function<byte[], Runnable>> e : fns.entrySet()) {
            String n = e.getKey();
            byte[] buf = new byte[1024];
            WeakReference<byte[]> gc = new WeakReference<>(buf);
            Runnable f = e.getValue().apply(buf);
            buf = null;
            System.gc();
            assertNotNull(gc.get(), n + ": wrapped function garbage collected too early");
            try {
                f.run();
            } catch (Panic p) {
                // the panicking variants
            }
            assertTrue(awaitCleared(gc), n + ": the wrapped function should be garbage collected, but is still live");
            try {
                f.run();
            } catch (Panic p) {
                // the panicking variants, again
            }
        }
    }


    // ================================================================== the Javadoc

    /** Concurrent first calls: f runs once, the late callers wait for it and all see its write. */
    @Test
    void concurrentCallsRunTheFunctionOnceAndWaitForIt() {
        Failures failures = new Failures();
        inGoroutine("onceFuncConcurrent", failures, () -> {
            AtomicInteger runs = new AtomicInteger();
            Chan<Void> running = Chan.make(1);
            Chan<Void> release = Chan.make();
            int[] written = new int[1];
            Supplier<Integer> f = Once.value(() -> {
                runs.incrementAndGet();
                running.send(null);
                release.recv();
                written[0] = 42;
                return 7;
            });
            Chan<Integer> first = Chan.make(1);
            Chan<Integer> lateGot = Chan.make(3);
            failures.go("onceFuncConcurrent-first", () -> first.send(f.get()));
            recvBounded(running, failures, "f started");
            List<String> late = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                late.add(failures.go("onceFuncConcurrent-late", () -> lateGot.send(f.get() + written[0])));
            }
            for (String name : late) {
                awaitParked(name, failures);
            }
            assertNull(lateGot.tryRecv(), "a late call returned while f was running");
            assertNull(first.tryRecv(), "the first call returned while f was running");
            release.send(null);
            assertEquals(7, recvBounded(first, failures, "the first call"));
            for (int i = 0; i < 3; i++) {
                assertEquals(49, recvBounded(lateGot, failures, "late call " + i), "a late call missed f's write");
            }
            assertEquals(1, runs.get());
        });
    }

    /** Rethrows a checked exception without declaring it, as some libraries do. */
    @SuppressWarnings("unchecked")
    private static <E extends Throwable> void sneakyThrow(Throwable t) throws E {
        throw (E) t;
    }

    /** Any Throwable is a panic: a checked exception thrown sneakily is rethrown as it is, every call. */
    @Test
    void aCheckedExceptionIsRethrownAsItIs() {
        Exception checked = new java.io.IOException("OnceFuncTest: checked, thrown sneakily");
        Calls calls = new Calls();
        Runnable f = Once.func(() -> {
            calls.n++;
            OnceFuncTest.<RuntimeException>sneakyThrow(checked);
        });
        Throwable[] thrown = testOncePanicWith(calls, f);
        assertSame(checked, thrown[0]);
        assertSame(checked, thrown[1]);
    }

    @Test
    void nullIsRejected() {
        assertThrows(NullPointerException.class, () -> Once.func(null));
        assertThrows(NullPointerException.class, () -> Once.value(null));
    }
}
