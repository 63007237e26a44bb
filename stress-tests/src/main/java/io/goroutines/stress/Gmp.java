package io.goroutines.stress;

import io.goroutines.GoRuntime;

/**
 * Checks that the forked test VM runs goroutines on the project's G/M/P scheduler:
 * without {@code --add-opens java.base/java.lang=ALL-UNNAMED} the runtime falls back
 * to the JDK's scheduler and these tests would test the wrong thing. Every test's
 * state constructor calls {@link #check()}, so a VM without the flag fails every
 * test with an error instead of passing quietly.
 */
final class Gmp {
    private static final String SCHEDULER = GoRuntime.scheduler();

    private Gmp() {}

    static void check() {
        if (!"gmp".equals(SCHEDULER)) {
            throw new IllegalStateException("GoRuntime.scheduler() is \"" + SCHEDULER
                    + "\", not \"gmp\": run jcstress with -jvmArgsPrepend --add-opens=java.base/java.lang=ALL-UNNAMED");
        }
    }
}
