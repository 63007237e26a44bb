package io.goroutines.impl.sched;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.stream.Stream;

/**
 * The threads outside the runtime, as far as {@code checkdead} is concerned: which of
 * them could still end a goroutine's wait. Go has no such threads (its {@code checkdead}
 * in runtime/proc.go counts only Ms, and an M in a syscall or cgo call keeps it quiet);
 * a JVM has the JVM's own, the host's (a build tool, a test runner) and the user's.
 * The rule is ADR 0010's:
 *
 * <p>A live thread that is not a goroutine <em>may wake</em> a goroutine unless it is
 * <ol>
 *   <li>one of the runtime's own threads (an {@link M}, sysmon, a thread registered
 *       with {@link #registerRuntimeThread});</li>
 *   <li>one of the JVM's own (thread group {@code system}, or its
 *       {@code InnocuousThreadGroup} and {@code CarrierThreads}: carriers only run
 *       virtual threads, which are judged themselves), but for a busy
 *       {@code process reaper}, which ends a {@code Process.waitFor};</li>
 *   <li>a bystander: created before the earliest running {@code Go.main} started, and
 *       it has never made a channel, select, sync or time call (a host's threads: a
 *       build tool's, a test runner's timeout watcher, an IDE's);</li>
 *   <li>asleep: parked or waiting without a deadline ({@code WAITING}), or blocked on a
 *       monitor ({@code BLOCKED}). Only another thread can end such a wait, and every
 *       thread that could is judged here too. A virtual thread parked for socket I/O is
 *       not asleep: the JDK's poller wakes it.</li>
 * </ol>
 * Anything else (running, in native I/O, sleeping or waiting with a deadline) may be
 * about to send on a channel, so a deadlock is never reported while one exists.
 *
 * <h2>Implementation overview</h2>
 * <ul>
 *   <li>Participants: {@link #noteOp} runs at every channel, select, sync and time call
 *       of a thread that is not a goroutine (from {@code Sched.safePoint}). A thread-local
 *       flag keeps it to one registration per thread; the set is weak, so ended threads
 *       leave it.</li>
 *   <li>The scan ({@link #firstThatMayWake}) walks the JDK's thread containers
 *       ({@code jdk.internal.vm.ThreadContainers}, which see virtual threads as well as
 *       platform threads; the runtime exports that package to itself, see
 *       {@code VirtualThreads}). Without them it falls back to
 *       {@link Thread#getAllStackTraces()}, which lists platform threads only: then a
 *       virtual thread of the JDK's scheduler that will send later is not seen, the one
 *       known limit of this fallback (logged once at DEBUG).</li>
 * </ul>
 *
 * <h2>Fields and who guards them</h2>
 * {@code participants} and {@code runtimeThreads} are synchronized sets (written rarely:
 * once per thread); the scan, by sysmon only, copies them under their lock. Thread
 * states and blockers are read racily: a scan is a snapshot, and {@code checkdead}
 * confirms a deadlock only when two scans, 20 ms apart, agree and no foreign call
 * happened between them.
 */
final class ForeignThreads {

    private static final Logger log = LoggerFactory.getLogger(ForeignThreads.class);

    private static final MethodHandle ROOT;
    private static final MethodHandle CHILDREN;
    private static final MethodHandle THREADS;

    static {
        MethodHandle root = null;
        MethodHandle children = null;
        MethodHandle threads = null;
        try {
            VirtualThreads.exportJdkInternalVm();
            Class<?> registry = Class.forName("jdk.internal.vm.ThreadContainers");
            Class<?> container = Class.forName("jdk.internal.vm.ThreadContainer");
            // Our own lookup: the package is exported to this module only.
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            root = lookup.findStatic(registry, "root", MethodType.methodType(container))
                    .asType(MethodType.methodType(Object.class));
            children = lookup.findVirtual(container, "children", MethodType.methodType(Stream.class))
                    .asType(MethodType.methodType(Stream.class, Object.class));
            threads = lookup.findVirtual(container, "threads", MethodType.methodType(Stream.class))
                    .asType(MethodType.methodType(Stream.class, Object.class));
        } catch (Throwable e) {
            log.debug("checkdead sees platform threads only (no jdk.internal.vm.ThreadContainers: {}): a virtual "
                    + "thread of the JDK's scheduler that is about to send is not seen", e.toString());
            root = null;
            children = null;
            threads = null;
        }
        ROOT = root;
        CHILDREN = children;
        THREADS = threads;
    }

    private final ThreadLocal<Boolean> participant = new ThreadLocal<>();
    private final Set<Thread> participants = Collections.synchronizedSet(
            Collections.newSetFromMap(new WeakHashMap<>()));
    private final Set<Thread> runtimeThreads = Collections.synchronizedSet(
            Collections.newSetFromMap(new WeakHashMap<>()));

