package io.goroutines.tests;

import io.goroutines.Go;
import io.goroutines.GoRuntime;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * Child-JVM main of {@link ForeignThreadsTest}, run with {@code --enable-preview}: inside
 * {@code Go.main}, forks subtasks in a {@code StructuredTaskScope} and prints
 * {@code sts=SUM} (or {@code sts=none} when this JDK has neither API below). The API is
 * a preview whose shape changed, so it is reached by reflection (the project compiles
 * with {@code --release 21}):
 * <ul>
 *   <li>JDK 25: {@code StructuredTaskScope.open()}, {@code fork(Callable)},
 *       {@code join()}, {@code Subtask.get()}, {@code close()};</li>
 *   <li>JDK 21 to 24: {@code new StructuredTaskScope.ShutdownOnFailure()}, then
 *       {@code fork}, {@code join()}, {@code throwIfFailed()}, {@code Subtask.get()},
 *       {@code close()}.</li>
 * </ul>
 * A watchdog ends the JVM with status 2 should the forks never run.
 */
public final class StructuredTaskScopeProbe {

    static final int FORKS = 5;
    /** The sum of i * i for i below {@link #FORKS}. */
    static final int EXPECTED = 30;

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
        Object[] result = new Object[1];
        Go.main(() -> {
            try {
                result[0] = forkAndSum();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        watchdog.interrupt();
        System.out.println("sts=" + result[0]);
    }

    private static Object forkAndSum() throws Exception {
        Class<?> sts = Class.forName("java.util.concurrent.StructuredTaskScope");
        Class<?> subtask = Class.forName("java.util.concurrent.StructuredTaskScope$Subtask");
        Object scope;
        Method throwIfFailed = null;
        Method open = findMethod(sts, "open");
        if (open != null) {
            scope = open.invoke(null); // JDK 25
        } else {
            Class<?> sof;
            try {
                sof = Class.forName("java.util.concurrent.StructuredTaskScope$ShutdownOnFailure");
            } catch (ClassNotFoundException e) {
                return "none";
            }
            scope = sof.getConstructor().newInstance(); // JDK 21 to 24
            throwIfFailed = sof.getMethod("throwIfFailed");
        }
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

    private static Method findMethod(Class<?> c, String name) {
        try {
            return c.getMethod(name);
        } catch (NoSuchMethodException e) {
            return null;
        }
    }
}
