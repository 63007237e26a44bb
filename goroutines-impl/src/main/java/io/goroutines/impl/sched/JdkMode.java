package io.goroutines.impl.sched;


import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * The JDK fallback, "jdk" mode ({@link SchedulerChoice}, ADR 0016): goroutines are
 * ordinary virtual threads on the JDK's default scheduler, and one daemon thread runs
 * every timer, as Go's {@code timerproc} (runtime/time.go before Go 1.14) did. No M, no
 * sysmon; the Ps exist only for their timer heaps. {@link Sched} holds one only in this
 * mode ({@code Sched.jdk}, null on the G/M/P scheduler), and each place that differs
 * delegates here when it is not null.
 *
 * <h2>Fields and who guards them</h2>
 * {@code currentG} is a thread-local (the virtual thread's scheduler is the JDK's, not
 * a G, so the G cannot be found through it); {@code timerproc} is final and its thread
 * is confined to {@link #timerproc()}.
 */
final class JdkMode {

    private final Sched sched;
    /** The current G, where the virtual thread's scheduler is not a G. */
    private final ThreadLocal<G> currentG = new ThreadLocal<>();
    private final Thread timerproc;

    JdkMode(Sched sched) {
        this.sched = sched;
        Thread tp = new Thread(this::timerproc, "goroutines-timerproc");
        tp.setDaemon(true);
        this.timerproc = tp;
    }

    /** Starts the timerproc thread, the poller from now on. */
    void start() {
        sched.poller.claimForGood(timerproc);
        timerproc.start();
    }

    /** {@return the calling goroutine, or null on a thread that is not one} */
    G currentG() {
        return currentG.get();
    }

    /** {@code gp}'s virtual thread on the JDK's scheduler, unstarted, named {@code name} (null: no name). */
    Thread newThread(G gp, String name) {
        Thread.Builder.OfVirtual b = Thread.ofVirtual();
        if (name != null) {
            b.name(name);
        }
        return b.unstarted(gp);
    }

    /**
     * A G of {@code GoRuntime.threadFactory()} was made: the JDK's scheduler gives no
     * call at start, so its maker, when a goroutine, is its parent (see
     * {@code GoroutineLifecycle.newThread}).
     */
    void adoptMaker(G gp) {
        G parent = currentG();
        if (parent != null) {
            gp.started(0, parent.goid, parent.program); // the goid comes at goroutineStart
        }
    }

    /** {@code gp}'s thread runs: it becomes the current G; a G of the thread factory is listed now. */
    void goroutineStart(G gp) {
        currentG.set(gp);
        if (gp.goid == 0) { // a thread of GoRuntime.threadFactory(): see adoptMaker
            sched.lifecycle.started(gp, gp.parentGoid, gp.program);
        }
    }

    /**
     * The timer thread: with no Ms, one daemon thread runs all timers. It is the
     * permanent poller: it sleeps until the earliest timer, blocked in the network
     * poller while sockets of {@code io.goroutines.net} have waiters (what an idle M
     * does in "gmp" mode), and wakes what the poll readies (each goroutine goes to the
     * JDK's scheduler).
     */
    private void timerproc() {
        Poller poller = sched.poller;
        Timers.CheckResult res = new Timers.CheckResult();
        List<Object> ready = new ArrayList<>();
        for (;;) {
            long now = poller.pollUntilDue(ready);
            PollDesc.wakeAll(ready);
            if (now > 0) {
                for (P p2 : sched.procs.allp()) {
                    p2.timers.check(now, false, res);
                }
            } else if (now < 0) {
                Thread.yield(); // a closing socket's non-blocking poll: it ends at once
            } else if (poller.timersWakeTime() == 0 && !poller.netpollWaiting()) {
                LockSupport.park(this); // until wakePollerBy: a new timer or socket waiter
                Thread.interrupted();
            }
        }
    }
}
