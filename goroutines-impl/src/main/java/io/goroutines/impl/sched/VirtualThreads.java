package io.goroutines.impl.sched;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.invoke.VarHandle;
import java.lang.reflect.Method;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.locks.LockSupport;

import io.goroutines.impl.diag.Diagnostics;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * The one place that reaches into {@code java.lang} for what Loom does not publish
 * yet: a virtual thread whose scheduler is ours, and the carrier thread of the
 * running virtual thread.
 *
 * <h2>Implementation overview</h2>
 * <ul>
 *   <li>{@code java.lang.ThreadBuilders$VirtualThreadBuilder(Executor)} is a
 *       package-private constructor (JDK 21 to 25) that builds virtual threads whose
 *       every "make runnable" event calls {@code executor.execute(runContinuation)}.
 *       That call is Go's {@code ready(gp)}; see {@link G#execute}.</li>
 *   <li>{@code Thread.currentCarrierThread()} is a package-private static intrinsic;
 *       it returns the platform thread a virtual thread is mounted on, or the current
 *       thread itself on a platform thread. The scheduler uses it to find the current
 *       {@link M} (and so its {@link P}) from inside a goroutine.</li>
 *   <li>{@code VirtualThread.start(ThreadContainer)} starts a goroutine's thread in
 *       {@link #GOROUTINES_CONTAINER} (a {@code GoThreadContainer}, which lists the
 *       goroutines from {@code allgs}) rather than in the JDK's root container, which
 *       keeps a 32-byte set node per virtual thread. Loading that class needs
 *       {@code jdk.internal.vm} exported to this module, which this class does through
 *       {@code Module.implAddExports} (reachable because {@code java.lang} is open).
 *       When any of that fails, or with {@code -Dgoroutines.threadContainer=false},
 *       goroutines start in the root container as before, and a DEBUG log line says
 *       why.</li>
 * </ul>
 * Both need {@code --add-opens java.base/java.lang=ALL-UNNAMED} (on the module path,
 * {@code =io.goroutines.impl}). When either is missing, {@link #available()} is false,
 * {@link #unavailableReason()} says why, with the exact flag to add, and
 * {@link SchedulerChoice} decides whether the runtime falls back to the JDK's default
 * scheduler or refuses to start. The day the JDK publishes a
 * custom-scheduler API, only this class changes.
 */
final class VirtualThreads {

    private static final MethodHandle NEW_BUILDER;
    private static final MethodHandle CURRENT_CARRIER;
    /** {@code java.lang.VirtualThread.scheduler}: the Executor of a virtual thread. */
    private static final VarHandle SCHEDULER;
    /**
     * {@code java.lang.VirtualThread.runContinuation}: the task the JDK hands to the
     * thread's scheduler every time it becomes runnable (JDK 21 to 25 pass no other), so
     * that a G need not keep its own copy.
     */
    private static final VarHandle RUN_CONTINUATION;
    /**
     * {@code java.lang.Thread.parkBlocker}, which {@code LockSupport.park(blocker)} sets
     * and clears around the park; see {@link #park}. Null when unavailable.
     */
    private static final VarHandle PARK_BLOCKER;
    private static final Class<?> VIRTUAL_THREAD_CLASS;
    private static final String UNAVAILABLE_REASON;
    /**
     * {@code -Dgoroutines.threadContainer=false} starts goroutines in the JDK's root
     * container, as before GoThreadContainer: an escape hatch should a JDK or a tool
     * expect every virtual thread there.
     */
    static final String THREAD_CONTAINER_PROPERTY = "goroutines.threadContainer";
    /** The flag that opens {@code java.lang} to the runtime on the class path (README, Install). */
    static final String OPENS_CLASS_PATH = "--add-opens java.base/java.lang=ALL-UNNAMED";
    /** {@code VirtualThread.start(ThreadContainer)} as {@code (Thread, Object)void}, or null. */
    private static final MethodHandle START_IN_CONTAINER;
    /** The {@code GoThreadContainer} goroutines start in, or null: the JDK's root container. */
    private static final Object GOROUTINES_CONTAINER;
    /** {@code Thread.threadContainer()} as {@code (Thread)Object}, or null when there is no goroutines' container. */
    private static final MethodHandle THREAD_CONTAINER;

    static {
        MethodHandle newBuilder = null;
        MethodHandle currentCarrier = null;
        String reason = null;
        VarHandle scheduler = null;
        VarHandle runContinuation = null;
        Class<?> vtClass = null;
        try {
            Class<?> builderClass = Class.forName("java.lang.ThreadBuilders$VirtualThreadBuilder");
            MethodHandles.Lookup lookup = MethodHandles.privateLookupIn(Thread.class, MethodHandles.lookup());
            newBuilder = lookup.findConstructor(builderClass, MethodType.methodType(void.class, Executor.class))
                    .asType(MethodType.methodType(Thread.Builder.OfVirtual.class, Executor.class));
            currentCarrier = lookup.findStatic(Thread.class, "currentCarrierThread",
                    MethodType.methodType(Thread.class));
            vtClass = Class.forName("java.lang.VirtualThread");
            MethodHandles.Lookup vtLookup = MethodHandles.privateLookupIn(vtClass, MethodHandles.lookup());
            scheduler = vtLookup.findVarHandle(vtClass, "scheduler", Executor.class);
            runContinuation = vtLookup.findVarHandle(vtClass, "runContinuation", Runnable.class);
            // Fail now, not at the first goroutine, if the JDK refuses to build one.
            Thread probe = ((Thread.Builder.OfVirtual) newBuilder.invokeExact((Executor) Runnable::run))
                    .unstarted(() -> { });
            if (!probe.isVirtual()) {
                throw new IllegalStateException("VirtualThreadBuilder built a platform thread");
            }
        } catch (IllegalAccessException e) {
            reason = "java.base does not open java.lang to the goroutines runtime (" + e.getMessage() + "): add "
                    + OPENS_CLASS_PATH + " to the java command line (on the module path: "
                    + opensModulePath() + ")";
            newBuilder = null;
            currentCarrier = null;
        } catch (Throwable e) {
            reason = "this JDK (" + Runtime.version() + ") has no usable "
                    + "java.lang.ThreadBuilders$VirtualThreadBuilder(Executor): " + e;
            newBuilder = null;
            currentCarrier = null;
        }
        if (reason != null) {
            scheduler = null;
            runContinuation = null;
            vtClass = null;
        }
        SCHEDULER = scheduler;
        RUN_CONTINUATION = runContinuation;
        PARK_BLOCKER = reason == null ? parkBlockerHandle() : null;
        VIRTUAL_THREAD_CLASS = vtClass;
        NEW_BUILDER = newBuilder;
        CURRENT_CARRIER = currentCarrier;
        UNAVAILABLE_REASON = reason;

        MethodHandle start = null;
        MethodHandle threadContainer = null;
        Object container = null;
        if (reason == null && !Boolean.parseBoolean(System.getProperty(THREAD_CONTAINER_PROPERTY, "true"))) {
            LoggerFactory.getLogger(VirtualThreads.class).debug(
                    "goroutines start in the JDK's root container (-D{}=false)", THREAD_CONTAINER_PROPERTY);
        } else if (reason == null) {
            try {
                container = newGoroutinesContainer();
                Class<?> tcClass = Class.forName("jdk.internal.vm.ThreadContainer");
                start = MethodHandles.privateLookupIn(vtClass, MethodHandles.lookup())
                        .findVirtual(vtClass, "start", MethodType.methodType(void.class, tcClass))
                        .asType(MethodType.methodType(void.class, Thread.class, Object.class));
                threadContainer = MethodHandles.privateLookupIn(Thread.class, MethodHandles.lookup())
                        .findVirtual(Thread.class, "threadContainer", MethodType.methodType(tcClass))
                        .asType(MethodType.methodType(Object.class, Thread.class));
                Class<?> registry = Class.forName("jdk.internal.vm.ThreadContainers");
                registry.getMethod("registerContainer", tcClass).invoke(null, container);
            } catch (Throwable e) {
                LoggerFactory.getLogger(VirtualThreads.class).debug(
                        "goroutines start in the JDK's root container (no GoThreadContainer: {})", e.toString());
                start = null;
                threadContainer = null;
                container = null;
            }
        }
        START_IN_CONTAINER = start;
        THREAD_CONTAINER = threadContainer;
        GOROUTINES_CONTAINER = container;
    }

    /** {@link #PARK_BLOCKER}, or null (with a DEBUG line) when this JDK has no such field. */
    private static VarHandle parkBlockerHandle() {
        try {
            return MethodHandles.privateLookupIn(Thread.class, MethodHandles.lookup())
                    .findVarHandle(Thread.class, "parkBlocker", Object.class);
        } catch (ReflectiveOperationException e) {
            LoggerFactory.getLogger(VirtualThreads.class).debug(
                    "goroutines park with LockSupport.park(blocker) (no Thread.parkBlocker: {})", e.toString());
            return null;
        }
    }

    /**
     * Exports {@code jdk.internal.vm} to this class's module (the JVM then lets
     * {@code GoThreadContainer} extend {@code ThreadContainer}, and checkdead walk the
     * thread containers); needs {@code java.lang} open to this module.
     */
    static void exportJdkInternalVm() throws ReflectiveOperationException {
        Module javaBase = Thread.class.getModule();
        Module self = VirtualThreads.class.getModule();
        if (!javaBase.isExported("jdk.internal.vm", self)) {
            Method addExports = Module.class.getDeclaredMethod("implAddExports", String.class, Module.class);
            addExports.setAccessible(true);
            addExports.invoke(javaBase, "jdk.internal.vm", self);
        }
    }

    /** Exports {@code jdk.internal.vm} (see {@link #exportJdkInternalVm}) and makes the goroutines' container. */
    private static Object newGoroutinesContainer() throws ReflectiveOperationException {
        exportJdkInternalVm();
        Class<?> c = Class.forName(VirtualThreads.class.getPackageName() + ".GoThreadContainer");
        return c.getDeclaredConstructor().newInstance();
    }

    private VirtualThreads() {
    }

    /**
     * The flag that opens {@code java.lang} to the runtime on the module path: it names
     * the runtime's module, {@code io.goroutines.impl} (ADR 0014), or the module this
     * class is in when it is in another (a jar that bundles the runtime).
     */
    static String opensModulePath() {
        Module self = VirtualThreads.class.getModule();
        return "--add-opens java.base/java.lang=" + (self.isNamed() ? self.getName() : "io.goroutines.impl");
    }

    /** {@return whether virtual threads with a custom scheduler can be built on this JVM} */
    static boolean available() {
        return UNAVAILABLE_REASON == null;
    }

    /** {@return why {@link #available()} is false, or {@code null}} */
    static String unavailableReason() {
        return UNAVAILABLE_REASON;
    }

    /**
     * A new, unstarted virtual thread running {@code task} whose scheduler is
     * {@code scheduler}. Callable only when {@link #available()}.
     */
    static Thread newVirtualThread(Executor scheduler, String name, Runnable task) {
        Thread.Builder.OfVirtual builder;
        try {
            builder = (Thread.Builder.OfVirtual) NEW_BUILDER.invokeExact(scheduler);
        } catch (Throwable e) {
            throw new IllegalStateException("cannot build a virtual thread with a custom scheduler", e);
        }
        if (name != null) {
            builder.name(name);
        }
        return builder.unstarted(task);
    }

    /**
     * Starts a goroutine's virtual thread {@code vt} (made by {@link #newVirtualThread})
     * in the goroutines' container, or the root container when there is none.
     */
    static void start(Thread vt) {
        MethodHandle start = START_IN_CONTAINER;
        if (start == null) {
            vt.start();
            return;
        }
        try {
            start.invokeExact(vt, GOROUTINES_CONTAINER);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Runs {@code task}, the {@code runContinuation} of a virtual thread that is not a
     * goroutine but inherited a G as its scheduler (started by Java code inside a
     * goroutine), on the JDK's default virtual-thread scheduler: the scheduler it
     * would have had had it been started anywhere else (ADR 0009). Called each time that
     * thread becomes runnable. Never blocks.
     */
    static void executeForeign(Runnable task) {
        ForeignScheduler.INSTANCE.execute(task);
    }

    /**
     * The JDK's default virtual-thread scheduler ({@code VirtualThread.DEFAULT_SCHEDULER},
     * a {@code ForkJoinPool} of carrier threads), looked up at first use: most programs
     * never start a foreign virtual thread inside a goroutine. When the field is out of
     * reach (a JDK that renamed it), a work-stealing pool of daemon threads as large as
     * the machine, which the JDK's own scheduler is too; a WARN line says so.
     */
    private static final class ForeignScheduler {
        static final Executor INSTANCE = lookup();

        private static Executor lookup() {
            try {
                VarHandle h = MethodHandles.privateLookupIn(VIRTUAL_THREAD_CLASS, MethodHandles.lookup())
                        .findStaticVarHandle(VIRTUAL_THREAD_CLASS, "DEFAULT_SCHEDULER", ForkJoinPool.class);
                return (Executor) h.get();
            } catch (ReflectiveOperationException | RuntimeException e) {
                Diagnostics.report(LoggerFactory.getLogger(VirtualThreads.class), Level.WARN,
                        "goroutines: virtual threads started inside goroutines run on a pool of the runtime's, "
                        + "not on the JDK's default scheduler, which is out of reach: " + e, null);
                return new ForkJoinPool(Runtime.getRuntime().availableProcessors(), pool -> {
                    ForkJoinWorkerThread t = ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(pool);
                    t.setName("goroutines-foreign-" + t.getPoolIndex());
                    t.setDaemon(true);
                    return t;
                }, null, true);
            }
        }
    }

    /**
     * Whether goroutine thread {@code t} is in the goroutines' container: those of
     * {@code Go.go} and {@code Go.main} are; a thread of {@code GoRuntime.threadFactory()}
     * is in the container of whoever started it (an executor's, a scope's, the root), and
     * the JDK's thread dump lists it there, once. For {@code GoThreadContainer} only,
     * which exists only when {@link #THREAD_CONTAINER} does.
     */
    static boolean inGoroutinesContainer(Thread t) {
        try {
            return (Object) THREAD_CONTAINER.invokeExact(t) == GOROUTINES_CONTAINER;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    /** Whether {@code container} is the goroutines' own thread container. */
    static boolean isGoroutinesContainer(Object container) {
        return container != null && container == GOROUTINES_CONTAINER;
    }

    /** The scheduler of virtual thread {@code vt} (any thread may ask), or null when unavailable. */
    static Executor schedulerOf(Thread vt) {
        if (SCHEDULER == null || vt.getClass() != VIRTUAL_THREAD_CLASS) {
            return null;
        }
        return (Executor) SCHEDULER.get(vt);
    }

    /** The task that runs virtual thread {@code vt} until it parks, yields or ends. */
    static Runnable runContinuation(Thread vt) {
        return (Runnable) RUN_CONTINUATION.get(vt);
    }

    /**
     * {@code LockSupport.park(blocker)} for a goroutine, without keeping the thread in
     * the caller's frame across the park. The JDK's method keeps it there to clear the
     * thread's {@code parkBlocker} after the park; every parked goroutine freezes that
     * frame into its stack chunk. Here the field is set through the current thread
     * before the park and cleared through it again after, so {@code LockSupport.getBlocker},
     * thread dumps and JFR still show what the goroutine waits on. Falls back to
     * {@code LockSupport.park(blocker)} when the field is out of reach.
     */
    static void park(Object blocker) {
        if (PARK_BLOCKER == null) {
            LockSupport.park(blocker);
            return;
        }
        PARK_BLOCKER.setOpaque(Thread.currentThread(), blocker);
        LockSupport.park();
        PARK_BLOCKER.setOpaque(Thread.currentThread(), null);
    }

    /**
     * The platform thread the current thread runs on: the carrier of a mounted
     * virtual thread, or the current thread itself when it is a platform thread.
     * Callable only when {@link #available()}.
     */
    static Thread currentCarrierThread() {
        try {
            return (Thread) CURRENT_CARRIER.invokeExact();
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }
}
