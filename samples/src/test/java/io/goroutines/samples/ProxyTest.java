package io.goroutines.samples;

import io.goroutines.Go;
import io.goroutines.net.Conn;
import io.goroutines.net.Listener;
import io.goroutines.net.Net;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The proxy in front of an echo server (or a test backend), all in this process as goroutines. */
@Timeout(60)
class ProxyTest {

    @Test
    void bytesRoundTripThroughTheProxyAndTheHalfCloseComesBack() throws Exception {
        try (Echo.Server echo = new Echo.Server("127.0.0.1:0", System.err).start()) {
            Proxy.Server proxy = new Proxy.Server("127.0.0.1:0", echo.addr(), Duration.ofSeconds(30), System.err).start();
            int size = 256 * 1024;          // more than the sockets buffer: both directions flow at once
            byte[] sent = new byte[size];
            for (int i = 0; i < size; i++) {
                sent[i] = (byte) (i * 31 + 7);
            }
            try (Conn c = Net.dial("tcp", proxy.addr())) {
                c.setDeadline(Instant.now().plusSeconds(30));
                CompletableFuture<Void> writer = new CompletableFuture<>();
                Go.go(() -> {
                    try {
                        c.write(sent, 0, size);
                        c.closeWrite();     // the echo server sees end of stream through the proxy ...
                        writer.complete(null);
                    } catch (IOException e) {
                        writer.completeExceptionally(e);
                    }
                });
                byte[] back = new byte[size];
                Echo.readFully(c, back);
                assertArrayEquals(sent, back);
                assertEquals(-1, c.read(new byte[1], 0, 1), "... closes, and the proxy passes that back");
                writer.get(30, TimeUnit.SECONDS);
            } finally {
                proxy.close();
            }
            assertEquals(1, proxy.conns.get());
            assertEquals(size, proxy.bytesUp.sum());
            assertEquals(size, proxy.bytesDown.sum());
            assertEquals(0, proxy.idleClosed.get());
        }
    }

    /**
     * A backend that answers only once it has read to end of stream: its answer arrives
     * only if the client's closeWrite reached it through the proxy, and the proxy still
     * carries the answer back on the half-closed connection.
     */
    @Test
    void aHalfCloseReachesTheBackendAndItsReplyStillArrives() throws Exception {
        Listener backend = Net.listen("tcp", "127.0.0.1:0");
        CompletableFuture<Long> backendRead = new CompletableFuture<>();
        Go.go(() -> {
            try (Conn c = backend.accept()) {
                c.setDeadline(Instant.now().plusSeconds(30));
                byte[] buf = new byte[4096];
                long total = 0;
                for (int n; (n = c.read(buf, 0, buf.length)) >= 0; ) {
                    total += n;
                }
                backendRead.complete(total);
                byte[] reply = ("read " + total + " bytes, then end of stream\n").getBytes(StandardCharsets.US_ASCII);
                c.write(reply, 0, reply.length);
            } catch (IOException | RuntimeException e) {
                backendRead.completeExceptionally(e);
            }
        });
        Proxy.Server proxy = new Proxy.Server("127.0.0.1:0", TcpServer.hostPort(backend.addr()), Duration.ofSeconds(30),
                System.err).start();
        try (Conn c = Net.dial("tcp", proxy.addr())) {
            c.setDeadline(Instant.now().plusSeconds(30));
            byte[] request = new byte[1000];
            c.write(request, 0, request.length);
            c.closeWrite();
            assertEquals(1000L, backendRead.get(30, TimeUnit.SECONDS), "the backend saw end of stream");
            String reply = new String(c.inputStream().readAllBytes(), StandardCharsets.US_ASCII);
            assertEquals("read 1000 bytes, then end of stream\n", reply);
        } finally {
            proxy.close();
            backend.close();
        }
        assertEquals(1000, proxy.bytesUp.sum());
        assertEquals(0, proxy.idleClosed.get());
    }

    @Test
    void anIdleConnectionIsClosedAfterTheIdleTimeout() throws Exception {
        try (Echo.Server echo = new Echo.Server("127.0.0.1:0", System.err).start()) {
            Duration idle = Duration.ofMillis(300);
            Proxy.Server proxy = new Proxy.Server("127.0.0.1:0", echo.addr(), idle, System.err).start();
            try (Conn c = Net.dial("tcp", proxy.addr())) {
                c.setDeadline(Instant.now().plusSeconds(30));   // bounds the wait if the proxy never closes
                byte[] one = {'x'};
                c.write(one, 0, 1);
                byte[] back = new byte[1];
                Echo.readFully(c, back);
                assertArrayEquals(one, back);
                long quietFrom = System.nanoTime();
                assertEquals(-1, c.read(back, 0, 1), "the proxy closes the idle connection");
                long quietMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - quietFrom);
                assertTrue(quietMs >= 200, "closed after only " + quietMs + " ms of quiet; idle is 300 ms");
            } finally {
                proxy.close();
            }
            assertEquals(1, proxy.idleClosed.get());
        }
    }

    @Test
    void aBackendThatRefusesClosesTheClient() throws Exception {
        Listener gone = Net.listen("tcp", "127.0.0.1:0");
        String addr = TcpServer.hostPort(gone.addr());
        gone.close();
        Proxy.Server proxy = new Proxy.Server("127.0.0.1:0", addr, Duration.ofSeconds(30), System.err).start();
        try (Conn c = Net.dial("tcp", proxy.addr())) {
            c.setDeadline(Instant.now().plusSeconds(30));
            assertEquals(-1, c.read(new byte[1], 0, 1));
        } finally {
            proxy.close();
        }
        assertEquals(1, proxy.dialFailures.get());
    }

    @Test
    void theProgramRunsForItsSecondsAndReports() throws Exception {
        try (Echo.Server echo = new Echo.Server("127.0.0.1:0", System.err).start()) {
            Run r = Run.of("proxy", "-listen", "127.0.0.1:0", "-backend", echo.addr(), "-idle", "1s", "-seconds", "0.2");
            assertEquals(0, r.status(), r::toString);
            assertTrue(r.out().startsWith("proxy: listening on 127.0.0.1:"), r::toString);
            assertTrue(r.out().contains("forwarding to " + echo.addr() + ", idle timeout 1000 ms, for 0.2 s"), r::toString);
            assertTrue(r.out().contains("proxy: 0 connections, 0 bytes up, 0 bytes down, 0 closed idle, "
                    + "0 backend dial failures"), r::toString);
        }
    }

    @Test
    void badArgumentsExitTwo() {
        Run r = Run.of("proxy", "-listen", "127.0.0.1:0");
        assertEquals(2, r.status(), r::toString);
        assertTrue(r.err().contains("-backend HOST:PORT is required"), r::toString);
        Run s = Run.of("proxy", "-backend", "127.0.0.1:1", "-idle", "5 minutes");
        assertEquals(2, s.status(), s::toString);
        assertTrue(s.err().contains("--idle must be a duration"), s::toString);
    }
}
