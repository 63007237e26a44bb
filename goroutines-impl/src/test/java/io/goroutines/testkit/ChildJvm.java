package io.goroutines.testkit;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Runs a probe's {@code main} in a child JVM: the JDK running the tests, on the test
 * class path, with the JVM options a test names, and stdout and stderr kept apart. A
 * child that has not ended after {@link #TIMEOUT_SECONDS} is killed and the test fails.
 *
 * <p>{@link #withoutProvider} leaves logback (the tests' SLF4J provider) off the class
 * path, as a plain library user has no provider: SLF4J then prints its one notice
 * (lines starting {@link #SLF4J_NOTICE}) and drops every log message.
 */
public final class ChildJvm {

    /** How long a child may run, unless {@link #withTimeout} says otherwise. */
    public static final long TIMEOUT_SECONDS = 60;
    /** How SLF4J 2 starts each line of its own notices (its {@code Reporter}). */
    public static final String SLF4J_NOTICE = "SLF4J(";
    /** The flag the README documents for the class path, as two options. */
    public static final List<String> OPENS = List.of("--add-opens", "java.base/java.lang=ALL-UNNAMED");

    /**
     * {@link #OPENS} followed by {@code more}.
     *
     * @param more further JVM options ({@code -D...})
     * @return the options
     */
    public static List<String> opensAnd(String... more) {
        List<String> opts = new ArrayList<>(OPENS);
        opts.addAll(List.of(more));
        return opts;
    }

    /** What a child printed, and how it ended. */
    public record Result(int status, String out, String err) {

        /** {@return stdout followed by stderr, for a test that reads them as one} */
        public String output() {
            return out + err;
        }

        /** The lines of stderr that are not SLF4J's own notices. */
        public List<String> errWithoutSlf4jNotice() {
            return err.lines().filter(l -> !l.startsWith(SLF4J_NOTICE)).toList();
        }

        @Override
        public String toString() {
            return "exit status " + status + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    /** Where {@code logback-stdout.xml} sends the log, line by line: {@code LOG LEVEL logger - message}. */
    public static final String LOG_LINE = "LOG ";

    private final boolean provider;
    private final List<String> options;
    private final long timeoutSeconds;

    private ChildJvm(boolean provider, List<String> options) {
        this(provider, options, TIMEOUT_SECONDS);
    }

    private ChildJvm(boolean provider, List<String> options, long timeoutSeconds) {
        this.provider = provider;
        this.options = options;
        this.timeoutSeconds = timeoutSeconds;
    }

    /**
     * This child JVM, allowed to run {@code seconds} instead of {@link #TIMEOUT_SECONDS}.
     *
     * @param seconds how long the child may run
     * @return the child JVM
     */
    public ChildJvm withTimeout(long seconds) {
        return new ChildJvm(provider, options, seconds);
    }

    /** {@return a child JVM on the test class path, SLF4J bound to logback ({@code logback-test.xml})} */
    public static ChildJvm withProvider() {
        return new ChildJvm(true, List.of());
    }

    /**
     * A child JVM whose logback writes every INFO and above on stdout, each line starting
     * {@link #LOG_LINE} ({@code logback-stdout.xml}), so that stderr holds only what is
     * written there directly.
     *
     * @return the child JVM
     * @throws Exception when the configuration file cannot be found
     */
    public static ChildJvm withProviderLoggingToStdout() throws Exception {
        Path config = Path.of(ChildJvm.class.getResource("/logback-stdout.xml").toURI());
        return new ChildJvm(true, List.of("-Dlogback.configurationFile=" + config));
    }

    /** {@return a child JVM on the test class path without logback: no SLF4J provider} */
    public static ChildJvm withoutProvider() {
        return new ChildJvm(false, List.of());
    }

    /** The test class path, without logback's jars when there is to be no provider. */
    public String classPath() {
        String cp = System.getProperty("java.class.path");
        if (provider) {
            return cp;
        }
        String without = Arrays.stream(cp.split(File.pathSeparator))
                .filter(e -> !Path.of(e).getFileName().toString().startsWith("logback-"))
                .collect(Collectors.joining(File.pathSeparator));
        assertFalse(without.contains("logback"), "logback left on the class path: " + without);
        return without;
    }

    /**
     * Runs {@code main} with {@code jvmOptions}, then {@code args}, and waits for it.
     *
     * @param jvmOptions options before the class name ({@code --add-opens ...}, {@code -D...})
     * @param main the class whose {@code main} runs
     * @param args its arguments
     * @return its exit status and output
     * @throws Exception when the child cannot be started or its output read
     */
    public Result run(List<String> jvmOptions, Class<?> main, String... args) throws Exception {
        String java = ProcessHandle.current().info().command().orElseThrow();
        List<String> cmd = new ArrayList<>();
        cmd.add(java);
        cmd.addAll(options);
        cmd.addAll(jvmOptions);
        cmd.addAll(List.of("-cp", classPath(), main.getName()));
        cmd.addAll(List.of(args));
        Path out = Files.createTempFile("child-jvm", ".out");
        Path err = Files.createTempFile("child-jvm", ".err");
        try {
            Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            boolean ended = p.waitFor(timeoutSeconds, TimeUnit.SECONDS);
            if (!ended) {
                p.destroyForcibly().waitFor(timeoutSeconds, TimeUnit.SECONDS);
            }
            Result r = new Result(ended ? p.exitValue() : -1, Files.readString(out), Files.readString(err));
            assertTrue(ended, () -> "child JVM did not end within " + timeoutSeconds + " s: " + cmd + "\n" + r);
            return r;
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }
}
