package io.goroutines.tests;

import io.goroutines.Chan;
import io.goroutines.Panic;
import io.goroutines.context.CancelContext;
import io.goroutines.context.Context;
import io.goroutines.sync.ErrGroup;
import io.goroutines.testkit.Failures;
import io.goroutines.testkit.Waits;
import io.goroutines.time.Time;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static io.goroutines.testkit.Goroutines.inGoroutine;
import static io.goroutines.testkit.Goroutines.start;
import static io.goroutines.testkit.Waits.awaitParked;
import static io.goroutines.testkit.Waits.join;
import static io.goroutines.testkit.Waits.recvBounded;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * {@link ErrGroup} (Go's {@code golang.org/x/sync/errgroup}) through the public API.
 *
 * <p>The first part ports {@code errgroup/errgroup_test.go}; each test is named after its
 * Go original and says so in a {@code // Go:} comment. Go's {@code g, ctx :=
 * errgroup.WithContext(parent)} is {@code g = ErrGroup.withContext(parent)} with
 * {@code ctx = g.context()}; a task's {@code return err} is {@code throw err}, its
 * {@code return nil} a normal return. Not ported: the examples (they fetch URLs or print)
 * and the benchmark. The second part checks docs/api.md and the Javadoc: a {@code Panic} or
 * {@code Error} from a task is rethrown by {@code await()} after every task ended,
 * checked and unchecked exceptions are errors, the first error is kept and is the
 * context's cause, the context of a plain group is {@code Context.background()},
 * {@code withContext}'s context is canceled on the first error or when {@code await()}
 * returns and not before, {@code go} blocks at the limit, and {@code setLimit} throws
 * while tasks are active.
 *
 * <p>Conventions are {@link ChanTest}'s and {@link MutexTest}'s. docs/api.md names no wait
 * reason for {@code await} or for {@code go} at the limit (Go's show
 * {@code sync.WaitGroup.Wait} and {@code chan send}), so a goroutine waiting there is
 * recognized as parked ({@link Waits#awaitParked}).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ErrGroupTest {

    /** A task that ends with {@code err}, or returns normally when it is {@code null}. */
    private static Callable<Object> returning(Exception err) {
        return () -> {
            if (err != null) {
                throw err;
            }
            return null;
        };
    }

    private static boolean isDone(Context c) {
        return c.done().tryRecv() != null;
    }


    // ================================================================== errgroup/errgroup_test.go

    // Go: TestZeroGroup (errgroup/errgroup_test.go). A plain group is awaited after each
    // task is added; the first error stays the answer of every later await.
    @Test
    void testZeroGroup() {
        Exception err1 = new Exception("errgroup_test: 1");
        Exception err2 = new Exception("errgroup_test: 2");
        List<List<Exception>> cases = List.of(
                List.of(),
                Arrays.asList((Exception) null),
                List.of(err1),
                Arrays.asList(err1, null),
                Arrays.asList(err1, null, err2));
        inGoroutine("TestZeroGroup", new Failures(), () -> {
            for (List<Exception> errs : cases) {
                ErrGroup g = new ErrGroup();
                Exception firstErr = null;
                for (int i = 0; i < errs.size(); i++) {
                    Exception err = errs.get(i);
                    g.go(returning(err));
                    if (firstErr == null && err != null) {
                        firstErr = err;
                    }
                    assertSame(firstErr, g.await(), "after go(return err) for err in " + errs.subList(0, i + 1));
                }
                if (errs.isEmpty()) {
                    assertNull(g.await(), "(not in Go) await with no task");
                }
            }
        });
    }

    // Go: TestWithContext (errgroup/errgroup_test.go): await returns the first error, and
    // afterwards the group's context is done, error or not.
    @Test
    void testWithContext() {
        Exception errDoom = new Exception("group_test: doomed");
        record Case(List<Exception> errs, Exception want) {}
        List<Case> cases = List.of(
                new Case(List.of(), null),
                new Case(Arrays.asList((Exception) null), null),
                new Case(List.of(errDoom), errDoom),
                new Case(Arrays.asList(errDoom, null), errDoom));
        inGoroutine("TestWithContext", new Failures(), () -> {
            for (Case tc : cases) {
                ErrGroup g = ErrGroup.withContext(Context.background());
                Context ctx = g.context();
                for (Exception err : tc.errs()) {
                    g.go(returning(err));
                }
                assertSame(tc.want(), g.await(), "after go(return err) for err in " + tc.errs());
                assertTrue(isDone(ctx), "after go(return err) for err in " + tc.errs() + ": ctx.done() was not closed");
            }
        });
    }

    // Go: TestTryGo (errgroup/errgroup_test.go): with a limit of 42, 42 tryGo calls start
    // tasks (each blocked sending on an unbuffered channel) and the 43rd fails; after
    // await one starts again; with a limit of 1 the second fails; with a limit of 0 every
    // one fails.
    @Test
    void testTryGo() {
        Failures failures = new Failures();
        inGoroutine("TestTryGo", failures, () -> {
            ErrGroup g = new ErrGroup();
            final int n = 42;
            g.setLimit(42);
            Chan<Void> ch = Chan.make();
            Callable<Object> fn = () -> {
                ch.send(null);
                return null;
            };
            for (int i = 0; i < n; i++) {
                assertTrue(g.tryGo(fn), "TryGo should succeed but got fail at " + i + "-th call.");
            }
            assertFalse(g.tryGo(fn), "TryGo is expected to fail but succeeded.");
            failures.go("TestTryGo-drain", () -> {
                for (int i = 0; i < n; i++) {
                    ch.recv();
                }
            });
            assertNull(g.await());

            assertTrue(g.tryGo(fn), "TryGo should success but got fail after all goroutines.");
            failures.go("TestTryGo-drain1", ch::recv);
            assertNull(g.await());

            // A smaller limit, set while no task is active.
            g.setLimit(1);
            assertTrue(g.tryGo(fn), "TryGo should success but got failed.");
            assertFalse(g.tryGo(fn), "TryGo should fail but succeeded.");
            failures.go("TestTryGo-drain1", ch::recv);
            assertNull(g.await());

            // A zero limit: nothing may start.
            g.setLimit(0);
            for (int i = 0; i < 1 << 10; i++) {
                assertFalse(g.tryGo(fn), "TryGo should fail but got succeeded.");
            }
            assertNull(g.await());
        });
    }

    // Go: TestGoLimit (errgroup/errgroup_test.go): 1025 tasks under a limit of 10; each
    // counts itself active, sleeps 1 µs and fails if it sees more than 10 active.
    @Test
    void testGoLimit() {
        final int limit = 10;
        inGoroutine("TestGoLimit", new Failures(), () -> {
            ErrGroup g = new ErrGroup();
            g.setLimit(limit);
            AtomicInteger active = new AtomicInteger();
            for (int i = 0; i <= 1 << 10; i++) {
                g.go(() -> {
                    int n = active.incrementAndGet();
                    if (n > limit) {
                        throw new Exception("saw " + n + " active goroutines; want <= " + limit);
                    }
                    Time.sleep(Duration.ofNanos(1000)); // lets other tasks increment active
                    active.decrementAndGet();
                    return null;
                });
            }
            Exception err = g.await();
            if (err != null) {
                fail(err.getMessage(), err);
            }
        });
    }

    // Go: TestCancelCause (errgroup/errgroup_test.go): the group's context is canceled with
    // the first error as its cause, or with plain cancellation (Go: context.Canceled) when
    // await returns without one. Its err() is CANCELED either way.
    @Test
    void testCancelCause() {
        Exception errDoom = new Exception("group_test: doomed");
        record Case(List<Exception> errs, Exception want) {}
        List<Case> cases = List.of(
                new Case(List.of(), null),
                new Case(Arrays.asList((Exception) null), null),
                new Case(List.of(errDoom), errDoom),
                new Case(Arrays.asList(errDoom, null), errDoom));
        inGoroutine("TestCancelCause", new Failures(), () -> {
            for (Case tc : cases) {
                ErrGroup g = ErrGroup.withContext(Context.background());
                Context ctx = g.context();
                for (Exception err : tc.errs()) {
                    assertTrue(g.tryGo(returning(err)), "(not in Go) tryGo without a limit");
                }
                assertSame(tc.want(), g.await(), "after tryGo(return err) for err in " + tc.errs());
                Throwable want = tc.want() == null ? Context.CANCELED : tc.want();
                assertSame(want, Context.cause(ctx), "after tryGo(return err) for err in " + tc.errs()
                        + ": context.Cause(ctx)");
                assertSame(Context.CANCELED, ctx.err(), "(not in Go) ctx.err() for err in " + tc.errs());
            }
        });
    }


    // ================================================================== docs/api.md and the Javadoc

    /**
     * docs/api.md: a {@code Panic} or an {@code Error} thrown by a task is rethrown by
     * {@code await()}, the very throwable, and only once every task has ended (the Javadoc:
     * await blocks until every task has ended).
     */
    @Test
    void panicOrErrorInATaskIsRethrownByAwaitAfterAllTasksEnded() {
        Failures failures = new Failures();
        inGoroutine("errGroupPanic", failures, () -> {
            for (Throwable thrown : List.of(new Panic("ErrGroupTest: this task panics on purpose"),
                    new Error("ErrGroupTest: this task throws an Error on purpose"))) {
                ErrGroup g = new ErrGroup();
                Chan<Void> release = Chan.make();
                AtomicBoolean slowEnded = new AtomicBoolean();
                g.go(() -> {
                    release.recv();
                    slowEnded.set(true);
                    return null;
                });
                g.go(() -> {
                    if (thrown instanceof Panic p) {
                        throw p;
                    }
                    throw (Error) thrown;
                });
                Chan<Object> outcome = Chan.make(1);
                String waiter = failures.go("errGroupPanic-await", () -> {
                    Object result;
                    try {
                        result = "returned " + g.await();
                    } catch (Throwable t) {
                        result = t;
                    }
                    outcome.send(new Object[] {result, slowEnded.get()});
                });
                awaitParked(waiter, failures);
                assertEquals(0, outcome.len(), thrown + ": await ended while a task was still running");
                release.send(null);
                Object[] got = (Object[]) recvBounded(outcome, failures, "await");
                assertSame(thrown, got[0], "await must rethrow what the task threw");
                assertEquals(true, got[1], thrown + ": await ended before the other task");
            }
        });
    }

    /** docs/api.md: an exception thrown by a task, checked or not (other than {@code Panic}), is that task's error. */
    @Test
    void checkedAndUncheckedExceptionsAreErrors() {
        inGoroutine("errGroupExceptions", new Failures(), () -> {
            for (Exception err : List.of(new IOException("ErrGroupTest: checked"),
                    new IllegalStateException("ErrGroupTest: unchecked"))) {
                ErrGroup g = new ErrGroup();
                g.go(returning(null));
                g.go(returning(err));
                assertSame(err, g.await());
            }
        });
    }

    /** 20 tasks that all fail at once. */
    private static final int FAILING_TASKS = 20;

    /**
     * Of many tasks failing together, one error is kept: {@code await()} returns it (and
     * the same again when called again), and it is the cause of the group's context.
     */
    @Test
    void firstErrorIsKeptAndIsTheContextsCause() {
        inGoroutine("errGroupFirstError", new Failures(), () -> {
            ErrGroup g = ErrGroup.withContext(Context.background());
            List<Exception> errs = new ArrayList<>();
            Chan<Void> start = Chan.make();
            for (int i = 0; i < FAILING_TASKS; i++) {
                Exception err = new Exception("ErrGroupTest: error " + i);
                errs.add(err);
                g.go(() -> {
                    start.recv();
                    throw err;
                });
            }
            start.close();
            Exception first = g.await();
            assertNotNull(first);
            assertTrue(errs.stream().anyMatch(e -> e == first), "await returned an error no task threw: " + first);
            assertSame(first, Context.cause(g.context()), "the context's cause");
            assertSame(first, g.await(), "a second await");
        });
    }

    /**
     * docs/api.md: {@code context()} of a plain {@code new ErrGroup()} is
     * {@code Context.background()}, before and after a task failed.
     */
    @Test
    void contextOfAPlainGroupIsBackground() {
        ErrGroup g = new ErrGroup();
        assertSame(Context.background(), g.context());
        Exception err = new Exception("ErrGroupTest: on purpose");
        inGoroutine("errGroupBackground", new Failures(), () -> {
            g.go(returning(err));
            assertSame(err, g.await());
        });
        assertSame(Context.background(), g.context());
        assertFalse(isDone(g.context()), "background was canceled");
    }

    /**
     * docs/api.md: {@code withContext} cancels its context on the first error, while other tasks
     * still run (one of them waits for exactly that), and not before; the cause is that
     * error; the parent is not canceled.
     */
    @Test
    void withContextCancelsOnTheFirstError() {
        Failures failures = new Failures();
        inGoroutine("errGroupCancelOnError", failures, () -> {
            CancelContext parent = Context.withCancel(Context.background());
            ErrGroup g = ErrGroup.withContext(parent);
            Context ctx = g.context();
            Chan<Void> waiting = Chan.make(1);
            AtomicReference<Exception> seen = new AtomicReference<>();
            g.go(() -> {
                waiting.send(null);
                ctx.done().recv();
                seen.set(ctx.err());
                return null;
            });
            recvBounded(waiting, failures, "the task waiting for cancellation");
            assertNull(ctx.err(), "canceled before any error");
            Exception errDoom = new Exception("ErrGroupTest: doomed");
            g.go(returning(errDoom));
            assertSame(errDoom, g.await());
            assertSame(Context.CANCELED, seen.get(), "what the waiting task saw");
            assertSame(errDoom, Context.cause(ctx));
            assertNull(parent.err(), "the group canceled its parent");
            parent.cancel();
        });
    }

    /**
     * docs/api.md: without an error, {@code withContext}'s context is canceled when
     * {@code await()} returns, not when the last task ends; and it is canceled with its
     * parent too.
     */
    @Test
    void withContextCancelsWhenAwaitReturnsAndWithItsParent() {
        Failures failures = new Failures();
        inGoroutine("errGroupCancelOnAwait", failures, () -> {
            ErrGroup g = ErrGroup.withContext(Context.background());
            Chan<Void> ran = Chan.make(1);
            g.go(() -> {
                ran.send(null);
                return null;
            });
            recvBounded(ran, failures, "the task");
            assertFalse(isDone(g.context()), "canceled before await");
            assertNull(g.await());
            assertTrue(isDone(g.context()), "not canceled when await returned");
            assertSame(Context.CANCELED, g.context().err());

            CancelContext parent = Context.withCancel(Context.background());
            ErrGroup child = ErrGroup.withContext(parent);
            Chan<Exception> seen = Chan.make(1);
            child.go(() -> {
                child.context().done().recv();
                seen.send(child.context().err());
                return null;
            });
            parent.cancel();
            assertSame(Context.CANCELED, recvBounded(seen, failures, "a task of a group whose parent was canceled"));
            assertNull(child.await(), "a canceled context is not a task error");
        });
    }

    /**
     * The Javadoc: at the limit, {@code go} blocks until a running task ends; the blocked
     * task starts only then.
     */
    @Test
    void goBlocksAtTheLimit() {
        Failures failures = new Failures();
        inGoroutine("errGroupGoLimit", failures, () -> {
            ErrGroup g = new ErrGroup();
            g.setLimit(1);
            Chan<Void> release = Chan.make();
            List<String> events = Collections.synchronizedList(new ArrayList<>());
            g.go(() -> {
                events.add("first started");
                release.recv();
                events.add("first ends");
                return null;
            });
            Chan<Void> goReturned = Chan.make(1);
            String starter = failures.go("errGroupGoLimit-starter", () -> {
                g.go(() -> {
                    events.add("second started");
                    return null;
                });
                goReturned.send(null);
            });
            awaitParked(starter, failures);
            assertEquals(0, goReturned.len(), "go returned at the limit");
            assertFalse(g.tryGo(returning(null)), "tryGo succeeded at the limit");
            release.send(null);
            recvBounded(goReturned, failures, "go after the first task ended");
            assertNull(g.await());
            assertEquals(List.of("first started", "first ends", "second started"), events);
        });
    }

    /**
     * The Javadoc: {@code setLimit} while tasks of the group are running throws a
     * {@code Panic} with Go's message; once they have ended it works.
     */
    @Test
    void setLimitWhileTasksAreActivePanics() {
        Failures failures = new Failures();
        inGoroutine("errGroupSetLimit", failures, () -> {
            ErrGroup g = new ErrGroup();
            g.setLimit(2);
            Chan<Void> release = Chan.make();
            Chan<Void> running = Chan.make(1);
            g.go(() -> {
                running.send(null);
                release.recv();
                return null;
            });
            recvBounded(running, failures, "the task");
            Panic p = assertThrows(Panic.class, () -> g.setLimit(3));
            assertTrue(String.valueOf(p.getMessage())
                            .contains("errgroup: modify limit while 1 goroutines in the group are still active"),
                    "the panic message: " + p.getMessage());
            release.send(null);
            assertNull(g.await());
            g.setLimit(3); // no task is active any more
            g.setLimit(-1);
        });
    }

    /** Go's SetLimit: a negative limit removes it. */
    @Test
    void negativeLimitRemovesTheLimit() {
        Failures failures = new Failures();
        inGoroutine("errGroupNoLimit", failures, () -> {
            ErrGroup g = new ErrGroup();
            g.setLimit(1);
            g.setLimit(-1);
            Chan<Void> release = Chan.make();
            Callable<Object> blocked = () -> {
                release.recv();
                return null;
            };
            for (int i = 0; i < 5; i++) {
                assertTrue(g.tryGo(blocked), "tryGo failed with no limit, task " + i);
            }
            release.close();
            assertNull(g.await());
        });
    }

    /** docs/api.md: any thread may use an ErrGroup: a platform thread starts tasks and awaits them. */
    @Test
    void platformThreadStartsAndAwaitsTasks() throws Exception {
        Failures failures = new Failures();
        Exception err = new Exception("ErrGroupTest: from a task started by a platform thread");
        AtomicReference<Exception> got = new AtomicReference<>();
        AtomicInteger ran = new AtomicInteger();
        Thread t = start(Thread.ofPlatform().daemon(true), "errGroupPlatform", failures, () -> {
            ErrGroup g = ErrGroup.withContext(Context.background());
            g.setLimit(2);
            for (int i = 0; i < 10; i++) {
                g.go(() -> {
                    ran.incrementAndGet();
                    return null;
                });
            }
            g.go(returning(err));
            got.set(g.await());
        });
        join(t, failures);
        failures.check();
        assertEquals(10, ran.get());
        assertSame(err, got.get());
    }

    /** {@code null} tasks and parents throw {@link NullPointerException}. */
    @Test
    void nullArgumentsThrow() {
        ErrGroup g = new ErrGroup();
        assertThrows(NullPointerException.class, () -> g.go(null));
        assertThrows(NullPointerException.class, () -> g.tryGo(null));
        assertThrows(NullPointerException.class, () -> ErrGroup.withContext(null));
    }
}
