package io.goroutines.tests;

import io.goroutines.Go;
import io.goroutines.context.CancelCauseContext;
import io.goroutines.context.CancelContext;
import io.goroutines.context.Context;
import io.goroutines.testkit.Failures;
import io.goroutines.testkit.Heap;
import io.goroutines.testkit.OtherContext;
import io.goroutines.time.Time;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

import static io.goroutines.testkit.Clocks.CLOCK_SLACK;
import static io.goroutines.testkit.Clocks.MAX_GO_DURATION;
import static io.goroutines.testkit.Clocks.assertAtLeast;
import static io.goroutines.testkit.Clocks.ms;
import static io.goroutines.testkit.Clocks.since;
import static io.goroutines.testkit.Goroutines.inGoroutine;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Deadlines and timeouts of contexts: ports of the cases of Go 1.23's
 * {@code context/context_test.go} and {@code x_test.go} that need timers, which
 * {@link ContextTest} leaves out. Each test is named after its Go original and says so
 * in a {@code // Go:} comment; the rest check what docs/api.md and the Javadoc of
 * {@link Context#withDeadline} promise: {@code deadline()} is the earlier of the
 * parent's and the context's own, a deadline already past gives a context that is
 * already done, cancel before the deadline gives {@link Context#CANCELED} for good and
 * releases the timer, and children see {@link Context#DEADLINE_EXCEEDED} as both error
 * and cause.
 *
 * <p>Not ported: XTestWithCancelCanceledParent, XTestValues, XTestSimultaneousCancels
 * and the other cases with no deadline (they belong to {@link ContextTest}),
 * XTestAllocs (counts Go allocations), XTestCancelRemoves and XTestParentFinishesChild's
 * linkage checks (they read Go's private fields). The {@code WithTimeoutCause} cases of
 * TestCause are {@link #testCauseWithTimeoutCause()}; what the Javadoc of
 * {@link Context#withDeadlineCause} adds is checked after the ports.
 *
 * <p>Timing: Go's 50 ms deadlines are kept; Go's bound of 1 s for them to fire is
 * {@link #FAIL_AFTER}, and a bound that must stay below a longer deadline keeps Go's
 * ratio to it.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ContextDeadlineTest {

    /** Go's 50 ms deadlines and timeouts. */
    static final Duration SHORT = ms(50);

    /** How long a due deadline may take to cancel its context on a loaded 2-core machine (Go: 1 s). */
    static final Duration FAIL_AFTER = Duration.ofSeconds(2);

    /** A deadline that no test waits for. */
    static final Duration LONG = Duration.ofHours(1);


    // ================================================================== helpers

    /**
     * Go's testDeadline: waits until {@code c} is done or {@code failAfter} has passed,
     * then requires {@link Context#DEADLINE_EXCEEDED}. Must run in a goroutine.
     */
    private static void testDeadline(Context c, String name, Duration failAfter) {
        int chosen = Go.select()
                .recv(Time.after(failAfter), null)
                .recv(c.done(), null)
                .run();
        if (chosen == 0) {
            fail(name + ": context should have timed out within " + failAfter);
        }
        assertSame(Context.DEADLINE_EXCEEDED, c.err(), name + ": c.err()");
    }

    private static boolean isDone(Context c) {
        return c.done().tryRecv() != null;
    }


    // ================================================================== context_test.go

    // Go: XTestDeadline (context/context_test.go). The third case's own deadline is
    // 20 s (Go: 4 s) and its bound 5 s (Go: 2 s): it must be canceled through its
    // wrapped parent, long before its own deadline.
    @Test
    void testDeadline() {
        inGoroutine("TestDeadline", new Failures(), () -> {
            CancelContext c = Context.withDeadline(Context.background(), Instant.now().plus(SHORT));
            String prefix = "context.Background.WithDeadline(";
            assertTrue(c.toString().startsWith(prefix), "c.toString() = " + c + ", want prefix " + prefix);
            testDeadline(c, "WithDeadline", FAIL_AFTER);

            c = Context.withDeadline(Context.background(), Instant.now().plus(SHORT));
            OtherContext o = new OtherContext(c);
            testDeadline(o, "WithDeadline+otherContext", FAIL_AFTER);

            c = Context.withDeadline(Context.background(), Instant.now().plus(SHORT));
            o = new OtherContext(c);
            CancelContext c2 = Context.withDeadline(o, Instant.now().plus(Duration.ofSeconds(20)));
            testDeadline(c2, "WithDeadline+otherContext+WithDeadline", Duration.ofSeconds(5));
            c2.cancel();

            c = Context.withDeadline(Context.background(), Instant.now().minus(ms(1)));
            testDeadline(c, "WithDeadline+inthepast", FAIL_AFTER);

            c = Context.withDeadline(Context.background(), Instant.now());
            testDeadline(c, "WithDeadline+now", FAIL_AFTER);
        });
    }

    // Go: XTestTimeout (context/context_test.go). Go's String of a WithTimeout context
    // is its WithDeadline. Third case: own timeout 20 s (Go: 3 s), bound 5 s (Go: 2 s).
    @Test
    void testTimeout() {
        inGoroutine("TestTimeout", new Failures(), () -> {
            CancelContext c = Context.withTimeout(Context.background(), SHORT);
            String prefix = "context.Background.WithDeadline(";
            assertTrue(c.toString().startsWith(prefix), "c.toString() = " + c + ", want prefix " + prefix);
            testDeadline(c, "WithTimeout", FAIL_AFTER);

            c = Context.withTimeout(Context.background(), SHORT);
            OtherContext o = new OtherContext(c);
            testDeadline(o, "WithTimeout+otherContext", FAIL_AFTER);

            c = Context.withTimeout(Context.background(), SHORT);
            o = new OtherContext(c);
            CancelContext c2 = Context.withTimeout(o, Duration.ofSeconds(20));
            testDeadline(c2, "WithTimeout+otherContext+WithTimeout", Duration.ofSeconds(5));
            c2.cancel();
        });
    }

    // Go: XTestCanceledTimeout (context/context_test.go): cancel before the deadline
    // gives Canceled. Go sleeps 100 ms "to let cancellation propagate"; a context's own
    // cancel closes its done channel before returning, so none is needed.
    @Test
    void testCanceledTimeout() {
        CancelContext parent = Context.withTimeout(Context.background(), Duration.ofSeconds(1));
        OtherContext o = new OtherContext(parent);
        CancelContext c = Context.withTimeout(o, Duration.ofSeconds(2));
        c.cancel();
        assertTrue(isDone(c), "<-c.Done() blocked, but shouldn't have");
        assertSame(Context.CANCELED, c.err());
        assertSame(Context.CANCELED, Context.cause(c));
        assertFalse(isDone(parent), "cancel of a child canceled its parent");
        parent.cancel();
    }

    // Go: XTestLayersCancel (context/context_test.go): 30+ random layers of WithValue,
    // WithCancel and WithTimeout(200 ms); canceling any one cancels the innermost at once.
    @Test
    void testLayersCancel() {
        long seed = System.nanoTime();
        inGoroutine("TestLayersCancel", new Failures(), () -> testLayers(seed, false));
    }

    // Go: XTestLayersTimeout (context/context_test.go): the same, left to time out; the
    // bound is timeout + 2 s (Go: + 1 s).
    @Test
    void testLayersTimeout() {
        long seed = System.nanoTime();
        inGoroutine("TestLayersTimeout", new Failures(), () -> testLayers(seed, true));
    }

    private static void testLayers(long seed, boolean testTimeout) {
        String where = "seed=" + seed + ": ";
        Random rnd = new Random(seed);
        final Duration timeout = ms(200);
        final int minLayers = 30;
        List<Object> vals = new ArrayList<>();
        List<CancelContext> cancels = new ArrayList<>();
        int numTimers = 0;
        Context ctx = Context.background();
        for (int i = 0; i < minLayers || numTimers == 0 || cancels.isEmpty() || vals.isEmpty(); i++) {
            switch (rnd.nextInt(3)) {
                case 0 -> {
                    Object v = new Object(); // a key only equal to itself, like Go's *value
                    ctx = Context.withValue(ctx, v, v);
                    vals.add(v);
                }
                case 1 -> {
                    CancelContext c = Context.withCancel(ctx);
                    ctx = c;
                    cancels.add(c);
                }
                default -> {
                    CancelContext c = Context.withTimeout(ctx, timeout);
                    ctx = c;
                    cancels.add(c);
                    numTimers++;
                }
            }
        }
        Context innermost = ctx;
        Runnable checkValues = () -> {
            for (Object key : vals) {
                assertSame(key, innermost.value(key), where + "ctx.value(" + key + ")");
            }
        };
        assertFalse(isDone(ctx), where + "ctx should not be canceled yet");
        String prefix = "context.Background.";
        assertTrue(ctx.toString().startsWith(prefix), where + "ctx.toString() = " + ctx + ", want prefix " + prefix);
        checkValues.run();
        if (testTimeout) {
            int chosen = Go.select()
                    .recv(ctx.done(), null)
                    .recv(Time.after(timeout.plus(Duration.ofSeconds(2))), null)
                    .run();
            assertEquals(0, chosen, where + "ctx should have timed out");
            assertSame(Context.DEADLINE_EXCEEDED, ctx.err(), where + "ctx.err()");
            checkValues.run();
        } else {
            CancelContext c = cancels.get(rnd.nextInt(cancels.size()));
            c.cancel();
            assertTrue(isDone(ctx), where + "ctx should be canceled");
            assertSame(Context.CANCELED, ctx.err(), where + "ctx.err()");
            checkValues.run();
        }
        for (CancelContext c : cancels) {
            c.cancel();
        }
    }

    // Go: XTestDeadlineExceededSupportsTimeout (context/context_test.go) and
    // TestDeadlineExceededIsNetError (context/net_test.go): Go's error has Timeout()
    // true; here DEADLINE_EXCEEDED is a TimeoutException, with Go's message.
    @Test
    void testDeadlineExceededSupportsTimeout() {
        assertInstanceOf(TimeoutException.class, Context.DEADLINE_EXCEEDED);
        assertEquals("context deadline exceeded", Context.DEADLINE_EXCEEDED.getMessage());
        assertInstanceOf(CancellationException.class, Context.CANCELED);
        assertEquals("context canceled", Context.CANCELED.getMessage());
    }

    // Go: the timerChild of XTestParentFinishesChild (context/context_test.go): a
    // WithTimeout(10000 h) under a WithValue under the canceled parent is canceled too.
    @Test
    void testParentFinishesTimerChild() {
        CancelContext parent = Context.withCancel(Context.background());
        Context valueChild = Context.withValue(parent, "key", "value");
        CancelContext timerChild = Context.withTimeout(valueChild, Duration.ofHours(10_000));
        assertFalse(isDone(timerChild));
        parent.cancel();
        assertTrue(isDone(timerChild), "<-timerChild.Done() blocked, but shouldn't have");
        assertSame(Context.CANCELED, timerChild.err());
        assertSame(Context.CANCELED, Context.cause(timerChild));
        timerChild.cancel();
    }

    // Go: the deadline cases of TestCause (context/context_test.go, Go 1.21+) that need
    // no WithDeadlineCause/WithTimeoutCause: which error and cause each context reports.
    @Test
    void testCause() {
        IllegalStateException why = new IllegalStateException("TestCause: the cause");
        inGoroutine("TestCause", new Failures(), () -> {
            // WithTimeout that expires: err and cause are DeadlineExceeded.
            CancelContext expired = Context.withTimeout(Context.background(), Duration.ZERO);
            testDeadline(expired, "WithTimeout(0)", FAIL_AFTER);
            assertSame(Context.DEADLINE_EXCEEDED, Context.cause(expired), "WithTimeout expired: cause");

            // WithTimeout canceled before its deadline: Canceled.
            CancelContext canceled = Context.withTimeout(Context.background(), LONG);
            canceled.cancel();
            assertSame(Context.CANCELED, canceled.err());
            assertSame(Context.CANCELED, Context.cause(canceled), "WithTimeout canceled: cause");

            // WithTimeout under a WithCancelCause canceled with a cause: Canceled, that cause.
            CancelCauseContext causeParent = Context.withCancelCause(Context.background());
            CancelContext timeoutChild = Context.withTimeout(causeParent, LONG);
            causeParent.cancel(why);
            assertTrue(isDone(timeoutChild));
            assertSame(Context.CANCELED, timeoutChild.err());
            assertSame(why, Context.cause(timeoutChild), "WithTimeout under a canceled WithCancelCause: cause");

            // WithCancelCause under a WithTimeout, canceled with a cause before the deadline.
            CancelContext timeoutParent = Context.withTimeout(Context.background(), LONG);
            CancelCauseContext causeChild = Context.withCancelCause(timeoutParent);
            causeChild.cancel(why);
            assertSame(Context.CANCELED, causeChild.err());
            assertSame(why, Context.cause(causeChild));
            assertFalse(isDone(timeoutParent), "cancel of a child canceled its parent");
            assertNull(Context.cause(timeoutParent));
            timeoutParent.cancel();

            // WithCancelCause under a WithTimeout that expires: DeadlineExceeded for both.
            CancelContext shortParent = Context.withTimeout(Context.background(), SHORT);
            CancelCauseContext causeChild2 = Context.withCancelCause(shortParent);
            testDeadline(causeChild2, "WithCancelCause under WithTimeout", FAIL_AFTER);
            assertSame(Context.DEADLINE_EXCEEDED, Context.cause(causeChild2));
            causeChild2.cancel(why); // too late: no effect
            assertSame(Context.DEADLINE_EXCEEDED, causeChild2.err());
            assertSame(Context.DEADLINE_EXCEEDED, Context.cause(causeChild2));
        });
    }


    // Go: the WithTimeoutCause cases of TestCause (context/context_test.go, Go 1.21+):
    // the cause is set only by the deadline, not by the returned cancel function, and a
    // parent canceled with a cause after the deadline has passed does not replace it.
    @Test
    void testCauseWithTimeoutCause() {
        Duration forever = Duration.ofSeconds(1_000_000);
        IllegalStateException tooSlow = new IllegalStateException("tooSlow");
        IllegalStateException finishedEarly = new IllegalStateException("finishedEarly");
        record Case(String name, java.util.function.Supplier<Context> ctx, Exception err, Throwable cause) {
        }
        List<Case> cases = List.of(
                new Case("WithTimeoutCause", () -> {
                    CancelContext ctx = Context.withTimeoutCause(Context.background(), Duration.ZERO, tooSlow);
                    ctx.cancel();
                    return ctx;
                }, Context.DEADLINE_EXCEEDED, tooSlow),
                new Case("WithTimeoutCause canceled", () -> {
                    CancelContext ctx = Context.withTimeoutCause(Context.background(), forever, tooSlow);
                    ctx.cancel();
                    return ctx;
                }, Context.CANCELED, Context.CANCELED),
                new Case("WithTimeoutCause stacked", () -> {
                    CancelCauseContext parent = Context.withCancelCause(Context.background());
                    Context ctx = Context.withTimeoutCause(parent, Duration.ZERO, tooSlow);
                    parent.cancel(finishedEarly);
                    return ctx;
                }, Context.DEADLINE_EXCEEDED, tooSlow),
                new Case("WithTimeoutCause stacked canceled", () -> {
                    CancelCauseContext parent = Context.withCancelCause(Context.background());
                    Context ctx = Context.withTimeoutCause(parent, forever, tooSlow);
                    parent.cancel(finishedEarly);
                    return ctx;
                }, Context.CANCELED, finishedEarly),
                new Case("WithoutCancel timeout", () -> {
                    CancelContext ctx = Context.withTimeoutCause(Context.background(), Duration.ZERO, tooSlow);
                    Context without = Context.withoutCancel(ctx);
                    ctx.cancel();
                    return without;
                }, null, null));
        for (Case c : cases) {
            Context ctx = c.ctx().get();
            assertSame(c.err(), ctx.err(), c.name() + ": ctx.err()");
            assertSame(c.cause(), Context.cause(ctx), c.name() + ": Cause(ctx)");
        }
    }


    // ================================================================== docs/api.md and Context Javadoc

    /**
     * WithDeadlineCause through its timer (not the deadline already past): when the
     * deadline passes, err is DEADLINE_EXCEEDED and the cause is the given one, for the
     * context and for its children; a later cancel changes neither.
     */
    @Test
    void withDeadlineCauseSetsTheCauseWhenTheTimerFires() {
        IllegalStateException why = new IllegalStateException("ContextDeadlineTest: too slow");
        inGoroutine("withDeadlineCauseTimer", new Failures(), () -> {
            CancelContext ctx = Context.withDeadlineCause(Context.background(), Instant.now().plus(SHORT), why);
            CancelContext child = Context.withCancel(ctx);
            assertNull(ctx.err(), "done before the deadline");
            assertNull(Context.cause(ctx));
            testDeadline(ctx, "WithDeadlineCause", FAIL_AFTER);
            assertSame(why, Context.cause(ctx), "the cause once the deadline passed");
            assertTrue(isDone(child));
            assertSame(Context.DEADLINE_EXCEEDED, child.err(), "the child's err");
            assertSame(why, Context.cause(child), "the child inherits the cause");
            ctx.cancel();
            child.cancel();
            assertSame(Context.DEADLINE_EXCEEDED, ctx.err(), "a cancel after the deadline changed err");
            assertSame(why, Context.cause(ctx), "a cancel after the deadline changed the cause");

            // The same through withTimeoutCause, and a null cause (Go: DeadlineExceeded).
            CancelContext t = Context.withTimeoutCause(Context.background(), SHORT, why);
            testDeadline(t, "WithTimeoutCause", FAIL_AFTER);
            assertSame(why, Context.cause(t));
            CancelContext nullCause = Context.withDeadlineCause(Context.background(), Instant.now().plus(SHORT), null);
            testDeadline(nullCause, "WithDeadlineCause(null)", FAIL_AFTER);
            assertSame(Context.DEADLINE_EXCEEDED, Context.cause(nullCause), "a null cause is DeadlineExceeded");
        });
    }

    /**
     * Go: a parent whose deadline is earlier makes WithDeadlineCause a plain WithCancel:
     * the deadline is the parent's, and when it passes, the child reports the parent's
     * error and cause, not its own cause.
     */
    @Test
    void withDeadlineCauseUnderAnEarlierParentDeadlineTakesTheParentsCause() {
        IllegalStateException parentWhy = new IllegalStateException("ContextDeadlineTest: the parent's cause");
        IllegalStateException childWhy = new IllegalStateException("ContextDeadlineTest: the child's cause");
        inGoroutine("withDeadlineCauseEarlierParent", new Failures(), () -> {
            Instant parentDeadline = Instant.now().plus(SHORT);
            CancelContext parent = Context.withDeadlineCause(Context.background(), parentDeadline, parentWhy);
            CancelContext child = Context.withDeadlineCause(parent, Instant.now().plus(LONG), childWhy);
            assertEquals(Optional.of(parentDeadline), child.deadline());
            testDeadline(child, "WithDeadlineCause under an earlier parent deadline", FAIL_AFTER);
            assertSame(parentWhy, Context.cause(child));
            child.cancel();
        });
    }

    @Test
    void causeVariantsRejectNullParentsAndDeadlines() {
        IllegalStateException why = new IllegalStateException("unused");
        NullPointerException e = assertThrows(NullPointerException.class,
                () -> Context.withDeadlineCause(null, Instant.now(), why));
        assertEquals("cannot create context from nil parent", e.getMessage());
        assertThrows(NullPointerException.class, () -> Context.withDeadlineCause(Context.background(), null, why));
        e = assertThrows(NullPointerException.class, () -> Context.withTimeoutCause(null, LONG, why));
        assertEquals("cannot create context from nil parent", e.getMessage());
        assertThrows(NullPointerException.class, () -> Context.withTimeoutCause(Context.background(), null, why));
    }


    /** Go's WithDeadline: deadline() is the earlier of the parent's and the new one; children inherit it. */
    @Test
    void deadlineIsTheEarlierOfTheParentsAndItsOwn() {
        assertTrue(Context.background().deadline().isEmpty());
        Instant d1 = Instant.now().plus(LONG);
        CancelContext p = Context.withDeadline(Context.background(), d1);
        assertEquals(Optional.of(d1), p.deadline());

        CancelContext later = Context.withDeadline(p, d1.plus(LONG));
        assertEquals(Optional.of(d1), later.deadline(), "a later deadline than the parent's");
        Instant earlierDeadline = d1.minus(Duration.ofMinutes(30));
        CancelContext earlier = Context.withDeadline(p, earlierDeadline);
        assertEquals(Optional.of(earlierDeadline), earlier.deadline(), "an earlier deadline than the parent's");

        assertEquals(Optional.of(d1), Context.withCancel(p).deadline(), "WithCancel child");
        assertEquals(Optional.of(d1), Context.withValue(p, "k", "v").deadline(), "WithValue child");
        assertEquals(Optional.of(d1), Context.withCancelCause(p).deadline(), "WithCancelCause child");
        assertTrue(Context.withoutCancel(p).deadline().isEmpty(), "WithoutCancel child");
        OtherContext o = new OtherContext(p);
        assertEquals(Optional.of(d1), Context.withDeadline(o, d1.plus(LONG)).deadline(),
                "a later deadline under a wrapper: the wrapper's deadline() is the parent's");

        Instant before = Instant.now();
        CancelContext t = Context.withTimeout(Context.background(), LONG);
        Instant after = Instant.now();
        Instant td = t.deadline().orElseThrow();
        assertFalse(td.isBefore(before.plus(LONG)) || td.isAfter(after.plus(LONG)),
                "WithTimeout(1h) deadline " + td + " not in [" + before.plus(LONG) + ", " + after.plus(LONG) + "]");
        p.cancel();
        t.cancel();
    }

    /** Context Javadoc: with a deadline already passed, the context is returned already canceled. */
    @Test
    void deadlineInThePastGivesAContextAlreadyDone() {
        List<CancelContext> contexts = List.of(
                Context.withDeadline(Context.background(), Instant.now().minus(ms(1))),
                Context.withDeadline(Context.background(), Instant.EPOCH),
                Context.withTimeout(Context.background(), Duration.ZERO),
                Context.withTimeout(Context.background(), Duration.ofSeconds(-5)),
                Context.withTimeout(Context.background(), Duration.ofNanos(Long.MIN_VALUE)));
        for (CancelContext c : contexts) {
            assertTrue(isDone(c), c + " should be done when returned");
            assertSame(Context.DEADLINE_EXCEEDED, c.err(), c + ": err()");
            assertSame(Context.DEADLINE_EXCEEDED, Context.cause(c), c + ": cause");
            CancelContext child = Context.withCancel(c);
            assertTrue(isDone(child), "child of " + c + " should be done when returned");
            assertSame(Context.DEADLINE_EXCEEDED, child.err());
            c.cancel(); // no effect now
            assertSame(Context.DEADLINE_EXCEEDED, c.err(), c + ": err() after a late cancel");
        }
    }

    /** Go's WithDeadline on a canceled parent: the child is canceled at once, with the parent's error. */
    @Test
    void deadlineUnderACanceledParentIsCanceledAtOnce() {
        CancelContext parent = Context.withCancel(Context.background());
        parent.cancel();
        CancelContext c = Context.withTimeout(parent, LONG);
        assertTrue(isDone(c));
        assertSame(Context.CANCELED, c.err());
    }

    /** A deadline context is not done before its deadline, and done (with err set) once it passes. */
    @Test
    void doneClosesAtTheDeadlineNotBefore() {
        final Duration timeout = ms(200);
        inGoroutine("doneClosesAtTheDeadline", new Failures(), () -> {
            long start = System.nanoTime();
            CancelContext c = Context.withTimeout(Context.background(), timeout);
            assertNull(c.err(), "err() before the deadline");
            assertFalse(isDone(c), "done before the deadline");
            assertSame(c.done(), c.done(), "done() returns one channel");
            testDeadline(c, "WithTimeout(" + timeout + ")", FAIL_AFTER);
            assertAtLeast(since(start).plus(CLOCK_SLACK), timeout, "WithTimeout(" + timeout + ") done");
            assertSame(Context.DEADLINE_EXCEEDED, c.err(), "err() is the same on every call");
            c.cancel();
            assertSame(Context.DEADLINE_EXCEEDED, c.err(), "cancel after the deadline changes nothing");
        });
    }

    /** Canceled before its deadline, a context stays CANCELED after the deadline passes. */
    @Test
    void cancelBeforeTheDeadlineStaysCanceled() {
        inGoroutine("cancelBeforeTheDeadline", new Failures(), () -> {
            CancelContext c = Context.withTimeout(Context.background(), ms(100));
            CancelContext child = Context.withCancel(c);
            c.cancel();
            assertSame(Context.CANCELED, c.err());
            Time.sleep(ms(300));
            assertSame(Context.CANCELED, c.err(), "err() changed when the stopped deadline passed");
            assertSame(Context.CANCELED, Context.cause(c));
            assertSame(Context.CANCELED, child.err());
            assertSame(Context.CANCELED, Context.cause(child));
        });
    }

    /**
     * Children of a context whose deadline passes (cancel, cause, value and deadline
     * children, also under a wrapper) are canceled with DEADLINE_EXCEEDED as err and cause.
     */
    @Test
    void childrenOfAnExpiredContextSeeDeadlineExceeded() {
        inGoroutine("childrenOfAnExpiredContext", new Failures(), () -> {
            CancelContext parent = Context.withTimeout(Context.background(), ms(20));
            CancelContext child = Context.withCancel(parent);
            CancelCauseContext causeChild = Context.withCancelCause(parent);
            Context valueChild = Context.withValue(parent, "k", "v");
            CancelContext grandchild = Context.withTimeout(valueChild, LONG);
            CancelContext underWrapper = Context.withCancel(new OtherContext(parent));
            assertEquals(parent.deadline(), grandchild.deadline(), "the earlier deadline is the parent's");
            Context[] all = {parent, child, causeChild, valueChild, grandchild, underWrapper};
            for (Context c : all) {
                testDeadline(c, c.toString(), FAIL_AFTER);
                assertSame(Context.DEADLINE_EXCEEDED, Context.cause(c), c + ": cause");
            }
            child.cancel();
            causeChild.cancel(new IllegalStateException("too late"));
            assertSame(Context.DEADLINE_EXCEEDED, child.err());
            assertSame(Context.DEADLINE_EXCEEDED, Context.cause(causeChild));
        });
    }

    /** Go's AfterFunc on a context with a deadline runs f once the deadline passes, in its own goroutine. */
    @Test
    void afterFuncRunsWhenTheDeadlinePasses() throws Exception {
        CancelContext c = Context.withTimeout(Context.background(), ms(20));
        AtomicReference<Exception> errSeen = new AtomicReference<>();
        CountDownLatch ran = new CountDownLatch(1);
        Context.afterFunc(c, () -> {
            errSeen.set(c.err());
            ran.countDown();
        });
        assertTrue(ran.await(10, TimeUnit.SECONDS), "AfterFunc did not run after the deadline");
        assertSame(Context.DEADLINE_EXCEEDED, errSeen.get());
    }

    /** Go's WithoutCancel of a context with a deadline: no deadline, never done. */
    @Test
    void withoutCancelDropsTheDeadline() {
        inGoroutine("withoutCancelDropsTheDeadline", new Failures(), () -> {
            CancelContext parent = Context.withTimeout(Context.background(), ms(20));
            Context c = Context.withoutCancel(Context.withValue(parent, "k", "v"));
            assertTrue(c.deadline().isEmpty(), "deadline of WithoutCancel");
            testDeadline(parent, "parent", FAIL_AFTER);
            assertFalse(isDone(c), "WithoutCancel was canceled by its parent's deadline");
            assertNull(c.err());
            assertNull(Context.cause(c));
            assertEquals("v", c.value("k"));
        });
    }

    /**
     * Deadlines too far away to fit a nanosecond count must mean "never": Go's largest
     * duration and Instant.MAX.
     */
    @Test
    void farDeadlinesDoNotOverflow() {
        inGoroutine("farDeadlinesDoNotOverflow", new Failures(), () -> {
            CancelContext viaTimeout = Context.withTimeout(Context.background(), MAX_GO_DURATION);
            CancelContext viaDeadline = Context.withDeadline(Context.background(), Instant.MAX);
            assertEquals(Optional.of(Instant.MAX), viaDeadline.deadline());
            int chosen = Go.select()
                    .recv(viaTimeout.done(), null)
                    .recv(viaDeadline.done(), null)
                    .recv(Time.after(ms(50)), null)
                    .run();
            assertEquals(2, chosen, "a context with a far deadline was canceled");
            assertNull(viaTimeout.err());
            assertNull(viaDeadline.err());
            viaTimeout.cancel();
            viaDeadline.cancel();
            assertSame(Context.CANCELED, viaTimeout.err());
            assertSame(Context.CANCELED, viaDeadline.err());
        });
    }

    /** docs/api.md: null arguments throw NullPointerException. */
    @Test
    void nullArgumentsThrowNullPointerException() {
        assertThrows(NullPointerException.class, () -> Context.withTimeout(null, LONG));
        assertThrows(NullPointerException.class, () -> Context.withDeadline(null, Instant.now()));
        assertThrows(NullPointerException.class, () -> Context.withTimeout(Context.background(), null));
        assertThrows(NullPointerException.class, () -> Context.withDeadline(Context.background(), null));
    }

    /** Tries-with-resources cancels a deadline context: Go's {@code defer cancel()}. */
    @Test
    void tryWithResourcesCancelsADeadlineContext() {
        CancelContext seen;
        try (CancelContext c = Context.withTimeout(Context.background(), LONG)) {
            seen = c;
            assertFalse(isDone(c));
        }
        assertTrue(isDone(seen));
        assertSame(Context.CANCELED, seen.err());
    }

    /**
     * Cancel stops the deadline's timer. That timer is an AfterFunc-like timer, which
     * fires unless stopped whether or not anything holds it; so if cancel left it running,
     * it would keep its context reachable for the hour until it fired. 100,000
     * {@code WithTimeout(1h)} contexts, canceled and dropped, must be collected (the
     * measurement is {@link Heap}'s, as in {@link TimerGcTest}). Go checks the same
     * through its private fields in XTestCancelRemoves.
     */
    @Test
    void cancelReleasesTheDeadlineTimer() {
        Heap.assertReleasedWhenUnreferenced("canceled WithTimeout(1h)", 100_000,
                i -> Context.withTimeout(Context.background(), LONG),
                held -> {
                    for (Object c : held) {
                        ((CancelContext) c).cancel();
                    }
                });
    }
}
