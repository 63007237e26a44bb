package io.goroutines.tests;

import io.goroutines.Chan;
import io.goroutines.Go;
import io.goroutines.GoRuntime;
import io.goroutines.Panic;
import io.goroutines.RecvChan;
import io.goroutines.sync.SingleFlight.Result;
import io.goroutines.sync.SingleFlight;
import io.goroutines.sync.WaitGroup;
import io.goroutines.testkit.Body;
import io.goroutines.testkit.Failures;
import io.goroutines.testkit.Waits;
import io.goroutines.time.Time;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static io.goroutines.testkit.Goroutines.inGoroutine;
import static io.goroutines.testkit.Waits.awaitBlocked;
import static io.goroutines.testkit.Waits.awaitOpen;
import static io.goroutines.testkit.Waits.recvBounded;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * {@link SingleFlight} (Go's {@code golang.org/x/sync/singleflight.Group}) through the
 * public API.
 *
 * <p>The first part ports x/sync's {@code singleflight/singleflight_test.go}; each test
 * is named after its Go original and says so in a {@code // Go:} comment. Go's
 * {@code v, err, shared := g.Do(key, fn)} is {@code Result r = g.run(key, fn)}, a
 * {@code fn} that returns an error throws it. Where Go's test reads Go's internals or
 * its process crash, the port checks this library's documented counterpart and says
 * so: TestPanicErrorUnwrap (Go wraps the panic value in its own error type; here every
 * caller gets the very {@code Panic} that {@code fn} threw), TestPanicDoChan and
 * TestPanicDoSharedByDoChan (Go's program crashes; here the {@code runChan} caller
 * receives the panic as the result's error, and a panic in the goroutine
 * {@code runChan} started also reaches that goroutine's uncaught-exception handler).
 * ExampleGroup is a test too. The second part checks the Javadoc: exceptions
 * are results, errors are panics, {@code shared}, a key is free again once its
 * execution returned, {@code runChan} callers that never receive hold nobody up, and
 * null arguments.
 *
 * <p>Conventions are {@link ChanTest}'s and {@link MutexTest}'s. A {@code run} caller
 * waiting for another's execution shows as {@code sync.WaitGroup.Wait} in dumps, as in
 * Go.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SingleFlightTest {

    /** Go's {@code errValue}: an error type of the test's own. */
    private static final class ErrValue extends Exception {
        ErrValue() {
            super("error value");
        }
    }

    private static void runDiscardingPanic(SingleFlight<String, Object> g, String key, Callable<Object> fn) {
        try {
            g.run(key, fn);
        } catch (Panic p) {
            // the test looks at the outcome elsewhere
        }
    }


    // ================================================================== singleflight/singleflight_test.go

    // Go: TestPanicErrorUnwrap, adapted (see the class comment): the caller recovers the
    // very panic fn threw, whether its value is a string or an error.
    @Test
    void testPanicErrorUnwrap() {
        for (Object value : new Object[] {"string value", new ErrValue()}) {
            SingleFlight<String, Object> group = new SingleFlight<>();
            Panic thrown = new Panic(value);
            Panic recovered = assertThrows(Panic.class, () -> group.run("key", () -> {
                throw thrown;
            }), "expected a panic");
            assertSame(thrown, recovered, "the recovered panic is fn's own");
            assertSame(value, recovered.value(), "and carries fn's value");
            if (value instanceof ErrValue) {
                assertSame(value, recovered.getCause(), "an error value is the panic's cause (Go: Unwrap)");
            }
        }
    }

    // Go: TestDo.
    @Test
    void testDo() {
        SingleFlight<String, Object> g = new SingleFlight<>();
        Result<Object> r = g.run("key", () -> "bar");
        assertEquals("bar", r.value());
        assertNull(r.err(), "Do error");
    }

    // Go: TestDoErr: an error is the result's err, with no value.
    @Test
    void testDoErr() {
        SingleFlight<String, Object> g = new SingleFlight<>();
        Exception someErr = new IOException("Some error");
        Result<Object> r = g.run("key", () -> {
            throw someErr;
        });
        assertSame(someErr, r.err(), "Do error");
        assertNull(r.value(), "unexpected non-null value");
    }

    // Go: TestDoDupSuppress: of 10 concurrent callers, fewer than 10 run fn (the others
    // get the result of one in flight), and at least one does.
    @Test
    void testDoDupSuppress() {
        Failures failures = new Failures();
        inGoroutine("TestDoDupSuppress", failures, () -> {
            SingleFlight<String, Object> g = new SingleFlight<>();
            WaitGroup wg1 = new WaitGroup();
            WaitGroup wg2 = new WaitGroup();
            Chan<String> c = Chan.make(1);
            AtomicInteger calls = new AtomicInteger();
            Callable<Object> fn = () -> {
                if (calls.incrementAndGet() == 1) {
                    wg1.done(); // first invocation
                }
                String v = c.recv();
                c.send(v); // pump; make available for any future calls
                Time.sleep(Duration.ofMillis(10)); // Go's: let more goroutines enter Do
                return v;
            };
            final int n = 10;
            wg1.add(1);
            for (int i = 0; i < n; i++) {
                wg1.add(1);
                wg2.add(1);
                failures.go("TestDoDupSuppress-caller", () -> {
                    try {
                        wg1.done();
                        Result<Object> r = g.run("key", fn);
                        if (r.err() != null) {
                            failures.add("Do error: " + r.err());
                        } else if (!"bar".equals(r.value())) {
                            failures.add("Do = " + r.value() + "; want bar");
                        }
                    } finally {
                        wg2.done();
                    }
                });
            }
            wg1.await();
            // At least one goroutine is in fn now and all of them have at least reached
            // the line before the run.
            c.send("bar");
            wg2.await();
            int got = calls.get();
            if (got <= 0 || got >= n) {
                fail("number of calls = " + got + "; want over 0 and less than " + n);
            }
        });
    }

    // Go: TestForget (https://github.com/golang/go/issues/31420): after forget, a new
    // call runs, and a call after that joins the new one, not the forgotten one.
    @Test
    void testForget() {
        Failures failures = new Failures();
        inGoroutine("TestForget", failures, () -> {
            SingleFlight<String, Object> g = new SingleFlight<>();
            Chan<Void> firstStarted = Chan.make();
            Chan<Void> unblockFirst = Chan.make();
            Chan<Void> firstFinished = Chan.make();

            failures.go("TestForget-first", () -> g.run("key", () -> {
                firstStarted.close();
                unblockFirst.recv();
                firstFinished.close();
                return null;
            }));
            recvBounded(firstStarted, failures, "the first call started");
            g.forget("key");

            Chan<Void> unblockSecond = Chan.make();
            RecvChan<Result<Object>> secondResult = g.runChan("key", () -> {
                unblockSecond.recv();
                return 2;
            });

            unblockFirst.close();
            recvBounded(firstFinished, failures, "the first call finished");

            RecvChan<Result<Object>> thirdResult = g.runChan("key", () -> 3);

            unblockSecond.close();
            recvBounded(secondResult, failures, "the second result");
            Result<Object> r = recvBounded(thirdResult, failures, "the third result");
            assertEquals(2, r.value(), "we should receive the result produced by the second call");
        });
    }

    // Go: TestDoChan.
    @Test
    void testDoChan() {
        Failures failures = new Failures();
        inGoroutine("TestDoChan", failures, () -> {
            SingleFlight<String, Object> g = new SingleFlight<>();
            RecvChan<Result<Object>> ch = g.runChan("key", () -> "bar");
            Result<Object> res = recvBounded(ch, failures, "the result");
            assertEquals("bar", res.value());
            assertNull(res.err(), "Do error");
        });
    }

    // Go: TestPanicDo (https://github.com/golang/go/issues/41133): every caller gets the
    // panic, and none hangs.
    @Test
    void testPanicDo() throws Exception {
        SingleFlight<String, Object> g = new SingleFlight<>();
        Callable<Object> fn = () -> {
            throw new Panic("invalid memory address or nil pointer dereference");
        };
        final int n = 5;
        AtomicInteger panicCount = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(n);
        Failures failures = new Failures();
        for (int i = 0; i < n; i++) {
            failures.go(() -> {
                try {
                    g.run("key", fn);
                } catch (Panic p) {
                    panicCount.incrementAndGet();
                } finally {
                    done.countDown();
                }
            });
        }
        awaitOpen(done, failures, "Do hangs");
        assertEquals(n, panicCount.get(), "callers that got the panic");
    }

    // Go: TestGoexitDo: fn calls Goexit: every caller's goroutine ends (Go: each caller
    // Goexits too), none hangs, and none sees an error.
    @Test
    void testGoexitDo() throws Exception {
        SingleFlight<String, Object> g = new SingleFlight<>();
        Callable<Object> fn = () -> {
            GoRuntime.goexit();
            return null;
        };
        final int n = 5;
        CountDownLatch done = new CountDownLatch(n);
        AtomicInteger returned = new AtomicInteger();
        Failures failures = new Failures();
        for (int i = 0; i < n; i++) {
            // Not failures.go: its wrapper would catch the goexit signal as a failure.
            Go.go(() -> {
                try {
                    Result<Object> r = g.run("key", fn);
                    returned.incrementAndGet();
                    if (r.err() != null) {
                        failures.add("error should be null, but got: " + r.err());
                    }
                } finally {
                    done.countDown();
                }
            });
        }
        awaitOpen(done, failures, "Do hangs");
        failures.check();
        assertEquals(0, returned.get(), "a caller returned from run although fn called goexit");
    }

    /** Runs {@code body} with a default uncaught-exception handler that records what reaches it. */
    private static void withRecordingHandler(AtomicReference<Throwable> handled, CountDownLatch reached,
            Body body) throws Exception {
        Thread.UncaughtExceptionHandler saved = Thread.getDefaultUncaughtExceptionHandler();
        Thread.setDefaultUncaughtExceptionHandler((t, e) -> {
            handled.compareAndSet(null, e);
            reached.countDown();
        });
        try {
            body.run();
        } finally {
            Thread.setDefaultUncaughtExceptionHandler(saved);
        }
    }

    // Go: TestPanicDoChan, adapted (see the class comment): Go's program crashes with the
    // panic; here the receiver gets it as the result's error, and the goroutine that
    // ran fn ends with it unrecovered (its uncaught-exception handler gets it).
    @Test
    void testPanicDoChan() throws Exception {
        AtomicReference<Throwable> handled = new AtomicReference<>();
        CountDownLatch reached = new CountDownLatch(1);
        Failures failures = new Failures();
        withRecordingHandler(handled, reached, () -> {
            SingleFlight<String, Object> g = new SingleFlight<>();
            Panic boom = new Panic("Panicking in DoChan");
            RecvChan<Result<Object>> ch = g.runChan("", () -> {
                throw boom;
            });
            Result<Object> r = recvBounded(ch, failures, "the runChan result");
            assertSame(boom, r.err(), "the receiver gets fn's panic as the error");
            assertNull(r.value());
            awaitOpen(reached, failures, "the unrecovered panic reaching the handler");
            assertSame(boom, handled.get(), "the panic that ended runChan's goroutine");
        });
    }

    // Go: TestPanicDoSharedByDoChan, adapted: a runChan caller that joined a run caller's
    // execution gets the panic as its result's error, and does not run its own fn; the
    // run caller gets it thrown.
    @Test
    void testPanicDoSharedByDoChan() {
        Failures failures = new Failures();
        inGoroutine("TestPanicDoSharedByDoChan", failures, () -> {
            Chan<Void> blocked = Chan.make();
            Chan<Void> unblock = Chan.make();
            Chan<Throwable> doOutcome = Chan.make(1);
            Panic boom = new Panic("Panicking in Do");

            SingleFlight<String, Object> g = new SingleFlight<>();
            failures.go("TestPanicDoSharedByDoChan-do", () -> {
                Throwable outcome = null;
                try {
                    g.run("", () -> {
                        blocked.close();
                        unblock.recv();
                        throw boom;
                    });
                } catch (Throwable t) {
                    outcome = t;
                }
                doOutcome.send(outcome);
            });

            recvBounded(blocked, failures, "the run caller's fn started");
            RecvChan<Result<Object>> ch = g.runChan("", () -> {
                throw new Panic("DoChan unexpectedly executed callback");
            });
            unblock.close();
            Result<Object> r = recvBounded(ch, failures, "the runChan result");
            assertSame(boom, r.err(), "the runChan caller gets the run caller's panic");
            assertTrue(r.shared());
            assertSame(boom, recvBounded(doOutcome, failures, "the run caller"), "the run caller gets it thrown");
        });
    }

    // Go: ExampleGroup: two runChan calls for one key while the first is in flight: one
    // execution, its result shared.
    @Test
    void testExampleGroup() {
        Failures failures = new Failures();
        inGoroutine("ExampleGroup", failures, () -> {
            SingleFlight<String, String> g = new SingleFlight<>();
            Chan<Void> block = Chan.make();
            RecvChan<Result<String>> res1c = g.runChan("key", () -> {
                block.recv();
                return "func 1";
            });
            RecvChan<Result<String>> res2c = g.runChan("key", () -> {
                block.recv();
                return "func 2";
            });
            block.close();

            Result<String> res1 = recvBounded(res1c, failures, "result 1");
            Result<String> res2 = recvBounded(res2c, failures, "result 2");
            assertTrue(res2.shared(), "Shared");
            assertEquals(res1.value(), res2.value(), "Equal results");
            assertEquals("func 1", res1.value(), "Result");
        });
    }


    // ================================================================== the Javadoc

    /**
     * A caller that joins an execution in flight waits for it (parked in
     * {@code sync.WaitGroup.Wait}, as in Go) and gets its result and exception with
     * {@code shared} true; so does the caller that ran it. A lone caller's result is not
     * shared.
     */
    @Test
    void joinedCallersShareTheResultAndTheException() {
        Failures failures = new Failures();
        inGoroutine("singleFlightShared", failures, () -> {
            SingleFlight<String, Object> g = new SingleFlight<>();
            assertFalse(g.run("lone", () -> 1).shared(), "a lone caller's result is shared");

            IOException err = new IOException("SingleFlightTest: fn failed");
            Chan<Void> started = Chan.make();
            Chan<Void> finish = Chan.make();
            AtomicInteger runs = new AtomicInteger();
            Callable<Object> fn = () -> {
                runs.incrementAndGet();
                started.close();
                finish.recv();
                throw err;
            };
            Chan<Result<Object>> results = Chan.make(3);
            failures.go("singleFlightShared-leader", () -> results.send(g.run("k", fn)));
            recvBounded(started, failures, "fn started");
            String joiner = failures.go("singleFlightShared-joiner", () -> results.send(g.run("k", fn)));
            awaitBlocked(joiner, failures, "sync.WaitGroup.Wait");
            RecvChan<Result<Object>> viaChan = g.runChan("k", fn);
            finish.close();
            for (int i = 0; i < 2; i++) {
                Result<Object> r = recvBounded(results, failures, "run caller " + i);
                assertSame(err, r.err());
                assertNull(r.value());
                assertTrue(r.shared(), "shared by three callers");
            }
            Result<Object> r = recvBounded(viaChan, failures, "the runChan caller");
            assertSame(err, r.err());
            assertTrue(r.shared());
            assertEquals(1, runs.get(), "executions of fn");

            // The key is free again: the next call runs its own fn.
            Result<Object> next = g.run("k", () -> "again");
            assertEquals("again", next.value());
            assertFalse(next.shared());
        });
    }

    /**
     * An {@link Error} thrown by fn is a panic: every run caller of the execution gets the
     * same instance thrown; a runChan caller gets a {@code Panic} whose value and cause is
     * that error.
     */
    @Test
    void anErrorIsRethrownToEveryRunCaller() throws Exception {
        AtomicReference<Throwable> handled = new AtomicReference<>();
        CountDownLatch reached = new CountDownLatch(1);
        Failures failures = new Failures();
        withRecordingHandler(handled, reached, () -> inGoroutine("singleFlightError", failures, () -> {
            SingleFlight<String, Object> g = new SingleFlight<>();
            AssertionError boom = new AssertionError("SingleFlightTest: an Error in fn");
            Chan<Void> started = Chan.make();
            Chan<Void> finish = Chan.make();
            Callable<Object> fn = () -> {
                started.close();
                finish.recv();
                throw boom;
            };
            RecvChan<Result<Object>> viaChan = g.runChan("k", fn); // fn runs in runChan's goroutine
            recvBounded(started, failures, "fn started");
            Chan<Throwable> outcomes = Chan.make(2);
            List<String> joiners = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                joiners.add(failures.go("singleFlightError-joiner", () -> {
                    Throwable outcome = null;
                    try {
                        g.run("k", fn);
                    } catch (Throwable t) {
                        outcome = t;
                    }
                    outcomes.send(outcome);
                }));
            }
            for (String j : joiners) {
                awaitBlocked(j, failures, "sync.WaitGroup.Wait");
            }
            finish.close();
            for (int i = 0; i < 2; i++) {
                assertSame(boom, recvBounded(outcomes, failures, "joiner " + i), "the Error itself, rethrown");
            }
            Result<Object> r = recvBounded(viaChan, failures, "the runChan caller");
            Panic p = assertInstanceOf(Panic.class, r.err());
            assertSame(boom, p.value());
            assertSame(boom, p.getCause());
            assertTrue(r.shared());
            awaitOpen(reached, failures, "the Error ending runChan's goroutine");
            assertSame(boom, handled.get());
        }));
    }

    /**
     * runChan delivers on a channel of capacity 1 per caller: callers that never receive
     * do not block the execution, which completes and frees the key.
     */
    @Test
    void runChanCallersThatNeverReceiveHoldNobodyUp() {
        Failures failures = new Failures();
        inGoroutine("singleFlightSlowReceivers", failures, () -> {
            SingleFlight<String, Object> g = new SingleFlight<>();
            Chan<Void> finish = Chan.make();
            List<RecvChan<Result<Object>>> chans = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                chans.add(g.runChan("k", () -> {
                    finish.recv();
                    return "v";
                }));
            }
            finish.close();
            // Nobody has received; a run for the key must get a fresh execution once the
            // first has finished (it can only finish if its sends did not block). Until
            // then a run joins the execution in flight and gets "v": poll, bounded.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(Waits.WAIT_BOUND_SECONDS);
            while (!"fresh".equals(g.run("k", () -> "fresh").value())) {
                if (System.nanoTime() - deadline > 0) {
                    fail("the runChan execution did not finish within " + Waits.WAIT_BOUND_SECONDS
                            + " s: its sends blocked");
                }
                GoRuntime.gosched();
            }
            for (RecvChan<Result<Object>> ch : chans) {
                assertEquals(1, ch.len(), "the result waits in the channel's buffer");
                Result<Object> r = ch.recv();
                assertEquals("v", r.value());
                assertTrue(r.shared());
            }
        });
    }

    /** Forget of a key nobody runs is harmless; null keys and functions are rejected. */
    @Test
    void forgetAndNullArguments() {
        SingleFlight<String, Object> g = new SingleFlight<>();
        g.forget("nobody");
        assertThrows(NullPointerException.class, () -> g.run(null, () -> 1));
        assertThrows(NullPointerException.class, () -> g.run("k", null));
        assertThrows(NullPointerException.class, () -> g.runChan(null, () -> 1));
        assertThrows(NullPointerException.class, () -> g.runChan("k", null));
        NullPointerException e = assertThrows(NullPointerException.class, () -> g.forget(null));
        assertTrue(e.getMessage().contains("key"), e.getMessage());
        assertEquals(1, g.run("k", () -> 1).value(), "the rejected calls left the key free");
    }
}
