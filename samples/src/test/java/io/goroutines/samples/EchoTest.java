package io.goroutines.samples;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(60)
class EchoTest {

    private static final Pattern LINE = Pattern.compile(
            "(.+?): +(\\d+) conns, [0-9.]+ s: (\\d+) requests, (\\d+) requests/s, p50 (\\d+) us, p99 (\\d+) us; "
                    + "server echoed (\\d+) \\(counts match\\)");

    @Test
    void clientCountsMatchTheServersForBothServers() {
        Run r = Run.of("echo", "--conns", "3", "--seconds", "0.2");
        assertEquals(0, r.status(), r::toString);
        List<String> lines = r.out().strip().lines().toList();
        assertEquals(2, lines.size(), r::toString);
        String[] servers = {"goroutine per connection", "platform thread pool (3 threads)"};
        for (int i = 0; i < 2; i++) {
            Matcher m = LINE.matcher(lines.get(i));
            assertTrue(m.matches(), r::toString);
            assertEquals(servers[i], m.group(1), r::toString);
            assertEquals("3", m.group(2));
            long requests = Long.parseLong(m.group(3));
            assertTrue(requests >= 3, "every connection completes a request at least:\n" + r);
            assertEquals(requests, Long.parseLong(m.group(7)), r::toString);
            assertTrue(Long.parseLong(m.group(5)) <= Long.parseLong(m.group(6)), "p50 <= p99\n" + r);
        }
    }

    @Test
    void badArgumentsExitTwo() {
        Run r = Run.of("echo", "--conns", "0");
        assertEquals(2, r.status(), r::toString);
        assertTrue(r.err().contains("--conns must be in [1, 10000], got 0"), r::toString);
        Run s = Run.of("echo", "--seconds", "forever");
        assertEquals(2, s.status(), s::toString);
        assertTrue(s.err().contains("--seconds must be a number, got 'forever'"), s::toString);
    }

    /** What the program prints once it serves with --dump-on-signal: its pid and the kill command. */
    private static final Pattern READY = Pattern.compile(
            "echo: pid (\\d+), serving on 127\\.0\\.0\\.1:\\d+; `kill -USR2 (\\d+)` prints the goroutine dump to stderr");

    /** A goroutine's header in Go's dump format, with its wait reason: {@code goroutine 7 [sync.WaitGroup.Wait]:}. */
    private static final Pattern GOROUTINE = Pattern.compile("goroutine \\d+ \\[[^\\]]+]:.*");

