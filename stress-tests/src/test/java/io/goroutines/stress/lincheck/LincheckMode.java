package io.goroutines.stress.lincheck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.goroutines.GoRuntime;
import io.goroutines.Panic;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Options;
import org.jetbrains.lincheck.datastructures.StressOptions;

import java.time.Duration;
import java.util.function.Supplier;

/**
 * The size of the Lincheck runs, chosen by {@code -Dlincheck.mode}:
 * <ul>
 *   <li>{@code bounded} (the default, what {@code mvn verify} and so CI run): few
 *       scenarios, so that every Lincheck test of this module together stays well
 *       under a minute on 2 cores;</li>
 *   <li>{@code long}: many more scenarios and invocations, three threads and longer
 *       scenarios, for a run by hand (several minutes per test class).</li>
 * </ul>
 * Every test runs both of Lincheck's strategies, stress and model checking, with
 * these scenario sizes. Also holds what every test shares: the check that the G/M/P
 * scheduler runs (as {@code Gmp.check()} does for the jcstress tests in src/main),
 * and the rendering of a {@link Panic} as a result.
 */
final class LincheckMode {

    /** Whether {@code -Dlincheck.mode=long} was given. */
    static final boolean LONG = parse(System.getProperty("lincheck.mode", "bounded"));

    static final int THREADS = LONG ? 3 : 2;
    static final int ACTORS_PER_THREAD = LONG ? 4 : 3;
    static final int ACTORS_BEFORE = LONG ? 3 : 2;
    static final int ACTORS_AFTER = LONG ? 3 : 2;
    /** Stress: scenarios, and runs of each. */
    static final int ITERATIONS = LONG ? 50 : 10;
    static final int INVOCATIONS = LONG ? 2_000 : 500;
    /** Model checking: scenarios, and interleavings explored per scenario. */
    static final int MC_ITERATIONS = LONG ? 20 : 8;
    static final int MC_INVOCATIONS = LONG ? 1_000 : 200;

    /**
     * The bound of one test's run. Lincheck reports a hung invocation by itself (its
     * invocation timeout); this also bounds the rest, e.g. a wait in the runtime that
     * Lincheck does not see as a hang.
     */
    static final Duration TIMEOUT = Duration.ofMinutes(LONG ? 30 : 2);

    /** The most operations one scenario runs: a bound for tests whose calls must never block. */
    static final int MAX_ACTORS = ACTORS_BEFORE + THREADS * ACTORS_PER_THREAD + ACTORS_AFTER;

    private LincheckMode() {}

    private static boolean parse(String mode) {
        return switch (mode) {
            case "bounded" -> false;
            case "long" -> true;
            default -> throw new IllegalArgumentException(
                    "-Dlincheck.mode must be bounded or long, got \"" + mode + "\"");
        };
    }

    /**
     * Runs Lincheck's stress strategy, sized by the mode, on {@code test} against the
     * sequential specification {@code spec}: real threads run each scenario many
     * times. A violation fails the calling test.
     */
    static void checkStress(Class<?> test, Class<?> spec) {
        run(sized(new StressOptions()
                .iterations(ITERATIONS)
                .invocationsPerIteration(INVOCATIONS)), test, spec);
    }

    /**
     * Runs Lincheck's model checking strategy, sized by the mode: it instruments the
     * bytecode of the test and of the runtime (goroutines-impl, not java.lang) and
     * explores thread switches at each shared-memory access, park and unpark, so it
     * finds interleavings that stress runs rarely hit, and prints the one that fails.
     * The calls here come from Lincheck's own (platform) threads, so the runtime code
     * under test never mounts a goroutine; parking goes through
     * {@code LockSupport.park}, which Lincheck models.
     */
    static void checkModelChecking(Class<?> test, Class<?> spec) {
        run(sized(new ModelCheckingOptions()
                .iterations(MC_ITERATIONS)
                .invocationsPerIteration(MC_INVOCATIONS)), test, spec);
    }

    /** The mode's scenario shape: threads and calls per thread, before and after. */
    private static <O extends Options<O, ?>> O sized(O options) {
        return options
                .threads(THREADS)
                .actorsPerThread(ACTORS_PER_THREAD)
                .actorsBefore(ACTORS_BEFORE)
                .actorsAfter(ACTORS_AFTER);
    }

    /**
     * Runs {@code options}' strategy on {@code test} against {@code spec} in the
     * smallest concurrent scenarios: two threads, one call each, nothing before or
     * after; scenarios and invocations as model checking's of the mode. For a race
     * between two calls, where bigger scenarios would only dilute it or let calls meet
     * that the test must keep apart (the unlock-misuse tests).
     */
    static void checkOneCallEach(Options<?, ?> options, Class<?> test, Class<?> spec) {
        run(options
                .iterations(MC_ITERATIONS)
                .invocationsPerIteration(MC_INVOCATIONS)
                .threads(2)
                .actorsPerThread(1)
                .actorsBefore(0)
                .actorsAfter(0), test, spec);
    }

    /**
     * Checks {@code test} against the sequential specification {@code spec} with
     * {@code options}, within {@link #TIMEOUT}. Fails first if goroutines would not
     * run on the project's scheduler: without
     * {@code --add-opens java.base/java.lang=ALL-UNNAMED} (the surefire argLine of the
     * parent pom) the runtime falls back to the JDK's and these tests would check the
     * wrong code.
     */
    static void run(Options<?, ?> options, Class<?> test, Class<?> spec) {
        assertEquals("gmp", GoRuntime.scheduler(),
                "GoRuntime.scheduler(): run with --add-opens java.base/java.lang=ALL-UNNAMED");
        options.sequentialSpecification(spec);
        assertTimeoutPreemptively(TIMEOUT, () -> options.check(test));
    }

    /** What both the runtime and a model return for a call that did not panic and returns nothing. */
    static final String OK = "ok";

    /** A panic as an operation's result: its message, which is Go's panic value. */
    static String panicked(Panic p) {
        return "panic: " + p.getMessage();
    }

    /** Runs {@code call}: {@link #OK}, or the text of the {@link Panic} it threw. */
    static String call(Runnable call) {
        try {
            call.run();
            return OK;
        } catch (Panic p) {
            return panicked(p);
        }
    }

    /** Runs {@code call}: its value, or the text of the {@link Panic} it threw. */
    static Object value(Supplier<?> call) {
        try {
            return call.get();
        } catch (Panic p) {
            return panicked(p);
        }
    }
}
