package io.goroutines.samples;

import io.goroutines.net.Conn;
import io.goroutines.net.Listener;
import io.goroutines.net.Net;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(60)
class EchoTest {

    /** The client's report: conns, address, requests, requests/s, p50, p99, bytes. */
    private static final Pattern CLIENT = Pattern.compile(
            "echo-client: (\\d+) conns to (\\S+), [0-9.]+ s: (\\d+) requests, (\\d+) requests/s, p50 (\\d+) us, "
                    + "p99 (\\d+) us; (\\d+) bytes echoed back intact");

    /** Go's example in-process: each connection's bytes come back; a half close ends it (io.Copy sees EOF, then Close). */
    @Test
    void theServerCopiesEachConnectionBackAndClosesAfterEndOfStream() throws Exception {
        Echo.Server server = new Echo.Server("127.0.0.1:0", System.err).start();
        long sent = 0;
        try {
            Conn[] conns = new Conn[3];
            for (int i = 0; i < conns.length; i++) {
                conns[i] = Net.dial("tcp", server.addr());
            }
            for (int round = 0; round < 3; round++) {
                for (int i = 0; i < conns.length; i++) {
                    byte[] msg = Echo.message(i, round, 100 + i);
                    conns[i].write(msg, 0, msg.length);
                    byte[] back = new byte[msg.length];
                    Echo.readFully(conns[i], back);
                    assertArrayEquals(msg, back);
                    sent += msg.length;
                }
            }
            for (Conn c : conns) {
                c.closeWrite();
                c.setReadDeadline(Instant.now().plusSeconds(10));
                assertEquals(-1, c.read(new byte[1], 0, 1), "the server closes after end of stream");
                c.close();
            }
        } finally {
            server.close();
        }
        assertEquals(3, server.conns.get());
        assertEquals(sent, server.echoed.sum());
    }

    @Test
    void badArgumentsExitTwo() {
        Run r = Run.of("echo-client", "-c", "0");
        assertEquals(2, r.status(), r::toString);
        assertTrue(r.err().contains("--c must be in [1, 10000], got 0"), r::toString);
        Run s = Run.of("echo-client", "-duration", "forever");
        assertEquals(2, s.status(), s::toString);
        assertTrue(s.err().contains("--duration must be a duration like 500ms, 30s or 1m30s, got 'forever'"), s::toString);
        Run t = Run.of("echo", "-seconds", "soon");
        assertEquals(2, t.status(), t::toString);
        assertTrue(t.err().contains("--seconds must be a number, got 'soon'"), t::toString);
        Run u = Run.of("echo", "-port", "1");
        assertEquals(2, u.status(), u::toString);
        assertTrue(u.err().contains("echo: unknown flag -port"), u::toString);
    }

    @Test
    void theClientExitsOneWhenNothingListens() throws Exception {
        Listener l = Net.listen("tcp", "127.0.0.1:0");
        String addr = TcpServer.hostPort(l.addr());
        l.close();
        Run r = Run.of("echo-client", "-addr", addr, "-c", "2", "-duration", "100ms");
        assertEquals(1, r.status(), r::toString);
        assertTrue(r.err().contains("connect: connection refused"), r::toString);
        assertTrue(r.out().contains(" 0 requests"), r::toString);
    }

    /** The server's start line on stdout: its address. */
    private static final Pattern LISTENING = Pattern.compile("echo: listening on (\\S+) until SIGINT .*");

    /** What the server prints once it serves with --dump-on-signal: its pid and the kill command. */
    private static final Pattern READY = Pattern.compile(
            "echo: pid (\\d+), serving on 127\\.0\\.0\\.1:\\d+; `kill -USR2 (\\d+)` prints the goroutine dump to stderr");

    /** A goroutine's header in Go's dump format, with its wait reason: {@code goroutine 7 [IO wait]:}. */
    private static final Pattern GOROUTINE = Pattern.compile("goroutine \\d+ \\[[^\\]]+]:.*");

