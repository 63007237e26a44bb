package io.goroutines.samples;

import io.goroutines.net.Conn;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;

/**
 * A minimal HTTP/1.1 server on {@code io.goroutines.net}, the shape of Go's
 * {@code http.ListenAndServe(addr, handler)} with a handler that writes
 * {@code "Hello, World!\n"}: one goroutine per connection reads a request (the request
 * line and the headers; a {@code Content-Length} body is read and dropped), answers
 * {@code 200 OK} with {@code Content-Type: text/plain} and {@code Content-Length}, and
 * reads the next request on the same connection.
 *
 * <p>Keep-alive as in HTTP/1.1: a connection stays open unless the request says
 * {@code Connection: close} (or is HTTP/1.0 without {@code Connection: keep-alive}).
 * A connection idle for {@code -idle} between requests is closed (a read deadline, Go's
 * {@code Server.IdleTimeout}). A malformed request line or header gets {@code 400 Bad
 * Request} and the connection is closed; methods other than GET and HEAD get
 * {@code 405}, a chunked body {@code 501}. Requests sent without waiting for the answers
 * (pipelining) are answered in order.
 *
 * <p>Load it with {@code wrk -t1 -c100 -d5s http://127.0.0.1:8080/}.
 */
final class Httpd {

    private Httpd() {
    }

    static final String DEFAULT_ADDR = "127.0.0.1:8080";
    static final Duration DEFAULT_IDLE = Duration.ofSeconds(30);
    static final String BODY = "Hello, World!\n";

    /** Longest request line or header line; longer ones get 431 (Go's default limit is 1 MB for all headers). */
    static final int MAX_LINE = 8 * 1024;
    /** Most header lines in one request. */
    static final int MAX_HEADERS = 100;

    /** The server: the accept loop and a goroutine per connection; counts requests answered. */
    static final class Server extends TcpServer {
        final Duration idle;
        final LongAdder requests = new LongAdder();
        final LongAdder badRequests = new LongAdder();

        Server(String addr, Duration idle, PrintStream log) throws IOException {
            super("httpd", addr, log);
            this.idle = idle;
        }

        /** Requests on one connection until it is to be closed. */
        @Override
        void serve(Conn c) throws IOException {
            LineReader in = new LineReader(c);
            for (;;) {
                c.setReadDeadline(Instant.now().plus(idle));
                Request r;
                try {
                    r = Request.read(in);
                } catch (BadRequest bad) {
                    badRequests.increment();
                    respond(c, bad.status, bad.getMessage() + "\n", false, true, null);
                    lingeringClose(c);
                    return;
                }
                if (r == null) {
                    return;             // the client closed between requests
                }
                boolean ok = r.method.equals("GET") || r.method.equals("HEAD");
                boolean keepAlive = r.keepAlive();
                if (ok) {
                    respond(c, "200 OK", BODY, r.method.equals("HEAD"), !keepAlive, r.version);
                } else {
                    respond(c, "405 Method Not Allowed", "method not allowed\n", false, !keepAlive, r.version);
                }
                requests.increment();
                if (!keepAlive) {
                    lingeringClose(c);
                    return;
                }
            }
        }

        /** The status line, the headers and the body, in one write. */
        private void respond(Conn c, String status, String body, boolean head, boolean close, String version)
                throws IOException {
            StringBuilder b = new StringBuilder(160)
                    .append("HTTP/1.1 ").append(status).append("\r\n")
                    .append("Content-Type: text/plain; charset=utf-8\r\n")
                    .append("Content-Length: ").append(body.length()).append("\r\n");
            if (status.startsWith("405")) {
                b.append("Allow: GET, HEAD\r\n");
            }
            if (close) {
                b.append("Connection: close\r\n");
            } else if ("HTTP/1.0".equals(version)) {
                b.append("Connection: keep-alive\r\n");
            }
            b.append("\r\n");
            if (!head) {
                b.append(body);
            }
            byte[] bytes = b.toString().getBytes(StandardCharsets.ISO_8859_1);
            c.setWriteDeadline(Instant.now().plus(idle));
            c.write(bytes, 0, bytes.length);
        }

        /**
         * Go's closeWriteAndWait: half close, then read (and drop) what the client still
         * sends for a moment, so that closing does not reset the connection before the
         * client has read the answer.
         */
        private static void lingeringClose(Conn c) throws IOException {
            c.closeWrite();
            c.setReadDeadline(Instant.now().plusMillis(500));
            byte[] sink = new byte[4096];
            for (int total = 0; total < 64 * 1024; ) {
                int n = c.read(sink, 0, sink.length);
                if (n < 0) {
                    return;
                }
                total += n;
            }
        }
    }

    /** A request the server refuses: its status, and the message for the body. */
    static final class BadRequest extends IOException {
        final String status;

        BadRequest(String status, String message) {
            super(message);
            this.status = status;
        }
    }

    /** A request's line and the headers that matter here. */
    record Request(String method, String target, String version, String connection) {

        boolean keepAlive() {
            String conn = connection == null ? "" : connection.toLowerCase(Locale.ROOT);
            return version.equals("HTTP/1.1") ? !hasToken(conn, "close") : hasToken(conn, "keep-alive");
        }

        private static boolean hasToken(String list, String token) {
            for (String t : list.split(",")) {
                if (t.strip().equals(token)) {
                    return true;
                }
            }
            return false;
        }