    /** A thread the runtime made and that never ends a goroutine's wait by itself. */
    void registerRuntimeThread(Thread t) {
        runtimeThreads.add(t);
    }

    /** The calling thread, not a goroutine, makes a channel, select, sync or time call. */
    void noteOp() {
        if (participant.get() == null) {
            participant.set(Boolean.TRUE);
            participants.add(Thread.currentThread());
        }
    }

    /**
     * The first live thread that may end a goroutine's wait by the rule above, or null
     * when there is none. {@code firstThreadId} is the thread id the earliest running
     * program started at. Sysmon only; costs a walk over every thread.
     */
    Thread firstThatMayWake(long firstThreadId) {
        Set<Thread> known;
        Set<Thread> ours;
        synchronized (participants) {
            known = Set.copyOf(participants);
        }
        synchronized (runtimeThreads) {
            ours = Set.copyOf(runtimeThreads);
        }
        Thread self = Thread.currentThread();
        for (Thread t : allThreads()) {
            if (t != self && mayWake(t, firstThreadId, known, ours)) {
                return t;
            }
        }
        return null;
    }

    private static boolean mayWake(Thread t, long firstThreadId, Set<Thread> known, Set<Thread> ours) {
        if (!t.isAlive() || t instanceof M || ours.contains(t)) {
            return false;
        }
        if (t.isVirtual()) {
            if (JdkPollers.isHosted(t)) {
                return false; // the JDK's socket pollers on our Ms: runtime threads
            }
            if (VirtualThreads.schedulerOf(t) instanceof G gp && gp.thread() == t) {
                return false; // a goroutine: checkdead judges it by its G (a virtual
                // thread started inside one has its G as scheduler too: ADR 0009)
            }
        } else if (isJvmThread(t)) {
            // The JVM's own run no user code, but for one that completes the wait of a
            // thread in Process.waitFor when a child process exits.
            return t.getName().startsWith("process reaper") && t.getState() == Thread.State.RUNNABLE;
        }
        if (t.threadId() < firstThreadId && !known.contains(t)) {
            return false; // a bystander: older than the program, never used the runtime
        }
        Thread.State s = t.getState();
        if (s == Thread.State.WAITING || s == Thread.State.BLOCKED) {
            // Asleep until another thread wakes it: a goroutine (all asleep), a thread
            // this scan judges on its own, or, for a virtual thread waiting for socket
            // I/O, the JDK's poller: that one is awake.
            return t.isVirtual() && waitsForIo(t);
        }
        return true; // running, in I/O, or sleeping with a deadline
    }

    /** Whether virtual thread {@code vt}, parked, waits in the JDK's I/O poller. */
    private static boolean waitsForIo(Thread vt) {
        for (StackTraceElement e : vt.getStackTrace()) {
            String c = e.getClassName();
            if (c.startsWith("sun.nio.ch.") && (c.endsWith("Poller") || e.getMethodName().equals("park"))) {
                return true;
            }
        }
        return false;
    }

    private static boolean isJvmThread(Thread t) {
        ThreadGroup g = t.getThreadGroup();
        if (g == null) {
            return false; // ended meanwhile; isAlive said no the next time anyway
        }
        ThreadGroup parent = g.getParent();
        if (parent == null) {
            return true; // "system": Reference Handler, Finalizer, Signal Dispatcher...
        }
        String name = g.getName();
        return parent.getParent() == null
                && (name.equals("InnocuousThreadGroup") || name.equals("CarrierThreads"));
    }

    /** Every live thread the JDK lists: platform and virtual when the containers are reachable. */
    private static List<Thread> allThreads() {
        if (ROOT != null) {
            try {
                List<Thread> out = new ArrayList<>();
                collect(ROOT.invokeExact(), out);
                return out;
            } catch (Throwable e) {
                log.debug("checkdead: walking the thread containers failed: {}", e.toString());
            }
        }
        return new ArrayList<>(Thread.getAllStackTraces().keySet());
    }

    @SuppressWarnings("unchecked")
    private static void collect(Object container, List<Thread> out) throws Throwable {
        // The goroutines' own container lists every goroutine (from allgs), which
        // checkdead judges by their Gs; only its children (executors made inside
        // goroutines) are walked.
        if (!VirtualThreads.isGoroutinesContainer(container)) {
            ((Stream<Thread>) THREADS.invokeExact(container)).forEach(out::add);
        }
        List<Object> kids = ((Stream<Object>) CHILDREN.invokeExact(container)).toList();
        for (Object c : kids) {
            collect(c, out);
        }
    }
}
