package io.goroutines.tests;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 19, "start clean": a program started with only the documented flag,
 * {@code --add-opens java.base/java.lang=ALL-UNNAMED}, prints nothing it did not ask
 * for. The child JVM is the JDK running the tests (the toolchain's, 25 on CI), on the
 * test class path, running {@link CleanStartupProbe}; its stderr must be empty and its
 * stdout exactly the probe's line.
 *
 * <p>What an empty stderr proves: no JVM warning (JDK 24+ prints one for every
 * {@code sun.misc.Unsafe} memory-access method a library calls: JCTools' did before
 * {@code MpmcUnboundedQueue} replaced it; JDK 21 to 23 print nothing for it), no warning
 * of the runtime (the test class path binds SLF4J to logback, whose
 * {@code logback-test.xml} prints WARN and ERROR on stderr, so the runtime's fallback to
 * the JDK's scheduler or any other warning would show), and no SLF4J message (a
 * provider is bound). It does not cover a class path without an SLF4J provider, where
 * SLF4J itself prints that it found none.
 */
class CleanStartupTest {

    @Test
    void programWithOnlyTheDocumentedFlagPrintsNothingOnStderr() throws Exception {
        String java = ProcessHandle.current().info().command().orElseThrow();
        Path out = Files.createTempFile("clean-startup", ".out");
        Path err = Files.createTempFile("clean-startup", ".err");
        try {
            Process p = new ProcessBuilder(List.of(java, "--add-opens", "java.base/java.lang=ALL-UNNAMED",
                    "-cp", System.getProperty("java.class.path"), CleanStartupProbe.class.getName()))
                    .redirectOutput(out.toFile())
                    .redirectError(err.toFile())
                    .start();
            boolean ended = p.waitFor(60, TimeUnit.SECONDS);
            if (!ended) {
                p.destroyForcibly();
            }
            String stdout = Files.readString(out);
            String stderr = Files.readString(err);
            assertTrue(ended, "child JVM did not finish within 60 s:\n" + stdout + stderr);
            assertEquals("", stderr, "stderr of " + Runtime.version() + " with only the documented flag");
            assertEquals(CleanStartupProbe.EXPECTED + System.lineSeparator(), stdout);
            assertEquals(0, p.exitValue());
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }
}
