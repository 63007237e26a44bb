package io.goroutines.tests;

import io.goroutines.Go;
import io.goroutines.GoRuntime;
import io.goroutines.net.Conn;
import io.goroutines.net.DeadlineExceededException;
import io.goroutines.net.Listener;
import io.goroutines.net.Net;
import io.goroutines.net.NetClosedException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Child-JVM main of {@link NetFallbackTest}, run with {@code -Dgoroutines.scheduler=jdk}:
 * a TCP echo through {@code io.goroutines.net}, whose server goroutine waits in the
 * runtime's network poller, from a goroutine and from a thread that is not one, then a
 * read that only its deadline ends. Prints one line per step; a step that does not end
 * within {@link #STEP_SECONDS} prints {@code timeout} and the probe exits with status 1.
 */
public final class NetFallbackProbe {

    /** The bound of each step. */
    static final long STEP_SECONDS = 15;

    private NetFallbackProbe() {
    }

    public static void main(String[] args) throws Exception {
        System.out.println("scheduler=" + GoRuntime.scheduler());
        try (Listener ln = Net.listen("tcp", "127.0.0.1:0")) {
            String addr = "127.0.0.1:" + ln.addr().getPort();
            Go.go("echo-accept", () -> acceptLoop(ln));
            step("goroutine echo", () -> {
                String[] got = new String[1];
                Go.main(() -> got[0] = echo(addr, "ping from a goroutine"));
                return got[0];
            });
            step("thread echo", () -> echo(addr, "ping from a thread"));
            step("read deadline", () -> {
                String[] got = new String[1];
                Go.main(() -> got[0] = readPastDeadline(addr));
                return got[0];
            });
        }
        System.exit(0);
    }

    private interface Step {
        String run() throws Exception;
    }

    /** Runs {@code s} on a thread of its own and prints its result, or exits on a timeout. */
    private static void step(String name, Step s) throws Exception {
        CompletableFuture<String> f = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                f.complete(s.run());
            } catch (Throwable e) {
                f.complete("failed: " + e);
            }
        }, name);
        t.setDaemon(true);
        t.start();
        String r;
        try {
            r = f.get(STEP_SECONDS, TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            System.out.println(name + "=timeout");
            System.out.flush();
            System.exit(1);
            return;
        }
        System.out.println(name + "=" + r);
    }

    /** Accepts connections one at a time, echoing each until the client closes it, until the listener closes. */
    private static void acceptLoop(Listener ln) {
        byte[] buf = new byte[256];
        while (serveOne(ln, buf)) {
            // the next client
        }
    }

    /** Echoes one connection; false once the listener is closed. */
    private static boolean serveOne(Listener ln, byte[] buf) {
        try (Conn c = ln.accept()) {
            int n;
            while ((n = c.read(buf, 0, buf.length)) > 0) {
                c.write(buf, 0, n);
            }
            return true;
        } catch (NetClosedException e) {
            return false;
        } catch (IOException e) {
            return true; // this client's end; serve the next
        }
    }

    /** Sends {@code text} and reads it back; returns what came back. */
    private static String echo(String addr, String text) {
        byte[] out = text.getBytes(StandardCharsets.US_ASCII);
        try (Conn c = Net.dial("tcp", addr)) {
            c.write(out, 0, out.length);
            byte[] in = new byte[out.length];
            int got = 0;
            while (got < in.length) {
                int n = c.read(in, got, in.length - got);
                if (n <= 0) {
                    return "eof after " + got + " bytes";
                }
                got += n;
            }
            return Arrays.equals(in, out) ? "ok" : "got " + new String(in, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            return "failed: " + e;
        }
    }

    /** A read that no byte ends: its 50 ms deadline must (a timer, with the poller waiting). */
    private static String readPastDeadline(String addr) {
        try (Conn c = Net.dial("tcp", addr)) {
            c.setReadDeadline(java.time.Instant.now().plus(Duration.ofMillis(50)));
            c.read(new byte[1], 0, 1);
            return "read returned";
        } catch (DeadlineExceededException e) {
            return "ok";
        } catch (IOException e) {
            return "failed: " + e;
        }
    }
}
