package io.goroutines.tests;

import io.goroutines.Go;
import io.goroutines.RecvChan;
import io.goroutines.context.CancelCauseContext;
import io.goroutines.context.CancelContext;
import io.goroutines.context.Context;
import io.goroutines.testkit.OtherContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Ports of Go's context/context_test.go (and x_test.go) cases that need no timers:
 * cancellation parent to child and never child to parent, values, causes,
 * WithoutCancel, AfterFunc, and foreign wrapper contexts.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ContextTest {

    private static boolean isDone(Context c) {
        return c.done().tryRecv() != null;
    }

    /** Waits, bounded, until c's done channel is closed: a receive in a goroutine. */
    private static void awaitDone(Context c) throws InterruptedException {
        CountDownLatch closed = new CountDownLatch(1);
        Go.go(() -> {
            c.done().recv();
            closed.countDown();
        });
        assertTrue(closed.await(10, TimeUnit.SECONDS), c + " was not canceled");
    }

    @Test
    void testBackground() {
        Context c = Context.background();
        assertFalse(isDone(c), "<-c.Done() == it should block");
        assertEquals("context.Background", c.toString());
        assertNull(c.err());
        assertTrue(c.deadline().isEmpty());
        assertSame(c, Context.background());
    }

    @Test
    void testTODO() {
        Context c = Context.todo();
        assertFalse(isDone(c));
        assertEquals("context.TODO", c.toString());
    }

    @Test
    void testWithCancel() throws Exception {
        CancelContext c1 = Context.withCancel(Context.background());
        assertEquals("context.Background.WithCancel", c1.toString());
        OtherContext o = new OtherContext(c1);
        CancelContext c2 = Context.withCancel(o);
        Context[] contexts = {c1, o, c2};
        for (Context c : contexts) {
            assertFalse(isDone(c), c + " should not be done yet");
            assertNull(c.err());
        }
        c1.cancel();
        for (Context c : contexts) {
            awaitDone(c);
            assertSame(Context.CANCELED, c.err());
        }
        assertEquals("context canceled", c2.err().getMessage());
    }

    @Test
    void testParentFinishesChild() throws Exception {
        CancelContext parent = Context.withCancel(Context.background());
        CancelContext child1 = Context.withCancel(parent);
        Context valueChild = Context.withValue(parent, "key", "value");
        CancelContext child2 = Context.withCancel(valueChild);
        parent.cancel();
        for (Context c : new Context[] {parent, child1, valueChild, child2}) {
            awaitDone(c);
            assertSame(Context.CANCELED, c.err());
        }
    }

    @Test
    void testChildFinishesFirst() {
        CancelContext parent = Context.withCancel(Context.background());
        CancelContext child = Context.withCancel(parent);
        child.cancel();
        assertTrue(isDone(child));
        assertSame(Context.CANCELED, child.err());
        assertFalse(isDone(parent), "canceling a child must not cancel its parent");
        assertNull(parent.err());
        parent.cancel();
        assertTrue(isDone(parent));
    }

    @Test
    void cancelIsIdempotentAndDoneIsTheSameChannel() {
        CancelContext c = Context.withCancel(Context.background());
        RecvChan<Void> d = c.done();
        c.cancel();
        c.cancel();
        c.close();
        assertSame(d, c.done());
        assertTrue(isDone(c));
    }

    @Test
    void doneAskedForOnlyAfterCancelIsClosed() {
        CancelContext c = Context.withCancel(Context.background());
        c.cancel();
        assertTrue(isDone(c));
        assertTrue(c.done().recvOk().ok() == false);
    }

    @Test
    void childOfCanceledParentIsCanceledAtOnce() {
        CancelContext parent = Context.withCancel(Context.background());
        parent.cancel();
        CancelContext child = Context.withCancel(parent);
        assertTrue(isDone(child));
        assertSame(Context.CANCELED, child.err());
    }

    @Test
    void testValues() {
        Context c0 = Context.background();
        Context c1 = Context.withValue(c0, "k1", "c1k1");
        Context c2 = Context.withValue(c1, "k2", "c2k2");
        Context c3 = Context.withValue(c2, "k3", "c3k3");
        Context c4 = Context.withValue(c3, "k1", null); // shadows k1
        CancelContext c5 = Context.withCancel(c4);
        assertNull(c0.value("k1"));
        assertEquals("c1k1", c1.value("k1"));
        assertEquals("c1k1", c3.value("k1"));
        assertEquals("c2k2", c3.value("k2"));
        assertEquals("c3k3", c3.value("k3"));
        assertNull(c4.value("k1"));
        assertEquals("c2k2", c5.value("k2"));
        assertNull(c5.value("k4"));
        assertEquals("context.Background.WithValue(k1, c1k1)", c1.toString());
        // keys compare by equality, as Go compares interface values
        assertEquals("c1k1", c1.value(new String("k1")));
    }

    @Test
    void deepValueChainsDoNotOverflowTheStack() {
        Context c = Context.background();
        for (int i = 0; i < 100_000; i++) {
            c = Context.withValue(c, i, i);
        }
        assertEquals(0, c.value(0));
    }

    @Test
    void testCause() throws Exception {
        IllegalStateException boom = new IllegalStateException("boom");
        CancelCauseContext c = Context.withCancelCause(Context.background());
        assertNull(Context.cause(c));
        CancelContext child = Context.withCancel(c);
        c.cancel(boom);
        awaitDone(child);
        assertSame(Context.CANCELED, c.err());
        assertSame(boom, Context.cause(c));
        assertSame(boom, Context.cause(child), "the cause propagates to children");
        c.cancel(new IllegalStateException("later")); // no effect
        assertSame(boom, Context.cause(c));
        // cancel(null) records CANCELED as the cause
        CancelCauseContext d = Context.withCancelCause(Context.background());
        d.cancel(null);
        assertSame(Context.CANCELED, Context.cause(d));
        // a plain withCancel's cause is its error
        CancelContext e = Context.withCancel(Context.background());
        e.cancel();
        assertSame(Context.CANCELED, Context.cause(e));
        assertNull(Context.cause(Context.background()));
    }

    @Test
    void causeSeesThroughAWrapper() throws Exception {
        IllegalArgumentException why = new IllegalArgumentException("why");
        CancelCauseContext c = Context.withCancelCause(Context.background());
        OtherContext wrapper = new OtherContext(c);
        CancelContext child = Context.withCancel(wrapper);
        c.cancel(why);
        awaitDone(child);
        assertSame(why, Context.cause(wrapper));
        assertSame(why, Context.cause(child));
    }

    /** A foreign context with its own done channel is watched, not registered (Go's x_test). */
    @Test
    void foreignParentWithItsOwnDoneChannelPropagates() throws Exception {
        CancelContext inner = Context.withCancel(Context.background());
        io.goroutines.Chan<Void> ownDone = io.goroutines.Chan.make();
        Context foreign = new Context() {
            @Override
            public RecvChan<Void> done() {
                return ownDone;
            }

            @Override
            public Exception err() {
                return ownDone.tryRecv() != null ? Context.CANCELED : null;
            }

            @Override
            public Optional<Instant> deadline() {
                return Optional.empty();
            }

            @Override
            public Object value(Object key) {
                return inner.value(key); // resolves to inner, but its done channel differs
            }
        };
        CancelContext child = Context.withCancel(foreign);
        assertFalse(isDone(child));
        ownDone.close();
        awaitDone(child);
        assertSame(Context.CANCELED, child.err());
        assertFalse(isDone(inner), "the wrapped context was not canceled");
    }

    @Test
    void testWithoutCancel() throws Exception {
        CancelContext parent = Context.withCancel(Context.withValue(Context.background(), "k", "v"));
        Context c = Context.withoutCancel(parent);
        CancelContext child = Context.withCancel(c);
        parent.cancel();
        assertTrue(isDone(parent));
        assertFalse(isDone(c), "WithoutCancel must not be canceled by its parent");
        assertFalse(isDone(child));
        assertNull(c.err());
        assertEquals("v", c.value("k"));
        assertTrue(c.deadline().isEmpty());
        assertNull(Context.cause(c));
        child.cancel();
        assertTrue(isDone(child));
    }

    @Test
    void testAfterFuncCalledAfterCancel() throws Exception {
        CancelContext ctx = Context.withCancel(Context.background());
        CountDownLatch ran = new CountDownLatch(1);
        Context.afterFunc(ctx, ran::countDown);
        assertFalse(ran.await(0, TimeUnit.MILLISECONDS));
        ctx.cancel();
        assertTrue(ran.await(10, TimeUnit.SECONDS), "AfterFunc not called after context is canceled");
    }

    @Test
    void testAfterFuncCalledAfterOccursOnce() throws Exception {
        CancelContext ctx = Context.withCancel(Context.background());
        AtomicInteger calls = new AtomicInteger();
        CountDownLatch ran = new CountDownLatch(1);
        BooleanSupplier stop = Context.afterFunc(ctx, () -> {
            calls.incrementAndGet();
            ran.countDown();
        });
        ctx.cancel();
        ctx.cancel();
        assertTrue(ran.await(10, TimeUnit.SECONDS));
        assertFalse(stop.getAsBoolean(), "stop after the function started must return false");
        assertEquals(1, calls.get());
    }

    @Test
    void testAfterFuncNotCalledAfterStop() throws Exception {
        CancelContext ctx = Context.withCancel(Context.background());
        AtomicInteger calls = new AtomicInteger();
        BooleanSupplier stop = Context.afterFunc(ctx, calls::incrementAndGet);
        assertTrue(stop.getAsBoolean(), "first stop returns true");
        assertFalse(stop.getAsBoolean(), "second stop returns false");
        ctx.cancel();
        // Prove that f would have run by now: a second AfterFunc registered after the
        // stopped one runs, and the stopped one still has not.
        CountDownLatch probe = new CountDownLatch(1);
        Context.afterFunc(ctx, probe::countDown);
        assertTrue(probe.await(10, TimeUnit.SECONDS));
        assertEquals(0, calls.get());
    }

    @Test
    void testAfterFuncOnAlreadyCanceledContextRunsAtOnce() throws Exception {
        CancelContext ctx = Context.withCancel(Context.background());
        ctx.cancel();
        CountDownLatch ran = new CountDownLatch(1);
        Context.afterFunc(ctx, ran::countDown);
        assertTrue(ran.await(10, TimeUnit.SECONDS));
    }

    @Test
    void afterFuncRunsInItsOwnGoroutine() throws Exception {
        CancelContext ctx = Context.withCancel(Context.background());
        Thread[] ranOn = new Thread[1];
        CountDownLatch ran = new CountDownLatch(1);
        Context.afterFunc(ctx, () -> {
            ranOn[0] = Thread.currentThread();
            ran.countDown();
        });
        ctx.cancel();
        assertTrue(ran.await(10, TimeUnit.SECONDS));
        assertTrue(ranOn[0].isVirtual() && ranOn[0] != Thread.currentThread());
    }

    @Test
    void tryWithResourcesIsDeferCancel() {
        CancelContext seen;
        try (CancelContext c = Context.withCancel(Context.background())) {
            seen = c;
            assertFalse(isDone(c));
        }
        assertTrue(isDone(seen));
    }

    @Test
    void withTimeoutIsCanceledByItsTimer() throws InterruptedException {
        CancelContext c = Context.withTimeout(Context.background(), Duration.ofMillis(20));
        assertTrue(c.deadline().isPresent());
        CountDownLatch done = new CountDownLatch(1);
        Go.go(() -> {
            c.done().recv();
            done.countDown();
        });
        assertTrue(done.await(10, TimeUnit.SECONDS), "the deadline never canceled the context");
        assertSame(Context.DEADLINE_EXCEEDED, c.err());
        assertEquals("context deadline exceeded", c.err().getMessage());
        c.cancel(); // a no-op now
        assertSame(Context.DEADLINE_EXCEEDED, c.err());
    }
}
