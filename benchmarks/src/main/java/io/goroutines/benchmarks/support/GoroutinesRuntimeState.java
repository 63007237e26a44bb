package io.goroutines.benchmarks.support;

import io.goroutines.GoRuntime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What every benchmark's {@code impl=goroutines} shares: the check that the runtime
 * really runs on its G/M/P scheduler, and the scheduler's state for the message of a
 * hang.
 */
public final class GoroutinesRuntimeState {

    /** How much of a goroutine dump goes into the message of a hang; the rest goes to a file. */
    private static final int DUMP_EXCERPT_CHARS = 6_000;

    private GoroutinesRuntimeState() {
    }

    /**
     * Fails when the runtime fell back to the JDK's scheduler (typically: the fork lacks
     * {@code --add-opens java.base/java.lang=ALL-UNNAMED}), so that the fallback is never
     * measured under the name goroutines. Called from {@code @Setup(Level.Trial)}.
     */
    public static void requireGmp() {
        String actual = GoRuntime.scheduler();
        if (!"gmp".equals(actual)) {
            throw new IllegalStateException("impl=goroutines, but GoRuntime.scheduler() is \""
                    + actual + "\": the goroutines runtime fell back to the JDK's scheduler; "
                    + "run the fork with --add-opens java.base/java.lang=ALL-UNNAMED");
        }
    }

    /** The goroutine count and schedStats, and the dump (an excerpt here, all of it in a file). */
    public static String diagnostics() {
        String state = "numGoroutine=" + GoRuntime.numGoroutine() + ", " + GoRuntime.schedStats();
        try {
            String dump = GoRuntime.stack(true);
            Path file = Files.createTempFile("goroutines-hang-", ".txt");
            Files.writeString(file, dump);
            int cut = Math.min(dump.length(), DUMP_EXCERPT_CHARS);
            return state + "; full goroutine dump in " + file + ", first " + cut + " chars:\n"
                    + dump.substring(0, cut);
        } catch (IOException | RuntimeException e) {
            return state + "; no goroutine dump: " + e;
        }
    }
}