    /**
     * The real thing, in a JVM of its own (a signal handler is per process): start
     * {@code echo --dump-on-signal}, wait for its pid line, {@code kill -USR2} it, see the
     * goroutine dump on stderr, and the program finish its run with exit status 0.
     */
    @Test
    @Timeout(150)
    void dumpOnSignalPrintsTheGoroutineDumpToStderrAndKeepsRunning() throws Exception {
        String java = ProcessHandle.current().info().command().orElseThrow();
        List<String> cmd = new ArrayList<>(List.of(java, "--add-opens", "java.base/java.lang=ALL-UNNAMED"));
        if (Runtime.version().feature() >= 23) {
            cmd.add("--sun-misc-unsafe-memory-access=allow"); // JCTools' Unsafe, as bin/samples does
        }
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), "io.goroutines.samples.Main",
                "echo", "--dump-on-signal", "--conns", "2", "--seconds", "3"));
        Process p = new ProcessBuilder(cmd).start();
        try {
            CompletableFuture<String> out = new CompletableFuture<>();
            Thread.ofPlatform().daemon().start(() -> out.complete(readAll(p.getInputStream())));
            BlockingQueue<String> errLines = new LinkedBlockingQueue<>();
            List<String> err = new ArrayList<>();
            Thread errReader = Thread.ofPlatform().daemon().start(() -> readLines(p.getErrorStream(), errLines));

            // 1. the pid line: the handler is installed and the goroutine server listens
            String ready = nextLineMatching(errLines, err, READY, 30);
            assertNotNull(ready, () -> "no pid line on stderr within 30 s; stderr so far:\n" + String.join("\n", err));
            Matcher m = READY.matcher(ready);
            assertTrue(m.matches());
            assertEquals(String.valueOf(p.pid()), m.group(1), ready);
            assertEquals(m.group(1), m.group(2), ready);

            // 2. kill -USR2 <pid>
            Process kill = new ProcessBuilder("/bin/kill", "-USR2", String.valueOf(p.pid())).inheritIO().start();
            assertTrue(kill.waitFor(10, TimeUnit.SECONDS), "kill did not finish in 10 s");
            assertEquals(0, kill.exitValue(), "kill -USR2 " + p.pid());

            // 3. the dump: its header, then goroutines with their wait reasons
            assertNotNull(nextLineMatching(errLines, err, Pattern.compile("SIGUSR2: goroutine dump.*"), 30),
                    () -> "no dump header on stderr within 30 s of the signal; stderr:\n" + String.join("\n", err));
            String goroutine = nextLineMatching(errLines, err, GOROUTINE, 30);
            assertNotNull(goroutine, () -> "no 'goroutine N [reason]:' line within 30 s; stderr:\n" + String.join("\n", err));

            // 4. the program went on: it finishes both runs and exits 0
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "echo did not exit within 60 s of the dump");
            errReader.join(TimeUnit.SECONDS.toMillis(10));
            errLines.drainTo(err);
            String stdout = out.get(10, TimeUnit.SECONDS);
            String all = "status " + p.exitValue() + "\n--- out:\n" + stdout + "--- err:\n" + String.join("\n", err);
            assertEquals(0, p.exitValue(), all);
            List<String> reports = stdout.strip().lines().toList();
            assertEquals(2, reports.size(), all);
            for (String line : reports) {
                assertTrue(LINE.matcher(line).matches(), all);
            }
            assertTrue(err.stream().anyMatch(l -> l.startsWith("goroutine 1 [")), "main goroutine in the dump\n" + all);
        } finally {
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void dumpOnSignalWithASignalTheJvmRefusesExitsTwoNamingIt() {
        // SIGQUIT is the JVM's own (its thread dump): the handler cannot be installed
        Run r = Run.of("echo", "--dump-on-signal", "--dump-signal", "QUIT", "--seconds", "0.1");
        assertEquals(2, r.status(), r::toString);
        assertTrue(r.err().contains("echo: --dump-on-signal: cannot install a handler for SIGQUIT"), r::toString);
        assertTrue(r.out().isEmpty(), r::toString);
        Run u = Run.of("echo", "--dump-on-signal", "--dump-signal", "SIGNOPE");
        assertEquals(2, u.status(), u::toString);
        assertTrue(u.err().contains("cannot install a handler for SIGNOPE"), u::toString);
    }

    @Test
    void dumpOnSignalBadArgumentsExitTwo() {
        Run v = Run.of("echo", "--dump-on-signal=yes");
        assertEquals(2, v.status(), v::toString);
        assertTrue(v.err().contains("flag --dump-on-signal takes no value"), v::toString);
        Run s = Run.of("echo", "--dump-signal", "HUP");
        assertEquals(2, s.status(), s::toString);
        assertTrue(s.err().contains("--dump-signal needs --dump-on-signal"), s::toString);
        assertTrue(s.err().contains("kill -USR2 <pid>"), "the usage names the signal and the command\n" + s);
    }

    /** The next line of {@code lines} matching {@code p} within {@code seconds}, or null; keeps every line read in {@code seen}. */
    private static String nextLineMatching(BlockingQueue<String> lines, List<String> seen, Pattern p, long seconds)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        for (long left; (left = deadline - System.nanoTime()) > 0; ) {
            String line = lines.poll(left, TimeUnit.NANOSECONDS);
            if (line == null) {
                return null;
            }
            seen.add(line);
            if (p.matcher(line).matches()) {
                return line;
            }
        }
        return null;
    }

    private static void readLines(InputStream in, BlockingQueue<String> lines) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                lines.add(line);
            }
        } catch (IOException e) {
            lines.add("(reading stderr failed: " + e + ")");
        }
    }

    private static String readAll(InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(reading stdout failed: " + e + ")";
        }
    }
}
