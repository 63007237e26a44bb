package io.goroutines.samples;

import io.goroutines.Go;
import io.goroutines.sync.WaitGroup;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * A TCP echo server in the shape of the {@code net} package's canonical example
 * (pkg.go.dev/net#example-Listener):
 *
 * <pre>
 * l, _ := net.Listen("tcp", "127.0.0.1:0")
 * for {
 *     conn, err := l.Accept()
 *     if err != nil { return }
 *     go func(c net.Conn) { io.Copy(c, c); c.Close() }(conn)   // one goroutine per connection
 * }
 * </pre>
 *
 * plus a bounded load client: {@code --conns} connections (one goroutine each) send a
 * line, wait for its echo, and repeat for {@code --seconds}; the program reports
 * requests per second and the p50/p99 round-trip latency. It then runs the same load
 * against the same server whose connections are served by a fixed pool of platform
 * threads (one per connection), the pre-Loom Java way, and checks that each server
 * echoed exactly as many lines as its clients received (exit 1 otherwise).
 */
final class Echo {

    private Echo() {
    }

    /** Server sockets give up on a silent client after this long (bounds every wait). */
    private static final int READ_TIMEOUT_MS = 10_000;

    /** The server: an accept loop handing each connection to {@code spawn}; counts lines echoed. */
    static final class Server implements AutoCloseable {
        final ServerSocket listener;
        final AtomicLong echoed = new AtomicLong();
        final WaitGroup handlers = new WaitGroup();
        private final WaitGroup acceptLoop = new WaitGroup();

        Server(Consumer<Runnable> spawn) throws IOException {
            listener = new ServerSocket(0, 1024, InetAddress.getLoopbackAddress());
            acceptLoop.add(1);
            spawn.accept(() -> {
                try {
                    for (;;) {
                        Socket conn;
                        try {
                            conn = listener.accept();
                        } catch (SocketException closed) {
                            return;                     // listener closed: stop accepting
                        }
                        handlers.add(1);
                        spawn.accept(() -> serve(conn));
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                } finally {
                    acceptLoop.done();
                }
            });
        }

        /** io.Copy(c, c) line by line, counting the lines. */
        private void serve(Socket conn) {
            try (conn) {
                conn.setSoTimeout(READ_TIMEOUT_MS);
                conn.setTcpNoDelay(true);
                BufferedReader in = new BufferedReader(new InputStreamReader(conn.getInputStream(), StandardCharsets.UTF_8));
                OutputStream out = conn.getOutputStream();
                for (String line; (line = in.readLine()) != null; ) {
                    out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
                    out.flush();
                    echoed.incrementAndGet();
                }
            } catch (IOException e) {
                // the client went away: nothing to do, as io.Copy's error would be dropped
            } finally {
                handlers.done();
            }
        }

        int port() {
            return listener.getLocalPort();
        }

        /** Stops accepting, then waits for the accept loop and every connection's handler. */
        @Override
        public void close() throws IOException {
            listener.close();
            acceptLoop.await();
            handlers.await();
        }
    }

    /** The load's outcome: requests completed and their latencies, sorted. */
    record Load(long requests, long[] latenciesNs, double seconds) {
        long percentileNs(double p) {
            if (latenciesNs.length == 0) {
                return 0;
            }
            int i = (int) Math.ceil(p / 100 * latenciesNs.length) - 1;
            return latenciesNs[Math.max(0, Math.min(i, latenciesNs.length - 1))];
        }
    }

    /** conns client goroutines, each a request/response loop on its connection for the given time. */
    static Load load(int port, int conns, long durationNs) {
        long[][] lat = new long[conns][];
        int[] counts = new int[conns];
        WaitGroup wg = new WaitGroup();
        long start = System.nanoTime();
        long deadline = start + durationNs;
        for (int c = 0; c < conns; c++) {
            int id = c;
            wg.go(() -> {
                long[] mine = new long[1024];
                int n = 0;
                try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
                    s.setSoTimeout(READ_TIMEOUT_MS);
                    s.setTcpNoDelay(true);
                    BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
                    OutputStream out = s.getOutputStream();
                    while (System.nanoTime() < deadline) {
                        String msg = "conn " + id + " request " + n;
                        long t0 = System.nanoTime();
                        out.write((msg + "\n").getBytes(StandardCharsets.UTF_8));
                        out.flush();
                        String echo = in.readLine();
                        long t1 = System.nanoTime();
                        if (!msg.equals(echo)) {
                            throw new IllegalStateException("conn " + id + ": sent '" + msg + "', got back '" + echo + "'");
                        }
                        if (n == mine.length) {
                            mine = Arrays.copyOf(mine, n * 2);
                        }
                        mine[n++] = t1 - t0;
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException("conn " + id, e);
                } finally {
                    lat[id] = Arrays.copyOf(mine, n);
                    counts[id] = n;
                }
            });
        }
        wg.await();
        double seconds = (System.nanoTime() - start) / 1e9;
        long[] all = Arrays.stream(lat).flatMapToLong(Arrays::stream).toArray();
        Arrays.sort(all);
        return new Load(Arrays.stream(counts).asLongStream().sum(), all, seconds);
    }

    static int run(String[] args, PrintStream out) throws Exception {
        Args a = Args.parse("echo", args, Set.of("conns", "seconds"), 0);
        int conns = a.intFlag("conns", 50, 1, 10_000);
        double seconds = a.doubleFlag("seconds", 2, 0.01, 600);
        long durationNs = (long) (seconds * 1e9);
        boolean[] ok = {true};
        Go.main(() -> {
            try {
                // 1. one goroutine per connection
                Load g;
                long gEchoed;
                try (Server server = new Server(r -> Go.go("echo", r))) {
                    g = load(server.port(), conns, durationNs);
                    server.close();
                    gEchoed = server.echoed.get();
                }
                ok[0] &= report(out, "goroutine per connection", g, gEchoed, conns);
                // 2. a fixed pool of platform threads, one per connection
                ExecutorService pool = Executors.newFixedThreadPool(conns + 1); // + the accept loop
                Load p;
                long pEchoed;
                try {
                    try (Server server = new Server(pool::execute)) {
                        p = load(server.port(), conns, durationNs);
                        server.close();
                        pEchoed = server.echoed.get();
                    }
                } finally {
                    pool.shutdown();
                    pool.awaitTermination(10, TimeUnit.SECONDS);
                }
                ok[0] &= report(out, "platform thread pool (" + conns + " threads)", p, pEchoed, conns);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        });
        return ok[0] ? 0 : 1;
    }

    private static boolean report(PrintStream out, String server, Load l, long echoed, int conns) {
        boolean match = l.requests() == echoed;
        out.printf(Locale.ROOT, "%-38s %d conns, %.2f s: %d requests, %.0f requests/s, p50 %d us, p99 %d us; "
                        + "server echoed %d%s%n",
                server + ":", conns, l.seconds(), l.requests(), l.requests() / l.seconds(),
                TimeUnit.NANOSECONDS.toMicros(l.percentileNs(50)), TimeUnit.NANOSECONDS.toMicros(l.percentileNs(99)),
                echoed, match ? " (counts match)" : " (MISMATCH)");
        return match;
    }
}