    /**
     * The real thing, the server in a JVM of its own (a signal handler is per process;
     * the load comes from elsewhere): start {@code echo -dump-on-signal}, wait for its
     * address and pid lines, {@code kill -USR2} it and see the goroutine dump on stderr;
     * load it with {@code echo-client} from this JVM; SIGTERM ends it with status 0 and a
     * summary that agrees with the client's count.
     */
    @Test
    @Timeout(150)
    void serverInItsOwnProcessDumpsOnSignalServesTheClientAndStopsOnSigterm() throws Exception {
        String java = ProcessHandle.current().info().command().orElseThrow();
        List<String> cmd = List.of(java, "--add-opens", "java.base/java.lang=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), "io.goroutines.samples.Main",
                "echo", "-addr", "127.0.0.1:0", "-dump-on-signal");
        Process p = new ProcessBuilder(cmd).start();
        try {
            BlockingQueue<String> outLines = new LinkedBlockingQueue<>();
            BlockingQueue<String> errLines = new LinkedBlockingQueue<>();
            List<String> out = new ArrayList<>();
            List<String> err = new ArrayList<>();
            Thread outReader = Thread.ofPlatform().daemon().start(() -> readLines(p.getInputStream(), outLines));
            Thread errReader = Thread.ofPlatform().daemon().start(() -> readLines(p.getErrorStream(), errLines));

            // 1. the address and the pid line: the server listens and the handler is installed
            String listening = nextLineMatching(outLines, out, LISTENING, 30);
            assertNotNull(listening, () -> "no listening line on stdout within 30 s; so far:\n" + String.join("\n", out));
            Matcher l = LISTENING.matcher(listening);
            assertTrue(l.matches());
            String addr = l.group(1);
            String ready = nextLineMatching(errLines, err, READY, 30);
            assertNotNull(ready, () -> "no pid line on stderr within 30 s; stderr so far:\n" + String.join("\n", err));
            Matcher m = READY.matcher(ready);
            assertTrue(m.matches());
            assertEquals(String.valueOf(p.pid()), m.group(1), ready);
            assertEquals(m.group(1), m.group(2), ready);

            // 2. kill -USR2 <pid>: the dump, its header, then goroutines with their wait reasons
            Process kill = new ProcessBuilder("/bin/kill", "-USR2", String.valueOf(p.pid())).inheritIO().start();
            assertTrue(kill.waitFor(10, TimeUnit.SECONDS), "kill did not finish in 10 s");
            assertEquals(0, kill.exitValue(), "kill -USR2 " + p.pid());
            assertNotNull(nextLineMatching(errLines, err, Pattern.compile("SIGUSR2: goroutine dump.*"), 30),
                    () -> "no dump header on stderr within 30 s of the signal; stderr:\n" + String.join("\n", err));
            String goroutine = nextLineMatching(errLines, err, GOROUTINE, 30);
            assertNotNull(goroutine, () -> "no 'goroutine N [reason]:' line within 30 s; stderr:\n" + String.join("\n", err));

            // 3. the load, from this process
            Run client = Run.of("echo-client", "-addr", addr, "-c", "3", "-duration", "300ms", "-size", "50");
            assertEquals(0, client.status(), client::toString);
            Matcher c = CLIENT.matcher(client.out().strip());
            assertTrue(c.matches(), client::toString);
            assertEquals("3", c.group(1));
            assertEquals(addr, c.group(2));
            long requests = Long.parseLong(c.group(3));
            assertTrue(requests >= 3, "every connection completes a request at least:\n" + client);
            assertEquals(requests * 50, Long.parseLong(c.group(7)), client::toString);
            assertTrue(Long.parseLong(c.group(5)) <= Long.parseLong(c.group(6)), "p50 <= p99\n" + client);

            // 4. SIGTERM: the server stops accepting, prints its summary and exits 0
            // (not Process.destroy(): it closes the pipes this test still reads)
            Process term = new ProcessBuilder("/bin/kill", "-TERM", String.valueOf(p.pid())).inheritIO().start();
            assertTrue(term.waitFor(10, TimeUnit.SECONDS), "kill did not finish in 10 s");
            assertTrue(p.waitFor(30, TimeUnit.SECONDS), "echo did not exit within 30 s of SIGTERM");
            outReader.join(TimeUnit.SECONDS.toMillis(10));
            errReader.join(TimeUnit.SECONDS.toMillis(10));
            outLines.drainTo(out);
            errLines.drainTo(err);
            String all = "status " + p.exitValue() + "\n--- out:\n" + String.join("\n", out) + "\n--- err:\n"
                    + String.join("\n", err);
            assertEquals(0, p.exitValue(), all);
            assertEquals("echo: served 3 connections, echoed " + requests * 50 + " bytes", out.getLast(), all);
            assertTrue(err.stream().anyMatch(x -> x.startsWith("goroutine 1 [")), "main goroutine in the dump\n" + all);
        } finally {
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void dumpOnSignalWithASignalTheJvmRefusesExitsTwoNamingIt() {
        // SIGQUIT is the JVM's own (its thread dump): the handler cannot be installed
        Run r = Run.of("echo", "-addr", "127.0.0.1:0", "--dump-on-signal", "--dump-signal", "QUIT", "--seconds", "0.1");
        assertEquals(2, r.status(), r::toString);
        assertTrue(r.err().contains("echo: --dump-on-signal: cannot install a handler for SIGQUIT"), r::toString);
        assertTrue(r.out().isEmpty(), r::toString);
        Run u = Run.of("echo", "-addr", "127.0.0.1:0", "-dump-on-signal", "-dump-signal", "SIGNOPE");
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
}
