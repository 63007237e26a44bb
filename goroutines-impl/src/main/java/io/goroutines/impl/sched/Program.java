package io.goroutines.impl.sched;

import io.goroutines.DeadlockError;
import io.goroutines.impl.panic.PanicMessages;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * One run of {@code Go.main}: the main goroutine and every goroutine started from it,
 * transitively. Go's process: its end is the end of main, or the first unrecovered
 * panic in any of its goroutines (Go's {@code fatalpanic} exits the process; here the
 * panic ends {@code Go.main}, which rethrows it).
 *
 * <h2>Fields and who guards them</h2>
 * {@code outcome} goes once from null to {@link #RETURNED} or a {@link Throwable}, by
 * CAS; the first writer wins and unparks the waiter, who reads it with a volatile
 * load. {@code live} counts the program's goroutines that have not ended; it matters
 * only after the main goroutine called {@code goexit} (Go: the program then runs until
 * its other goroutines end, and dies with "no goroutines (main called runtime.Goexit)
 * - deadlock!").
 */
public final class Program {

    /** The outcome of a main body that returned. */
    static final Object RETURNED = new Object();

    private final Thread waiter;
    /** The goid of this program's main goroutine; set by newproc before the G starts. */
    volatile long mainGoid = -1;
    private final AtomicInteger live = new AtomicInteger();
    private volatile boolean mainGoexited;
    /**
     * The thread id of the main goroutine: every thread created after the program
     * started has a larger one (see ForeignThreads). Set by newproc before the G starts.
     */
    volatile long firstThreadId = Long.MAX_VALUE;
    @SuppressWarnings("unused")
    private volatile Object outcome;

    Program(Thread waiter) {
        this.waiter = waiter;
    }

    /** A goroutine of this program starts. */
    void goroutineStarted() {
        live.incrementAndGet();
    }

    /** A goroutine of this program ended. */
    void goroutineEnded() {
        if (live.decrementAndGet() == 0 && mainGoexited) {
            finish(new DeadlockError(PanicMessages.GOEXIT_DEADLOCK));
        }
    }

    /** The main goroutine's body returned. */
    void mainReturned() {
        finish(RETURNED);
    }

    /** The main goroutine called goexit: the program lives on while others run. */
    void mainGoexited() {
        mainGoexited = true;
    }

    /** sysmon's checkdead found every goroutine asleep. */
    void deadlocked(Throwable e) {
        finish(e);
    }

    /**
     * A fatal error of the runtime (Go's {@code throw}): ends the program with {@code e}.
     *
     * @return whether {@code e} is the outcome (false: the program had already ended)
     */
    boolean fatal(Throwable e) {
        return finish(e);
    }

    /**
     * A goroutine of this program panicked and nothing recovered.
     *
     * @return whether the panic ends the program, so that {@code Go.main} rethrows it
     *         (false: the program had already ended, by its main's return or another
     *         outcome)
     */
    boolean panicked(Throwable panic) {
        return finish(panic);
    }

    /** Sets the outcome if there is none yet; the first writer wins and wakes the waiter. */
    private boolean finish(Object o) {
        if (OUTCOME.compareAndSet(this, null, o)) {
            LockSupport.unpark(waiter);
            return true;
        }
        return false;
    }

    /**
     * Waits for the outcome ({@link Sched#parkUntilWoken}, whose flag is the outcome's
     * volatile read; a goroutine waiting here shows as {@code park} in dumps, as
     * before, and never counts as deadlocked). Not interruptible (Go has no
     * interrupts): an interrupt is remembered and re-asserted on return. The waiter
     * thread only.
     *
     * @return {@link #RETURNED}, or the Throwable that ended the program
     */
    Object await() {
        Sched.parkUntilWoken(this::ended, WaitReason.PARKED, this, false);
        return outcome;
    }

    /** Whether the outcome is set: the {@link WakeSignal} {@link #finish} raises before its unpark. */
    private boolean ended() {
        return outcome != null;
    }

    /**
     * Waits for the program's end, then returns normally when main returned, or throws
     * what ended it: the unrecovered panic (as thrown), or a {@link DeadlockError}.
     * The waiter thread only.
     */
    void join() {
        Object o = await();
        if (o instanceof Throwable t) {
            throw Program.<RuntimeException>sneaky(t);
        }
    }

    @SuppressWarnings("unchecked")
    private static <T extends Throwable> T sneaky(Throwable t) throws T {
        throw (T) t;
    }

    private static final VarHandle OUTCOME;

    static {
        try {
            OUTCOME = MethodHandles.lookup().findVarHandle(Program.class, "outcome", Object.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
