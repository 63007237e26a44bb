package io.goroutines.impl.sched;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;

/**
 * Runs the JDK's own socket pollers on our Ms, so that a goroutine blocked in
 * {@code java.net} I/O is readied the way Go's {@code netpoll} readies one
 * (runtime/proc.go, {@code findRunnable}: the polling M puts what it found on its own
 * P, no thread hop). Go has one poller for every socket; a JVM has two: ours
 * ({@link NetPoller}, for {@code io.goroutines.net}) and the JDK's
 * ({@code sun.nio.ch.Poller}, for {@code java.net.Socket} and blocking NIO channels
 * used by virtual threads). This class hosts the second.
 *
 * <h2>How</h2>
 * Since JDK 22 the JDK's default poller mode on Linux ({@code VTHREAD_POLLERS}) runs
 * its read and write pollers as virtual threads ("sub-pollers"): each polls its epoll
 * set without blocking, unparks the virtual threads whose sockets are ready, yields,
 * and polls again; when a poll finds nothing it parks until a platform "master
 * poller" thread sees its epoll set ready. The JDK gives a new virtual thread the
 * scheduler of the virtual thread that starts it, and the pollers are started once,
 * by whichever thread first initializes the poller class. {@link #start} makes that
 * thread a virtual thread of ours whose scheduler is this executor: every sub-poller
 * then has this executor as its scheduler, and each becomes a system G (no goroutine
 * of any program, never in dumps or in checkdead's count, goid 0 as Go's {@code g0},
 * which runs Go's netpoll) that our Ms run like any other G. A sub-poller's unparks
 * then run on an M holding a P and go to that P's run queue
 * ({@code Sched.ready}), instead of arriving one by one from a JDK carrier thread
 * into the global queue.
 *
 * <h2>What decides where the pollers run</h2>
 * The JDK reads {@code jdk.pollerMode} and starts its pollers at most once per JVM,
 * when the poller class initializes. The runtime starts that initialization in a
 * system G when it starts (before any goroutine can run, in the global queue's order),
 * and the JVM's class initialization lock makes any other thread that reaches it at
 * the same time wait for it. When the JDK initialized its pollers before the runtime
 * started (a virtual thread did socket I/O first), or the application chose
 * {@code jdk.pollerMode=1} (platform poller threads), or the JDK has no such mode
 * (JDK 21), no sub-poller comes here: goroutines in {@code java.net} I/O are then
 * woken by the JDK's threads through the global queue, correctly and more slowly
 * ({@link #hosting} tells which; {@code docs/adr/0013-jdk-pollers-on-our-ms.md}).
 *
 * <h2>Fields</h2>
 * {@code gs} maps each hosted virtual thread's {@code runContinuation} (the task the
 * JDK passes to {@link #execute}, the same object every time) to its system G. The
 * JDK calls {@code execute} for a thread at most once per park or yield, so a G is
 * never queued twice; the map only grows by the sub-pollers (a handful per JVM) and
 * the one starter thread, which removes itself when done.
 */
final class JdkPollers implements Executor {

    private static final Logger log = LoggerFactory.getLogger(JdkPollers.class);

    /** The JDK's poller class; initializing it starts the JDK's pollers. */
    static final String POLLER_CLASS = "sun.nio.ch.Poller";

    private final Sched sched;
    private final ConcurrentHashMap<Runnable, G> gs = new ConcurrentHashMap<>();
    /** Virtual threads that ran here (the starter and the sub-pollers); racy counter for {@link #hosting}. */
    private volatile int hosted;

    JdkPollers(Sched sched) {
        this.sched = sched;
    }

    /**
     * Starts the JDK's pollers in a system G of this host: queues it and returns (an M
     * runs it). Once; called when the runtime starts, in "gmp" mode only.
     */
    void start() {
        Thread starter = VirtualThreads.newVirtualThread(this, "goroutines-jdk-pollers", () -> {
            try {
                Class.forName(POLLER_CLASS, true, null);
            } catch (ClassNotFoundException | LinkageError e) {
                log.debug("goroutines: the JDK's socket pollers could not be started on our Ms ({}); "
                        + "goroutines in java.net I/O are woken from the JDK's threads", e.toString());
            } finally {
                gs.remove(VirtualThreads.runContinuation(Thread.currentThread()));
            }
        });
        starter.start();
    }

    /**
     * Called by the JDK each time a hosted virtual thread becomes runnable: from an M
     * when it yields or starts there (to the tail of that M's P's queue, Go's
     * {@code goyield}), from the master poller thread when it unparks a sub-poller (to
     * the global queue, with an M woken). Never blocks.
     */
    @Override
    public void execute(Runnable task) {
        G g = gs.get(task);
        if (g == null) {
            g = gs.computeIfAbsent(task, G::system);
            hosted++;
        }
        sched.readyYielded(g); // Go's goyield; from a foreign thread, the global queue
    }

    /** Whether at least one JDK poller thread runs here, on our Ms (racy; for tests and dumps). */
    boolean hosting() {
        return hosted > 1; // the starter is one; any more are sub-pollers
    }

    /** Whether {@code vt} is one of the virtual threads this host runs (checkdead ignores them). */
    static boolean isHosted(Thread vt) {
        return VirtualThreads.schedulerOf(vt) instanceof JdkPollers;
    }
}
