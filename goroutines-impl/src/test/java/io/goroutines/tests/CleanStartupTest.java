package io.goroutines.tests;

import io.goroutines.testkit.ChildJvm;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * Issue 19, "start clean": a program started with only the documented flag,
 * {@code --add-opens java.base/java.lang=ALL-UNNAMED}, prints nothing it did not ask
 * for. The child JVM ({@link ChildJvm}) is the JDK running the tests (the toolchain's,
 * 25 on CI), on the test class path, running {@link CleanStartupProbe}; its stdout must
 * be exactly the probe's line.
 */
class CleanStartupTest {

    /**
     * With logback bound, stderr must be empty. What that proves: no JVM warning (JDK 24+
     * prints one for every {@code sun.misc.Unsafe} memory-access method a library calls:
     * JCTools' did before {@code MpmcUnboundedQueue} replaced it; JDK 21 to 23 print
     * nothing for it), no warning of the runtime (the test class path binds SLF4J to
     * logback, whose {@code logback-test.xml} prints WARN and ERROR on stderr, so the
     * runtime's fallback to the JDK's scheduler or any other warning would show), and no
     * SLF4J message (a provider is bound).
     */
    @Test
    void programWithOnlyTheDocumentedFlagPrintsNothingOnStderr() throws Exception {
        ChildJvm.Result r = ChildJvm.withProvider().run(ChildJvm.OPENS, CleanStartupProbe.class);
        assertEquals("", r.err(), "stderr of " + Runtime.version() + " with only the documented flag");
        assertEquals(CleanStartupProbe.EXPECTED + System.lineSeparator(), r.out());
        assertEquals(0, r.status());
    }

    /**
     * Without an SLF4J provider (logback off the class path, as for a plain library user)
     * every diagnostic of the runtime goes to stderr ({@code Diagnostics}, ADR 0016), so
     * a warning that the provider case routes to a log would show here. Stderr may hold
     * only SLF4J's own notice that it found no provider, which SLF4J prints once for any
     * library that logs through it (and which the test checks is there, so that the
     * child really ran without a provider); nothing else, from the runtime or the JVM.
     */
    @Test
    void withoutAnSlf4jProviderTheRuntimePrintsNothingOfItsOwn() throws Exception {
        ChildJvm.Result r = ChildJvm.withoutProvider().run(ChildJvm.OPENS, CleanStartupProbe.class);
        assertFalse(r.err().isEmpty(), "SLF4J's no-provider notice is missing: was a provider bound?\n" + r);
        assertEquals(List.of(), r.errWithoutSlf4jNotice(), r::toString);
        assertEquals(CleanStartupProbe.EXPECTED + System.lineSeparator(), r.out());
        assertEquals(0, r.status());
    }
}
