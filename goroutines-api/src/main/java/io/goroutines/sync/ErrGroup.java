package io.goroutines.sync;

import io.goroutines.context.Context;
import io.goroutines.Chan;
import io.goroutines.Go;
import io.goroutines.Panic;
import io.goroutines.context.CancelCauseContext;

import java.util.concurrent.Callable;

/**
 * Go's {@code golang.org/x/sync/errgroup.Group}: a {@link WaitGroup} for tasks that
 * may fail, with the first error kept and, optionally, a context canceled on it.
 *
 * <pre>{@code
 * ErrGroup g = ErrGroup.withContext(parent);
 * for (String url : urls) {
 *     g.go(() -> fetch(g.context(), url));
 * }
 * Exception err = g.await();   // the first error, or null
 * }</pre>
 *
 * <ul>
 *   <li>An {@link Exception} thrown by a task (checked or not, other than
 *       {@link io.goroutines.Panic}) is that task's error. {@link #await()} waits for
 *       all tasks and returns the first error, or {@code null}.</li>
 *   <li>A {@code Panic} or an {@link Error} thrown by a task is not an error but a
 *       panic: {@code await()} rethrows it.</li>
 *   <li>A group made by {@link #withContext(Context)} cancels its
 *       {@link #context()} on the first error or when {@code await()} returns. The
 *       context of a plain {@code new ErrGroup()} is {@link Context#background()}.</li>
 *   <li>{@link #setLimit(int)} bounds the number of tasks running at once.</li>
 * </ul>
 *
 * <p>Any thread may use an {@code ErrGroup}; waiting is not interruptible.
 */
public final class ErrGroup {

    /*
     * Go's x/sync/errgroup.Group, on this library's public API as Go's is on its own:
     * a WaitGroup for the tasks, a Once for the first error, a buffered channel of
     * tokens for the limit (a task sends one to start and receives it back when it
     * ends). err and panic are written by tasks before their wg.done() and read by
     * await after wg.await(), which orders them (Go's memory model: Done before Wait
     * returns); they are volatile as well because Once only orders the writer.
     */
    private static final Object TOKEN = new Object();

    private final CancelCauseContext ctx;
    private final WaitGroup wg = new WaitGroup();
    private final Once errOnce = new Once();
    private final Mutex panicMu = new Mutex();
    private volatile Exception err;
    private volatile Throwable panic;
    /** The limit's tokens, or null for no limit; set by setLimit (never concurrently with go). */
    private volatile Chan<Object> sem;

    /** Makes a group with no limit whose context is {@link Context#background()}. */
    public ErrGroup() {
        this(null);
    }

    private ErrGroup(CancelCauseContext ctx) {
        this.ctx = ctx;
    }

    /**
     * Go's {@code errgroup.WithContext(ctx)}: a group whose {@link #context()} is
     * derived from {@code parent} and canceled the first time a task returns an
     * error or when {@link #await()} returns, whichever comes first.
     *
     * @param parent the parent context
     * @return a new group
     * @throws NullPointerException if {@code parent} is {@code null}
     */
    public static ErrGroup withContext(Context parent) {
        if (parent == null) {
            throw new NullPointerException("cannot create context from nil parent");
        }
        return new ErrGroup(Context.withCancelCause(parent));
    }

    /**
     * The group's context: the one derived by {@link #withContext(Context)}, or
     * {@link Context#background()} for a group made by {@code new ErrGroup()}.
     * (Go returns it from {@code WithContext} instead.)
     *
     * @return the group's context
     */
    public Context context() {
        return ctx != null ? ctx : Context.background();
    }

    /**
     * Go's {@code g.Go(f)}: runs {@code f} in a new goroutine. When a limit is set,
     * blocks until the task can start without exceeding it.
     *
     * @param f the task; what it returns is ignored, what it throws is its error or
     *          a panic (see the class documentation)
     * @throws NullPointerException if {@code f} is {@code null}
     */
    public void go(Callable<?> f) {
        requireTask(f);
        Chan<Object> s = sem;
        if (s != null) {
            s.send(TOKEN); // blocks while the limit is reached
        }
        start(f, s);
    }

    /**
     * Go's {@code g.TryGo(f)}: runs {@code f} in a new goroutine only if that does
     * not exceed the limit, without blocking.
     *
     * @param f the task
     * @return {@code true} if the task was started
     * @throws NullPointerException if {@code f} is {@code null}
     */
    public boolean tryGo(Callable<?> f) {
        requireTask(f);
        Chan<Object> s = sem;
        if (s != null && !s.trySend(TOKEN)) {
            return false;
        }
        start(f, s);
        return true;
    }

    /**
     * Go's {@code g.SetLimit(n)}: allows at most {@code n} tasks of this group to run
     * at once; a negative {@code n} removes the limit. A limit of zero keeps any
     * new task from starting.
     *
     * @param n the limit, or a negative value for none
     * @throws io.goroutines.Panic if tasks of this group are still running (Go:
     *                             "errgroup: modify limit while N goroutines in the
     *                             group are still active")
     */
    public void setLimit(int n) {
        if (n < 0) {
            sem = null;
            return;
        }
        Chan<Object> s = sem;
        if (s != null && s.len() != 0) {
            throw new Panic("errgroup: modify limit while " + s.len()
                    + " goroutines in the group are still active");
        }
        sem = Chan.make(n);
    }

    /**
     * Go's {@code g.Wait()}: blocks until every task started with {@link #go} or
     * {@link #tryGo} has ended, then cancels the group's context if it was made by
     * {@link #withContext(Context)}.
     *
     * @return the first error returned by a task, or {@code null} if none failed
     * @throws io.goroutines.Panic a {@code Panic} thrown by a task
     * @throws Error               an {@code Error} thrown by a task
     */
    public Exception await() {
        wg.await();
        Exception e = err;
        if (ctx != null) {
            ctx.cancel(e);
        }
        Throwable p = panic;
        if (p instanceof Error error) {
            throw error;
        }
        if (p != null) {
            throw (RuntimeException) p;
        }
        return e;
    }

    /** Go's {@code g.add}: runs {@code f} in a goroutine that gives its token back and calls done. */
    private void start(Callable<?> f, Chan<Object> s) {
        wg.add(1);
        Go.go(() -> {
            try {
                f.call();
            } catch (Panic | Error p) {
                recordPanic(p); // a panic, not an error: await rethrows it
            } catch (Exception e) {
                errOnce.run(() -> {
                    err = e;
                    if (ctx != null) {
                        ctx.cancel(e);
                    }
                });
            } finally {
                if (s != null) {
                    s.recv();
                }
                wg.done();
            }
        });
    }

    private void recordPanic(Throwable p) {
        panicMu.lock();
        try {
            if (panic == null) {
                panic = p;
            }
        } finally {
            panicMu.unlock();
        }
    }

    private static void requireTask(Callable<?> f) {
        if (f == null) {
            throw new NullPointerException("f must not be null");
        }
    }
}