        /** Reads one request, its body dropped; null at end of stream before its first byte. */
        static Request read(LineReader in) throws IOException {
            String line = in.readLine();
            if (line != null && line.isEmpty()) {
                line = in.readLine();           // RFC 9112 2.2: ignore an empty line before the request line
            }
            if (line == null) {
                return null;
            }
            String[] parts = line.split(" ", -1);
            if (parts.length != 3 || !isToken(parts[0]) || parts[1].isEmpty() || !parts[2].startsWith("HTTP/")) {
                throw new BadRequest("400 Bad Request", "malformed request line");
            }
            String version = parts[2];
            if (!version.equals("HTTP/1.1") && !version.equals("HTTP/1.0")) {
                throw new BadRequest("505 HTTP Version Not Supported", "unsupported protocol version " + version);
            }
            String connection = null;
            long contentLength = 0;
            for (int n = 0; ; n++) {
                String h = in.readLine();
                if (h == null) {
                    throw new BadRequest("400 Bad Request", "unexpected end of stream in the headers");
                }
                if (h.isEmpty()) {
                    break;
                }
                if (n == MAX_HEADERS) {
                    throw new BadRequest("431 Request Header Fields Too Large", "too many headers");
                }
                int colon = h.indexOf(':');
                if (colon <= 0 || !isToken(h.substring(0, colon))) {
                    throw new BadRequest("400 Bad Request", "malformed header line");
                }
                String name = h.substring(0, colon);
                String value = h.substring(colon + 1).strip();
                if (name.equalsIgnoreCase("Connection")) {
                    connection = connection == null ? value : connection + "," + value;
                } else if (name.equalsIgnoreCase("Content-Length")) {
                    try {
                        contentLength = Long.parseLong(value);
                    } catch (NumberFormatException e) {
                        contentLength = -1;
                    }
                    if (contentLength < 0) {
                        throw new BadRequest("400 Bad Request", "bad Content-Length");
                    }
                } else if (name.equalsIgnoreCase("Transfer-Encoding")) {
                    throw new BadRequest("501 Not Implemented", "Transfer-Encoding is not supported");
                }
            }
            in.skip(contentLength);
            return new Request(parts[0], parts[1], version, connection);
        }

        /** RFC 9110's token: the characters a method or header name may have. */
        private static boolean isToken(String s) {
            if (s.isEmpty()) {
                return false;
            }
            for (int i = 0; i < s.length(); i++) {
                char ch = s.charAt(i);
                if (!(ch >= 'a' && ch <= 'z' || ch >= 'A' && ch <= 'Z' || ch >= '0' && ch <= '9'
                        || "!#$%&'*+-.^_`|~".indexOf(ch) >= 0)) {
                    return false;
                }
            }
            return true;
        }
    }

    /** Go's bufio.Reader, the little of it needed: lines ending in CRLF (or LF) and skipping. */
    static final class LineReader {
        private final Conn c;
        private final byte[] buf = new byte[MAX_LINE + 2];
        private int pos;
        private int end;

        LineReader(Conn c) {
            this.c = c;
        }

        /** The next line without its CRLF or LF; null at end of stream before any byte of it. */
        String readLine() throws IOException {
            int scanned = pos;
            for (;;) {
                for (int i = scanned; i < end; i++) {
                    if (buf[i] == '\n') {
                        int stop = i > pos && buf[i - 1] == '\r' ? i - 1 : i;
                        String line = new String(buf, pos, stop - pos, StandardCharsets.ISO_8859_1);
                        pos = i + 1;
                        return line;
                    }
                }
                scanned = end;
                if (pos > 0) {                  // move the partial line to the front
                    System.arraycopy(buf, pos, buf, 0, end - pos);
                    scanned -= pos;
                    end -= pos;
                    pos = 0;
                }
                if (end == buf.length) {
                    throw new BadRequest("431 Request Header Fields Too Large", "line longer than " + MAX_LINE + " bytes");
                }
                int n = c.read(buf, end, buf.length - end);
                if (n < 0) {
                    if (end == pos) {
                        return null;
                    }
                    throw new BadRequest("400 Bad Request", "unexpected end of stream in a line");
                }
                end += n;
            }
        }

        /** Drops the next {@code n} bytes (a request body). */
        void skip(long n) throws IOException {
            long left = n;
            int buffered = (int) Math.min(left, end - pos);
            pos += buffered;
            left -= buffered;
            byte[] sink = left > 0 ? new byte[4096] : null;
            while (left > 0) {
                int r = c.read(sink, 0, (int) Math.min(sink.length, left));
                if (r < 0) {
                    throw new BadRequest("400 Bad Request", "unexpected end of stream in the body");
                }
                left -= r;
            }
        }
    }

    /** {@code httpd [-addr HOST:PORT] [-idle D] [-seconds S]}. */
    static int run(String[] args, PrintStream out, PrintStream err) throws IOException {
        Args a = Args.parse("httpd", args, Set.of("addr", "idle", "seconds"), 0);
        String addr = a.string("addr", DEFAULT_ADDR);
        Duration idle = a.duration("idle", DEFAULT_IDLE, Duration.ofMillis(1), Duration.ofDays(1));
        double seconds = a.doubleFlag("seconds", 0, 0, 86_400);
        try (Server server = new Server(addr, idle, err); Lifetime life = Lifetime.start(seconds, server.listener::close)) {
            out.println("httpd: listening on http://" + server.addr() + "/ " + Lifetime.until(seconds)
                    + "; load it with: wrk -t1 -c100 -d5s http://" + server.addr() + "/");
            out.flush();
            server.runMain();
            out.println("httpd: " + server.conns.get() + " connections, " + server.requests.sum() + " requests, "
                    + server.badRequests.sum() + " bad requests");
            return 0;
        }
    }
}
