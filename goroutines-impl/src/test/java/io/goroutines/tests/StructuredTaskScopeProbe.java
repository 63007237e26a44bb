package io.goroutines.tests;

import io.goroutines.Go;
import io.goroutines.GoRuntime;
import io.goroutines.testkit.ChildJvm;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadFactory;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Child-JVM main of {@link ForeignThreadsTest} and {@link ThreadFactoryTest}, run with
 * {@code --enable-preview}: inside {@code Go.main}, forks subtasks in a
 * {@code StructuredTaskScope} and prints {@code sts=SUM} (or {@code sts=none} when this
 * JDK has neither API below). With no argument the scope makes the JDK's virtual
 * threads; with the argument {@value #GOROUTINES} it takes
 * {@code GoRuntime.threadFactory()}, and every fork checks that it is a goroutine
 * started by the main goroutine (which forked it). The API is a preview whose shape
 * changed, so it is reached by reflection (the project compiles with
 * {@code --release 21}):
 * <ul>
 *   <li>JDK 25: {@code StructuredTaskScope.open()}, or
 *       {@code open(Joiner.awaitAllSuccessfulOrThrow(), cf -> cf.withThreadFactory(f))},
 *       then {@code fork(Callable)}, {@code join()}, {@code Subtask.get()},
 *       {@code close()};</li>
 *   <li>JDK 21 to 24: {@code new StructuredTaskScope.ShutdownOnFailure()}, or
 *       {@code new ShutdownOnFailure(null, f)}, then {@code fork}, {@code join()},
 *       {@code throwIfFailed()}, {@code Subtask.get()}, {@code close()}.</li>
 * </ul>
 * A watchdog ends the JVM with status 2 should the forks never run.
 */
public final class StructuredTaskScopeProbe {

    static final int FORKS = 5;
    /** The sum of i * i for i below {@link #FORKS}. */
    static final int EXPECTED = 30;
    /** The argument that makes the scope fork goroutines. */
    static final String GOROUTINES = "goroutines";
    private static final Pattern HEADER = Pattern.compile("^goroutine (\\d+) \\[running]:");

    private StructuredTaskScopeProbe() {
    }

    public static void main(String[] args) throws Exception {
        Thread watchdog = new Thread(() -> {
            try {
                Thread.sleep(10_000);
                System.out.println("timeout: the forks did not finish");
                System.exit(2);
            } catch (InterruptedException e) {
                // finished in time
            }
        });
        watchdog.setDaemon(true);
        watchdog.start();
        System.out.println("scheduler=" + GoRuntime.scheduler());
        ThreadFactory factory = args.length > 0 && args[0].equals(GOROUTINES) ? GoRuntime.threadFactory() : null;
        Object[] result = new Object[1];
        Go.main(() -> {
            try {
                result[0] = forkAndSum(factory);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        watchdog.interrupt();
        System.out.println("sts=" + result[0]);
    }

    /** The goid in the calling goroutine's own dump, or null when the caller is no goroutine. */
    private static String goid(String dump) {
        Matcher m = HEADER.matcher(dump);
        return m.find() ? m.group(1) : null;
    }

    /** Forks {@link #FORKS} subtasks in a scope whose threads come from {@code factory} (null: the JDK's). */
    private static Object forkAndSum(ThreadFactory factory) throws Exception {
        Class<?> sts = Class.forName("java.util.concurrent.StructuredTaskScope");
        Class<?> subtask = Class.forName("java.util.concurrent.StructuredTaskScope$Subtask");
        Object scope;
        Method throwIfFailed = null;
        Method open = findMethod(sts, "open");
        if (open != null) { // JDK 25
            if (factory == null) {
                scope = open.invoke(null);
            } else {
                Class<?> joiner = Class.forName("java.util.concurrent.StructuredTaskScope$Joiner");
                Class<?> config = Class.forName("java.util.concurrent.StructuredTaskScope$Configuration");
                Method withThreadFactory = config.getMethod("withThreadFactory", ThreadFactory.class);
                Function<Object, Object> configure = cf -> {
                    try {
                        return withThreadFactory.invoke(cf, factory);
                    } catch (ReflectiveOperationException e) {
                        throw new IllegalStateException(e);
                    }
                };
                scope = sts.getMethod("open", joiner, Function.class)
                        .invoke(null, joiner.getMethod("awaitAllSuccessfulOrThrow").invoke(null), configure);
            }
        } else { // JDK 21 to 24
            Class<?> sof;
            try {
                sof = Class.forName("java.util.concurrent.StructuredTaskScope$ShutdownOnFailure");
            } catch (ClassNotFoundException e) {
                return "none";
            }
            scope = factory == null
                    ? sof.getConstructor().newInstance()
                    : sof.getConstructor(String.class, ThreadFactory.class).newInstance(null, factory);
            throwIfFailed = sof.getMethod("throwIfFailed");
        }
        String owner = goid(GoRuntime.stack(false));
        Method fork = sts.getMethod("fork", Callable.class);
        Method join = sts.getMethod("join");
        Method get = subtask.getMethod("get");
        Method close = sts.getMethod("close");
        try {
            List<Object> forks = new ArrayList<>();
            for (int i = 0; i < FORKS; i++) {
                int k = i;
                Callable<Integer> task = () -> {
                    if (!Thread.currentThread().isVirtual()) {
                        throw new IllegalStateException("fork ran on a platform thread");
                    }
                    String dump = GoRuntime.stack(false);
                    if (factory != null && (goid(dump) == null || !dump.contains("created in goroutine " + owner + "\n"))) {
                        throw new IllegalStateException("fork is no goroutine started by goroutine " + owner + ":\n" + dump);
                    }
                    if (factory == null && goid(dump) != null) {
                        throw new IllegalStateException("a fork of the JDK's factory is a goroutine:\n" + dump);
                    }
                    return k * k;
                };
                forks.add(fork.invoke(scope, task));
            }
            join.invoke(scope);
            if (throwIfFailed != null) {
                throwIfFailed.invoke(scope);
            }
            int sum = 0;
            for (Object f : forks) {
                sum += (Integer) get.invoke(f);
            }
            return sum;
        } catch (InvocationTargetException e) {
            throw e.getCause() instanceof Exception ex ? ex : e;
        } finally {
            close.invoke(scope);
        }
    }

    /**
     * Runs this probe with {@code args} in a child JVM with {@code --enable-preview} and
     * the runtime's flag, bounded at 60 s, and asserts that it forked on our scheduler
     * and printed {@code sts=}{@value #EXPECTED}. Skips (JUnit assumption) on a JDK
     * without {@code StructuredTaskScope} or with an API the probe does not know.
     */
    static void assertForksSumInChildJvm(String... args) throws Exception {
        try {
            Class.forName("java.util.concurrent.StructuredTaskScope");
        } catch (ClassNotFoundException e) {
            assumeTrue(false, "this JDK (" + Runtime.version() + ") has no StructuredTaskScope");
        }
        ChildJvm.Result r = ChildJvm.withProvider()
                .run(ChildJvm.opensAnd("--enable-preview"), StructuredTaskScopeProbe.class, args);
        String out = r.output();
        assumeTrue(!out.contains("sts=none"), "no StructuredTaskScope API known to the probe:\n" + out);
        assertEquals(0, r.status(), out);
        assertTrue(out.contains("scheduler=gmp"), out);
        assertTrue(out.contains("sts=" + EXPECTED), out);
    }

    private static Method findMethod(Class<?> c, String name) {
        try {
            return c.getMethod(name);
        } catch (NoSuchMethodException e) {
            return null;
        }
    }
}
