package io.goroutines.tests;

import io.goroutines.DeadlockError;
import io.goroutines.Go;
import io.goroutines.GoRuntime;
import io.goroutines.Panic;
import io.goroutines.PanicNilError;
import io.goroutines.time.Time;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * defer, panic and recover through the public API, after Go's spec ("Defer statements",
 * "Handling panics") and runtime/defer_test.go, runtime/crash_test.go (Goexit).
 *
 * <p>Most tests run on the JUnit thread, a platform thread: {@code Go.func} gives it a
 * frame. The goroutine tests wait on latches with a timeout.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class DeferTest {

    /** What an AtomicReference holds until a deferred call stored recover()'s result in it. */
    private static final Object UNSET = new Object();

    private static AtomicReference<Object> unset() {
        return new AtomicReference<>(UNSET);
    }

    private static void await(CountDownLatch latch) throws InterruptedException {
        assertTrue(latch.await(10, TimeUnit.SECONDS), "timed out waiting for a goroutine");
    }

    // ------------------------------------------------------------------ defer order

    /** Spec: deferred calls run in the reverse order they were deferred, after the body. */
    @Test
    void deferredCallsRunLifo() {
        List<Integer> order = new ArrayList<>();
        Go.func(() -> {
            for (int i = 0; i < 5; i++) {
                int k = i;
                Go.defer(() -> order.add(k));
            }
            order.add(-1);
        });
        assertEquals(List.of(-1, 4, 3, 2, 1, 0), order);
    }

    /** Go's TestUnconditionalPanic: the deferred calls run (LIFO) when the body panics, and recover. */
    @Test
    void unconditionalPanic() {
        List<String> order = new ArrayList<>();
        AtomicReference<Object> r = unset();
        Go.func(() -> {
            Go.defer(() -> r.set(Go.recover()));
            Go.defer(() -> order.add("second"));
            Go.defer(() -> order.add("first"));
            throw new Panic("testUnconditional");
        });
        assertEquals(List.of("first", "second"), order);
        assertEquals("testUnconditional", r.get());
    }

    /** Go's TestConditionalDefers: only the defers reached run, in reverse order. */
    @Test
    void conditionalDefers() {
        List<Integer> list = new ArrayList<>();
        AtomicReference<Object> r = unset();
        int n = 8;
        Go.func(() -> {
            Go.defer(() -> r.set(Go.recover()));
            Go.func(() -> {
                Go.defer(() -> list.add(1));
                if (n > 5) {
                    Go.defer(() -> list.add(2));
                    if (n > 8) {
                        Go.defer(() -> list.add(3));
                    } else {
                        Go.defer(() -> list.add(4));
                    }
                }
                throw new Panic("testConditional");
            });
        });
        assertEquals("testConditional", r.get());
        assertEquals(List.of(4, 2, 1), list);
    }

    /** Each Go.func is its own frame: inner defers run when the inner frame ends, not the outer. */
    @Test
    void deferredCallsRunWhenTheirOwnFrameEnds() {
        List<String> order = new ArrayList<>();
        Go.func(() -> {
            Go.defer(() -> order.add("outer defer"));
            Go.func(() -> {
                Go.defer(() -> order.add("inner defer"));
                order.add("inner body");
            });
            order.add("outer body after inner");
        });
        assertEquals(List.of("inner body", "inner defer", "outer body after inner", "outer defer"), order);
    }

    /** A call deferred by a deferred call goes on the running frame and still runs. */
    @Test
    void deferInsideADeferredCallRuns() {
        List<String> order = new ArrayList<>();
        Go.func(() -> {
            Go.defer(() -> order.add("a"));
            Go.defer(() -> {
                order.add("b");
                Go.defer(() -> order.add("b's defer"));
            });
        });
        // as in Go, where the deferred function's own defers run when it returns
        assertEquals(List.of("b", "b's defer", "a"), order);
    }

    @Test
    void funcSupplierReturnsTheBodysResult() {
        AtomicReference<Object> r = unset();
        String s = Go.func(() -> {
            Go.defer(() -> r.set(Go.recover())); // not panicking: recover is a no-op
            return "result";
        });
        assertEquals("result", s, "a recover() that found no panic must not zero the result");
        assertNull(r.get());
    }

    // ------------------------------------------------------------------ recover returns null

    @Test
    void recoverWithNoFrameReturnsNull() {
        assertNull(Go.recover());
    }

    /** recover() in the body of a frame, not in a deferred call, returns null (also before a panic). */
    @Test
    void recoverOutsideADeferredCallReturnsNull() {
        AtomicReference<Object> inBody = unset();
        AtomicReference<Object> inDefer = unset();
        Panic p = assertThrows(Panic.class, () -> Go.func(() -> {
            Go.defer(() -> inDefer.set("ran"));
            inBody.set(Go.recover());
            throw new Panic("not recovered");
        }));
        assertEquals("not recovered", p.value());
        assertNull(inBody.get());
        assertEquals("ran", inDefer.get());
    }

    /** The same on a plain platform thread (not the JUnit one), inside Go.func and with no frame. */
    @Test
    void recoverOnAPlatformThreadOutsideADeferredCallReturnsNull() throws Exception {
        AtomicReference<Object> noFrame = unset();
        AtomicReference<Object> inBody = unset();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread t = Thread.ofPlatform().start(() -> {
            try {
                noFrame.set(Go.recover());
                Go.func(() -> inBody.set(Go.recover()));
            } catch (Throwable e) {
                failure.set(e);
            }
        });
        t.join(TimeUnit.SECONDS.toMillis(10));
        assertFalse(t.isAlive());
        assertNull(failure.get());
        assertNull(noFrame.get());
        assertNull(inBody.get());
    }

    @Test
    void recoverAtTheTopOfAGoroutineReturnsNull() throws Exception {
        AtomicReference<Object> r = unset();
        CountDownLatch done = new CountDownLatch(1);
        Go.go(() -> {
            Go.defer(done::countDown);
            r.set(Go.recover());
        });
        await(done);
        assertNull(r.get());
    }

    // ------------------------------------------------------------------ Go.defer without a frame

    @Test
    void deferWithNoFrameThrowsIllegalStateException() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Go.defer(() -> { }));
        assertTrue(e.getMessage() != null && e.getMessage().contains("Go.func"),
                "the message must tell to wrap the code in Go.func: " + e.getMessage());
        // after a frame has come and gone, the thread is frameless again
        Go.func(() -> Go.defer(() -> { }));
        assertThrows(IllegalStateException.class, () -> Go.defer(() -> { }));
    }

    @Test
    void deferWithNoFrameOnAnotherPlatformThreadThrows() throws Exception {
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread t = Thread.ofPlatform().start(() -> {
            try {
                Go.defer(() -> { });
            } catch (Throwable e) {
                thrown.set(e);
            }
        });
        t.join(TimeUnit.SECONDS.toMillis(10));
        assertInstanceOf(IllegalStateException.class, thrown.get());
    }

    // ------------------------------------------------------------------ recover

    /** A recovered frame returns normally; Go.func(Supplier) returns null (Go's zero value). */
    @Test
    void recoveredFrameReturnsNormallyAndFuncReturnsNull() {
        List<String> order = new ArrayList<>();
        String result = Go.func(() -> {
            Go.defer(() -> order.add("deferred before the recovering call"));
            Go.defer(() -> order.add("recovered " + Go.recover()));
            if (!order.isEmpty()) {
                return "unreached";
            }
            throw new Panic("x");
        });
        assertNull(result);
        assertEquals(List.of("recovered x", "deferred before the recovering call"), order);
        // and with Go.func(Runnable): no exception reaches the caller
        AtomicBoolean after = new AtomicBoolean();
        Go.func(() -> {
            Go.defer(Go::recover);
            throw new IllegalStateException("boom");
        });
        after.set(true);
        assertTrue(after.get());
    }

    @Test
    void recoverReturnsThePanicValue() {
        Object value = new Object();
        AtomicReference<Object> r = unset();
        Go.func(() -> {
            Go.defer(() -> r.set(Go.recover()));
            throw new Panic(value);
        });
        assertSame(value, r.get());

        AtomicReference<Object> r2 = unset();
        Go.func(() -> {
            Go.defer(() -> r2.set(Go.recover()));
            throw new Panic(42);
        });
        assertEquals(42, r2.get());

        // a Panic whose value is a Throwable recovers that Throwable, not the Panic
        IllegalArgumentException cause = new IllegalArgumentException("inner");
        AtomicReference<Object> r3 = unset();
        Go.func(() -> {
            Go.defer(() -> r3.set(Go.recover()));
            throw new Panic(cause);
        });
        assertSame(cause, r3.get());
    }

    @Test
    void recoverReturnsTheThrowableItselfForOtherExceptions() {
        IllegalStateException ex = new IllegalStateException("boom");
        AtomicReference<Object> r = unset();
        Go.func(() -> {
            Go.defer(() -> r.set(Go.recover()));
            throw ex;
        });
        assertSame(ex, r.get());

        Error err = new Error("an error is a panic too");
        AtomicReference<Object> r2 = unset();
        Go.func(() -> {
            Go.defer(() -> r2.set(Go.recover()));
            throw err;
        });
        assertSame(err, r2.get());
    }

    /** Recover stops the panic: a second recover in the same or a later deferred call returns null. */
    @Test
    void secondRecoverReturnsNull() {
        AtomicReference<Object> first = unset();
        AtomicReference<Object> again = unset();
        AtomicReference<Object> later = unset();
        Go.func(() -> {
            Go.defer(() -> later.set(Go.recover()));
            Go.defer(() -> {
                first.set(Go.recover());
                again.set(Go.recover());
            });
            throw new Panic("once");
        });
        assertEquals("once", first.get());
        assertNull(again.get());
        assertNull(later.get());
    }

    /** Go 1.21: panic(nil) recovers as a *runtime.PanicNilError. */
    @Test
    void panicNilRecoversAsPanicNilError() {
        AtomicReference<Object> r = unset();
        Go.func(() -> {
            Go.defer(() -> r.set(Go.recover()));
            throw new Panic(null);
        });
        PanicNilError e = assertInstanceOf(PanicNilError.class, r.get());
        assertEquals(PanicNilError.MESSAGE, e.getMessage());
        assertSame(e, e.value());
    }

    /** The recovered value is never null: recover() == null always means "no panic" (Go 1.21). */
    @Test
    void recoveredPanicNilErrorIsNotNull() {
        AtomicReference<Object> r = unset();
        Go.func(() -> {
            Go.defer(() -> r.set(Go.recover()));
            throw new PanicNilError();
        });
        assertInstanceOf(PanicNilError.class, r.get());
    }

    /**
     * Go's TestRecoverMatching: recover() in a call deferred by a deferred call (so inside a
     * Go.func nested in it) returns null; the outer deferred call then recovers the panic.
     */
    @Test
    void recoverMatching() {
        AtomicReference<Object> outer = unset();
        AtomicReference<Object> nested = unset();
        Go.func(() -> {
            Go.defer(() -> outer.set(Go.recover()));
            Go.defer(() -> Go.func(() -> Go.defer(() -> nested.set(Go.recover()))));
            throw new Panic("panic1");
        });
        assertNull(nested.get(), "recover in a defer not called directly by the panic must return null");
        assertEquals("panic1", outer.get());
    }

    /** recover() in a Go.func nested in the deferred call returns null, and the panic goes on. */
    @Test
    void recoverInAFuncNestedInTheDeferredCallReturnsNullAndThePanicContinues() {
        AtomicReference<Object> nested = unset();
        Panic original = new Panic("keeps going");
        Panic thrown = assertThrows(Panic.class, () -> Go.func(() -> {
            Go.defer(() -> nested.set(Go.func(() -> Go.recover())));
            throw original;
        }));
        assertNull(nested.get());
        assertSame(original, thrown);
    }

    // ------------------------------------------------------------------ panics in deferred calls

    /** A panic thrown by a deferred call replaces the one in flight, which stays as suppressed. */
    @Test
    void panicInADeferredCallReplacesTheFirst() {
        Panic first = new Panic("first");
        Panic second = new Panic("second");
        Panic thrown = assertThrows(Panic.class, () -> Go.func(() -> {
            Go.defer(() -> {
                throw second;
            });
            throw first;
        }));
        assertSame(second, thrown);
        assertTrue(List.of(thrown.getSuppressed()).contains(first),
                "the replaced panic must be suppressed in the new one: " + List.of(thrown.getSuppressed()));
    }

    /** The outer frame recovers the replacing panic; the replaced one is not seen again. */
    @Test
    void outerFrameRecoversTheReplacingPanic() {
        AtomicReference<Object> r = unset();
        AtomicReference<Object> again = unset();
        Go.func(() -> {
            Go.defer(() -> again.set(Go.recover()));
            Go.defer(() -> r.set(Go.recover()));
            Go.func(() -> {
                Go.defer(() -> {
                    throw new Panic("second");
                });
                throw new Panic("first");
            });
        });
        assertEquals("second", r.get());
        assertNull(again.get());
    }

    /**
     * Go's TestAbortedPanic: panic1, then a deferred call panics panic2; the next deferred
     * call recovers panic2 and the one after it finds nothing (panic1 was aborted).
     */
    @Test
    void abortedPanic() {
        AtomicReference<Object> last = unset();
        AtomicReference<Object> middle = unset();
        Go.func(() -> {
            Go.defer(() -> last.set(Go.recover()));
            Go.defer(() -> middle.set(Go.recover()));
            Go.defer(() -> {
                throw new Panic("panic2");
            });
            throw new Panic("panic1");
        });
        assertEquals("panic2", middle.get());
        assertNull(last.get(), "panic1 was aborted by panic2 and must not be recoverable");
    }

    /**
     * Go's TestIssue43921: a deferred function that panics and recovers its own panic leaves
     * the panic in flight of the frame that deferred it untouched.
     */
    @Test
    void issue43921() {
        AtomicReference<Object> r1 = unset();
        AtomicReference<Object> r4 = unset();
        Go.func(() -> {
            Go.defer(() -> r1.set(Go.recover()));
            Go.func(() -> {
                Go.defer(() -> Go.func(() -> {
                    Go.defer(() -> r4.set(Go.recover()));
                    throw new Panic(4);
                }));
                throw new Panic(1);
            });
        });
        assertEquals(4, r4.get());
        assertEquals(1, r1.get());
    }

    /** Go's TestIssue43920: panics and recovers nested three deep inside a deferred function. */
    @Test
    void issue43920() {
        List<Object> seen = Collections.synchronizedList(new ArrayList<>());
        AtomicReference<Object> r1 = unset();
        Go.func(() -> {
            Go.defer(() -> r1.set(Go.recover()));
            Go.defer(() -> Go.func(() -> {
                Go.defer(() -> Go.func(() -> {
                    Go.defer(() -> seen.add("5:" + Go.recover()));
                    Go.defer(() -> {
                        throw new Panic(5);
                    });
                    Go.func(() -> {
                        throw new Panic(4);
                    });
                }));
                Go.defer(() -> seen.add("3:" + Go.recover()));
                Go.defer(() -> {
                    throw new Panic(3);
                });
            }));
            Go.func(() -> {
                Go.defer(() -> seen.add("step 1"));
                throw new Panic(1);
            });
        });
        assertEquals(List.of("step 1", "3:3", "5:5"), seen);
        assertEquals(1, r1.get());
    }

    /**
     * Go's TestDeferWithRepeatedRepanics: a recursive interpreter whose frames recover and
     * re-panic until the right level handles the panic leaves no stale frame behind.
     */
    @Test
    void deferWithRepeatedRepanics() {
        interpreter(0, 6, 2);
        recurseFnPanicRec(10);
        interpreter(0, 5, 1);
        recurseFnPanicRec(10);
        interpreter(0, 6, 3);
        recurseFnPanicRec(10);
        // no frame may be left open on this thread
        assertThrows(IllegalStateException.class, () -> Go.defer(() -> { }));
        assertNull(Go.recover());
    }

    private static void interpreter(int level, int maxlevel, int rec) {
        Go.func(() -> {
            Go.defer(() -> {
                Object e = Go.recover();
                if (e == null) {
                    return;
                }
                if (!e.equals(level)) {
                    throw new Panic(e);
                }
            });
            if (level + 1 < maxlevel) {
                interpreter(level + 1, maxlevel, rec);
            } else {
                throw new Panic(rec);
            }
        });
    }

    private static void recurseFnPanicRec(int maxlevel) {
        AtomicReference<Object> r = unset();
        Go.func(() -> {
            Go.defer(() -> r.set(Go.recover()));
            recurseFn(0, maxlevel);
        });
        assertEquals("recurseFn panic", r.get());
    }

    private static void recurseFn(int level, int maxlevel) {
        if (level + 1 < maxlevel) {
            recurseFn(level + 1, maxlevel);
        } else {
            throw new Panic("recurseFn panic");
        }
    }

    // ------------------------------------------------------------------ goexit

    /**
     * Goexit runs every deferred call of the goroutine, innermost frame first, LIFO in each,
     * and ends the goroutine without running the code after it. recover() in those deferred
     * calls returns null: goexit is not a panic (Go's TestRecoverOfGoexit idea).
     */
    @Test
    void goexitRunsAllDeferredCallsAndIsNotRecoverable() throws Exception {
        List<String> order = Collections.synchronizedList(new ArrayList<>());
        AtomicReference<Object> innerRecover = unset();
        AtomicReference<Object> rootRecover = unset();
        CountDownLatch done = new CountDownLatch(1);
        Go.go(() -> {
            Go.defer(done::countDown);
            Go.defer(() -> {
                order.add("root");
                rootRecover.set(Go.recover());
            });
            Go.func(() -> {
                Go.defer(() -> order.add("inner 1"));
                Go.defer(() -> {
                    order.add("inner 2");
                    innerRecover.set(Go.recover());
                });
                GoRuntime.goexit();
                order.add("after goexit");
            });
            order.add("after the func that called goexit");
        });
        await(done);
        assertEquals(List.of("inner 2", "inner 1", "root"), order);
        assertNull(innerRecover.get(), "goexit must not be recoverable");
        assertNull(rootRecover.get(), "goexit must not be recoverable");
    }

    /** Goexit ends the main goroutine quietly: Go.main then dies like Go, "no goroutines ... deadlock!". */
    @Test
    void goexitInMainIsNotAPanic() {
        AtomicBoolean deferred = new AtomicBoolean();
        DeadlockError e = assertThrows(DeadlockError.class, () -> Go.main(() -> {
            Go.defer(() -> deferred.set(true));
            GoRuntime.goexit();
        }));
        assertTrue(deferred.get());
        assertTrue(e.getMessage().startsWith("no goroutines (main called runtime.Goexit) - deadlock!"), e.getMessage());
    }

    @Test
    void goexitOutsideAGoroutineThrowsIllegalStateException() {
        assertThrows(IllegalStateException.class, GoRuntime::goexit);
        // in a frame on a platform thread, too, and the frame's deferred calls still run
        AtomicBoolean deferred = new AtomicBoolean();
        assertThrows(IllegalStateException.class, () -> Go.func(() -> {
            Go.defer(() -> deferred.set(true));
            GoRuntime.goexit();
        }));
        assertTrue(deferred.get());
    }

    /**
     * Go's TestRecoverBeforePanicAfterGoexit: goexit runs a deferred call that panics, and an
     * earlier-deferred call recovers that panic. The goexit then resumes: the code after
     * the frame does not run.
     */
    @Test
    void recoverBeforePanicAfterGoexit() throws Exception {
        AtomicReference<Object> r = unset();
        AtomicBoolean after = new AtomicBoolean();
        CountDownLatch done = new CountDownLatch(1);
        Go.go(() -> {
            Go.defer(done::countDown);
            Go.func(() -> {
                Go.defer(() -> r.set(Go.recover()));
                Go.defer(() -> {
                    throw new Panic("hello");
                });
                GoRuntime.goexit();
            });
            after.set(true);
        });
        await(done);
        assertEquals("hello", r.get());
        assertFalse(after.get(), "a recovered panic during goexit must not make the goexit disappear");
    }

    /** Go's TestPanicAfterGoexit: a panic in a deferred call during goexit is a real panic. */
    @Test
    void panicAfterGoexit() {
        Panic p = assertThrows(Panic.class, () -> Go.main(() -> {
            Go.defer(() -> {
                throw new Panic("hello");
            });
            GoRuntime.goexit();
        }));
        assertEquals("hello", p.value());
    }

    /** Go's TestRecoveredPanicAfterGoexit: the panic is recovered and the goexit goes on. */
    @Test
    void recoveredPanicAfterGoexit() {
        AtomicReference<Object> r = unset();
        DeadlockError e = assertThrows(DeadlockError.class, () -> Go.main(() -> {
            Go.defer(() -> Go.func(() -> {
                Go.defer(() -> r.set(Go.recover()));
                throw new Panic("hello");
            }));
            GoRuntime.goexit();
        }));
        assertEquals("hello", r.get());
        assertTrue(e.getMessage().startsWith("no goroutines (main called runtime.Goexit) - deadlock!"), e.getMessage());
    }

    /**
     * Go's TestGoexitInPanic (issue 8774, testprog GoexitInPanic): goexit called by a deferred
     * call while the goroutine panics aborts the panic, and the goroutine exits quietly. Go
     * prints only "fatal error: no goroutines (main called runtime.Goexit) - deadlock!", not
     * "panic: hello".
     */
    @Test
    void goexitInPanic() {
        Throwable t = assertThrows(Throwable.class, () -> Go.main(() -> {
            Go.defer(GoRuntime::goexit);
            throw new Panic("hello");
        }));
        assertInstanceOf(DeadlockError.class, t,
                "goexit in a deferred call must abort the panic in flight, but Go.main threw " + t);
        assertTrue(t.getMessage().startsWith("no goroutines (main called runtime.Goexit) - deadlock!"), t.getMessage());
    }

    /**
     * After goexit took over from a panic, the panic is gone: recover() in a later deferred
     * call returns null (Go's gorecover sees the Goexit's _panic, which is not recoverable).
     */
    @Test
    void recoverAfterGoexitInPanicReturnsNull() throws Exception {
        AtomicReference<Object> r = unset();
        AtomicBoolean after = new AtomicBoolean();
        CountDownLatch done = new CountDownLatch(1);
        Go.go(() -> {
            Go.defer(done::countDown);
            Go.func(() -> {
                Go.defer(() -> r.set(Go.recover()));
                Go.defer(GoRuntime::goexit);
                throw new Panic("hello");
            });
            after.set(true);
        });
        await(done);
        assertFalse(after.get(), "the goroutine must end: goexit was called");
        assertNull(r.get(), "the panic was aborted by goexit, recover() must return null");
    }

    // ------------------------------------------------------------------ goroutines and Go.main

    /** Every goroutine body has a root frame: Go.defer at its top works and runs at its end. */
    @Test
    void goroutineBodyHasARootFrame() throws Exception {
        List<String> order = Collections.synchronizedList(new ArrayList<>());
        AtomicReference<Throwable> failure = new AtomicReference<>();
        CountDownLatch done = new CountDownLatch(1);
        Go.go(() -> {
            try {
                Go.defer(() -> {
                    order.add("deferred");
                    done.countDown();
                });
                order.add("body");
            } catch (Throwable t) {
                failure.set(t);
                done.countDown();
            }
        });
        await(done);
        assertNull(failure.get(), "Go.defer at the top of a goroutine threw");
        assertEquals(List.of("body", "deferred"), order);
    }

    /**
     * A goroutine keeps its defer frames and its sleep timer in one field of its G (and
     * both in a holder once it used both): sleeping before, between and after defers,
     * in either order, loses neither the deferred calls nor the sleeps.
     */
    @Test
    void goroutineThatSleepsAndDefersKeepsBoth() throws Exception {
        Duration nap = Duration.ofMillis(1);
        for (boolean sleepFirst : new boolean[] {true, false}) {
            List<String> order = Collections.synchronizedList(new ArrayList<>());
            AtomicReference<Throwable> failure = new AtomicReference<>();
            CountDownLatch done = new CountDownLatch(1);
            Go.go(() -> {
                try {
                    Go.defer(done::countDown);
                    if (sleepFirst) {
                        Time.sleep(nap);
                    }
                    Go.defer(() -> order.add("first"));
                    Time.sleep(nap);
                    Go.defer(() -> order.add("second"));
                    Time.sleep(nap);
                    order.add("body");
                } catch (Throwable t) {
                    failure.set(t);
                }
            });
            await(done);
            assertNull(failure.get(), "sleepFirst=" + sleepFirst);
            assertEquals(List.of("body", "second", "first"), order, "sleepFirst=" + sleepFirst);
        }
    }

    /** A goroutine whose deferred call recovers a panic ends normally and runs its other defers. */
    @Test
    void goroutineRecoversItsOwnPanic() throws Exception {
        AtomicReference<Object> r = unset();
        CountDownLatch done = new CountDownLatch(1);
        Go.go(() -> {
            Go.defer(done::countDown);
            Go.defer(() -> r.set(Go.recover()));
            throw new Panic("in a goroutine");
        });
        await(done);
        assertEquals("in a goroutine", r.get());
    }

    @Test
    void mainWhoseDeferredCallRecoversReturnsNormally() {
        AtomicReference<Object> r = unset();
        Go.main(() -> {
            Go.defer(() -> r.set(Go.recover()));
            throw new Panic("recovered in main");
        });
        assertEquals("recovered in main", r.get());
    }

    @Test
    void mainRethrowsTheSamePanicObject() {
        AtomicReference<Panic> thrown = new AtomicReference<>();
        AtomicBoolean deferred = new AtomicBoolean();
        Panic got = assertThrows(Panic.class, () -> Go.main(() -> {
            Go.defer(() -> deferred.set(true));
            Panic boom = new Panic("boom"); // made here so that the logged trace is the goroutine's
            thrown.set(boom);
            throw boom;
        }));
        assertSame(thrown.get(), got);
        assertTrue(deferred.get());
    }

    /** Go.main rethrows a replacing panic, with the replaced one as suppressed. */
    @Test
    void mainRethrowsTheReplacingPanic() {
        AtomicReference<Panic> first = new AtomicReference<>();
        AtomicReference<Panic> second = new AtomicReference<>();
        Panic got = assertThrows(Panic.class, () -> Go.main(() -> {
            Go.defer(() -> {
                second.set(new Panic("second"));
                throw second.get();
            });
            first.set(new Panic("first"));
            throw first.get();
        }));
        assertSame(second.get(), got);
        assertTrue(List.of(got.getSuppressed()).contains(first.get()));
    }

    @Test
    void deferWorksOnAPlatformThreadInsideFunc() throws Exception {
        List<String> order = Collections.synchronizedList(new ArrayList<>());
        AtomicReference<Object> r = unset();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread t = Thread.ofPlatform().start(() -> {
            try {
                Go.func(() -> {
                    Go.defer(() -> order.add("1"));
                    Go.defer(() -> {
                        order.add("2");
                        r.set(Go.recover());
                    });
                    throw new Panic("platform");
                });
                order.add("after");
            } catch (Throwable e) {
                failure.set(e);
            }
        });
        t.join(TimeUnit.SECONDS.toMillis(10));
        assertFalse(t.isAlive());
        assertNull(failure.get());
        assertEquals(List.of("2", "1", "after"), order);
        assertEquals("platform", r.get());
    }

    /** A virtual thread that is not a goroutine gets its own frames, like a platform thread. */
    @Test
    void deferWorksOnAPlainVirtualThreadInsideFunc() throws Exception {
        List<String> order = Collections.synchronizedList(new ArrayList<>());
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread t = Thread.ofVirtual().start(() -> {
            try {
                Go.func(() -> {
                    Go.defer(() -> order.add("1"));
                    Go.defer(() -> order.add("2"));
                });
                Go.defer(() -> { });
            } catch (IllegalStateException e) {
                order.add("no frame");
            } catch (Throwable e) {
                failure.set(e);
            }
        });
        assertTrue(t.join(java.time.Duration.ofSeconds(10)));
        assertNull(failure.get());
        assertEquals(List.of("2", "1", "no frame"), order);
    }
}
