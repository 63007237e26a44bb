package io.goroutines.samples;

import io.goroutines.Go;
import io.goroutines.net.Conn;
import io.goroutines.net.DeadlineExceededException;
import io.goroutines.net.Net;
import io.goroutines.sync.WaitGroup;

import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Go's classic TCP proxy on {@code io.goroutines.net}:
 *
 * <pre>
 * for {
 *     client, _ := l.Accept()
 *     go func() {
 *         backend, err := net.Dial("tcp", backendAddr)
 *         go pipe(backend, client)          // client -> backend
 *         pipe(client, backend)             // backend -> client
 *     }()
 * }
 * // pipe copies src to dst, then dst.CloseWrite(): the half close is passed on
 * </pre>
 *
 * Each direction is a goroutine copying from one connection to the other. When its
 * source reaches end of stream it half closes the destination ({@link Conn#closeWrite()}),
 * so a client that shuts down its sending side is seen as such by the backend, whose
 * reply still travels back. Both connections are closed when both directions are done,
 * or at once when either fails (a reset, for example).
 *
 * <p>Deadlines: before each read a direction sets its source's read deadline to the
 * connection's last activity plus {@code -idle} (Go's
 * {@code conn.SetReadDeadline(time.Now().Add(idle))}, where activity in either direction
 * counts), and before each write its destination's write deadline to now plus
 * {@code -idle}. A connection with no traffic for {@code -idle}, or a peer that does not
 * take what is sent for that long, is closed at both ends.
 */
final class Proxy {

    private Proxy() {
    }

    static final String DEFAULT_LISTEN = "127.0.0.1:7001";
    static final Duration DEFAULT_IDLE = Duration.ofSeconds(60);
    static final Duration DIAL_TIMEOUT = Duration.ofSeconds(10);

    /** The proxy: the accept loop, and per connection two copying goroutines; counts for the summary. */
    static final class Server extends TcpServer {
        final String backend;
        final Duration idle;
        final LongAdder bytesUp = new LongAdder();
        final LongAdder bytesDown = new LongAdder();
        final AtomicLong idleClosed = new AtomicLong();
        final AtomicLong dialFailures = new AtomicLong();

        Server(String listen, String backend, Duration idle, PrintStream log) throws IOException {
            super("proxy", listen, log);
            this.backend = backend;
            this.idle = idle;
        }

        /** One client: dial the backend, pipe both ways, close both. */
        @Override
        void serve(Conn client) {
            Conn upstream;
            try {
                upstream = Net.dialTimeout("tcp", backend, DIAL_TIMEOUT);
            } catch (IOException e) {
                dialFailures.incrementAndGet();
                log.println("proxy: " + e.getMessage());
                return;
            }
            track(upstream);
            Link link = new Link(client, upstream);
            WaitGroup both = new WaitGroup();
            both.add(1);
            Go.go("proxy " + hostPort(client.remoteAddr()) + " -> backend", () -> {
                try {
                    pipe(link, client, upstream, bytesUp);
                } finally {
                    both.done();
                }
            });
            pipe(link, upstream, client, bytesDown);
            both.await();
            link.closeBoth();
            untrack(upstream);
        }

        /** One direction: copies {@code src} to {@code dst} until end of stream, then half closes {@code dst}. */
        private void pipe(Link link, Conn src, Conn dst, LongAdder counter) {
            byte[] buf = new byte[32 * 1024];
            try {
                for (;;) {
                    src.setReadDeadline(link.idleDeadline(idle));
                    int n;
                    try {
                        n = src.read(buf, 0, buf.length);
                    } catch (DeadlineExceededException quiet) {
                        if (link.activeWithin(idle)) {
                            continue;           // the other direction moved: this one may wait on
                        }
                        if (link.closeIdle()) {
                            idleClosed.incrementAndGet();
                        }
                        return;
                    }
                    if (n < 0) {
                        dst.closeWrite();       // pass the half close on; the other direction goes on
                        return;
                    }
                    link.touch();
                    dst.setWriteDeadline(Instant.now().plus(idle));
                    dst.write(buf, 0, n);
                    link.touch();
                    counter.add(n);
                }
            } catch (IOException e) {
                // a reset, a peer that took nothing for the idle time, or the other direction
                // closed both: in every case this connection is over
                link.closeBoth();
            }
        }
    }

    /** A client and its backend connection: the last activity in either direction, and closing both once. */
    private static final class Link {
        final Conn client;
        final Conn upstream;
        final AtomicLong lastActivityNs = new AtomicLong(System.nanoTime());
        final AtomicBoolean closed = new AtomicBoolean();

        Link(Conn client, Conn upstream) {
            this.client = client;
            this.upstream = upstream;
        }

        void touch() {
            lastActivityNs.set(System.nanoTime());
        }

        boolean activeWithin(Duration idle) {
            return System.nanoTime() - lastActivityNs.get() < idle.toNanos();
        }

        /** The last activity plus {@code idle}, as a deadline. */
        Instant idleDeadline(Duration idle) {
            long left = idle.toNanos() - (System.nanoTime() - lastActivityNs.get());
            return Instant.now().plusNanos(Math.max(0, left));
        }

        /** Closes both for being idle; true for the direction that did it. */
        boolean closeIdle() {
            boolean first = closed.compareAndSet(false, true);
            closeBoth();
            return first;
        }

        void closeBoth() {
            closed.set(true);
            client.close();
            upstream.close();
        }
    }

    /** {@code proxy -backend HOST:PORT [-listen HOST:PORT] [-idle D] [-seconds S]}. */
    static int run(String[] args, PrintStream out, PrintStream err) {
        Args a = Args.parse("proxy", args, Set.of("listen", "backend", "idle", "seconds"), 0);
        if (!a.has("backend")) {
            throw new IllegalArgumentException("-backend HOST:PORT is required");
        }
        String backend = a.string("backend", null);
        String listen = a.string("listen", DEFAULT_LISTEN);
        Duration idle = a.duration("idle", DEFAULT_IDLE, Duration.ofMillis(1), Duration.ofDays(1));
        double seconds = a.doubleFlag("seconds", 0, 0, 86_400);
        Server server;
        try {
            server = new Server(listen, backend, idle, err);
        } catch (IOException e) {
            err.println("proxy: " + e.getMessage());
            return 1;
        }
        try (server; Lifetime life = Lifetime.start(seconds, server.listener::close)) {
            out.println("proxy: listening on " + server.addr() + ", forwarding to " + backend + ", idle timeout "
                    + idle.toMillis() + " ms, " + Lifetime.until(seconds));
            out.flush();
            server.runMain();
            out.println("proxy: " + server.conns.get() + " connections, " + server.bytesUp.sum() + " bytes up, "
                    + server.bytesDown.sum() + " bytes down, " + server.idleClosed.get() + " closed idle, "
                    + server.dialFailures.get() + " backend dial failures");
            return 0;
        }
    }
}
