package io.goroutines.samples;

import io.goroutines.net.Conn;
import io.goroutines.net.Net;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The HTTP server in this process, spoken to over {@code Net.dial} connections. */
@Timeout(60)
class HttpdTest {

    private Httpd.Server server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private Httpd.Server start(Duration idle) throws IOException {
        server = new Httpd.Server("127.0.0.1:0", idle, System.err).start();
        return server;
    }

    /** A response: its status line, headers (names case-insensitive) and body. */
    record Response(String status, Map<String, String> headers, String body) {
    }

    /** One client connection with a buffered reader over it. */
    static final class Client implements AutoCloseable {
        final Conn conn;
        final InputStream in;

        Client(String addr) throws IOException {
            conn = Net.dial("tcp", addr);
            conn.setDeadline(Instant.now().plusSeconds(30));    // bounds every wait below
            in = new BufferedInputStream(conn.inputStream());
        }

        void send(String request) throws IOException {
            byte[] b = request.getBytes(StandardCharsets.ISO_8859_1);
            conn.write(b, 0, b.length);
        }

        /** Reads one response; a null status at end of stream. */
        Response read() throws IOException {
            String status = line();
            if (status == null) {
                return null;
            }
            Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            for (String h; !(h = line()).isEmpty(); ) {
                int colon = h.indexOf(':');
                headers.put(h.substring(0, colon), h.substring(colon + 1).strip());
            }
            byte[] body = in.readNBytes(Integer.parseInt(headers.get("Content-Length")));
            return new Response(status, headers, new String(body, StandardCharsets.UTF_8));
        }

        private String line() throws IOException {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            for (int ch; (ch = in.read()) != '\n'; ) {
                if (ch < 0) {
                    return b.size() == 0 ? null : b.toString(StandardCharsets.ISO_8859_1);
                }
                b.write(ch);
            }
            String s = b.toString(StandardCharsets.ISO_8859_1);
            assertTrue(s.endsWith("\r"), "lines end in CRLF: " + s);
            return s.substring(0, s.length() - 1);
        }

        /** True when the server closed: end of stream. */
        boolean atEof() throws IOException {
            return in.read() < 0;
        }

        @Override
        public void close() {
            conn.close();
        }
    }

    private static void assertHello(Response r) {
        assertEquals("HTTP/1.1 200 OK", r.status());
        assertTrue(r.headers().get("Content-Type").startsWith("text/plain"), r.toString());
        assertEquals("14", r.headers().get("Content-Length"));
        assertEquals("Hello, World!\n", r.body());
    }

    @Test
    void twoRequestsOnOneKeepAliveConnectionThenConnectionCloseIsHonoured() throws Exception {
        start(Duration.ofSeconds(30));
        try (Client c = new Client(server.addr())) {
            c.send("GET / HTTP/1.1\r\nHost: test\r\n\r\n");
            Response first = c.read();
            assertHello(first);
            assertNull(first.headers().get("Connection"), "HTTP/1.1 keeps the connection by default");
            c.send("GET /again HTTP/1.1\r\nHost: test\r\nContent-Length: 0\r\n\r\n");
            assertHello(c.read());
            c.send("GET / HTTP/1.1\r\nHost: test\r\nConnection: close\r\n\r\n");
            Response last = c.read();
            assertHello(last);
            assertEquals("close", last.headers().get("Connection"));
            assertTrue(c.atEof(), "the server closes after Connection: close");
        }
        assertEquals(1, server.conns.get());
    }

    @Test
    void pipelinedRequestsAreAnsweredInOrderAndHeadHasNoBody() throws Exception {
        start(Duration.ofSeconds(30));
        try (Client c = new Client(server.addr())) {
            c.send("GET / HTTP/1.1\r\nHost: a\r\n\r\nPOST /x HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\nhelloHEAD / HTTP/1.1\r\n"
                    + "Host: a\r\n\r\nGET / HTTP/1.0\r\n\r\n");
            assertHello(c.read());
            assertEquals("HTTP/1.1 405 Method Not Allowed", c.read().status());
            String head = new String(readHead(c), StandardCharsets.ISO_8859_1);
            assertTrue(head.startsWith("HTTP/1.1 200 OK\r\n") && head.contains("Content-Length: 14\r\n"), head);
            Response http10 = c.read();
            assertHello(http10);
            assertEquals("close", http10.headers().get("Connection"), "HTTP/1.0 without keep-alive closes");
            assertTrue(c.atEof());
        }
    }

    /** The HEAD response's status line and headers (it has no body to read by Content-Length). */
    private static byte[] readHead(Client c) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        while (!b.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            int ch = c.in.read();
            assertTrue(ch >= 0, "end of stream in the HEAD response");
            b.write(ch);
        }
        return b.toByteArray();
    }

    @Test
    void aMalformedRequestLineGets400AndTheConnectionIsClosed() throws Exception {
        start(Duration.ofSeconds(30));
        try (Client c = new Client(server.addr())) {
            c.send("GARBAGE\r\n\r\n");
            Response r = c.read();
            assertEquals("HTTP/1.1 400 Bad Request", r.status());
            assertEquals("close", r.headers().get("Connection"));
            assertEquals("malformed request line\n", r.body());
            assertTrue(c.atEof());
        }
        try (Client c = new Client(server.addr())) {
            c.send("GET / HTTP/1.1\r\nno colon here\r\n\r\n");
            assertEquals("HTTP/1.1 400 Bad Request", c.read().status());
            assertTrue(c.atEof());
        }
        assertEquals(2, server.badRequests.sum());
    }

    @Test
    void anIdleKeepAliveConnectionIsClosedAfterTheReadDeadline() throws Exception {
        start(Duration.ofMillis(300));
        try (Client c = new Client(server.addr())) {
            c.send("GET / HTTP/1.1\r\nHost: test\r\n\r\n");
            assertHello(c.read());
            long quietFrom = System.nanoTime();
            assertTrue(c.atEof(), "the server closes the idle connection");
            long quietMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - quietFrom);
            assertTrue(quietMs >= 200, "closed after only " + quietMs + " ms; idle is 300 ms");
        }
    }

    @Test
    void theProgramRunsForItsSecondsAndReports() {
        Run r = Run.of("httpd", "-addr", "127.0.0.1:0", "-seconds", "0.2");
        assertEquals(0, r.status(), r::toString);
        assertTrue(r.out().startsWith("httpd: listening on http://127.0.0.1:"), r::toString);
        assertTrue(r.out().contains("httpd: 0 connections, 0 requests, 0 bad requests"), r::toString);
        Run bad = Run.of("httpd", "-idle", "never");
        assertEquals(2, bad.status(), bad::toString);
        assertTrue(bad.err().contains("--idle must be a duration"), bad::toString);
    }
}
