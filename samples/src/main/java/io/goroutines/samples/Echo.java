package io.goroutines.samples;

import io.goroutines.Go;
import io.goroutines.GoRuntime;
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

import sun.misc.Signal;
import sun.misc.SignalHandler;

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
 *
 * <p>{@code --dump-on-signal} is Go's SIGQUIT dump: while the program runs, {@code SIGUSR2}
 * (send it with {@code kill -USR2 <pid>}) prints every goroutine's stack, the
 * {@link GoRuntime#stack(boolean) GoRuntime.stack(true)} dump in Go's format
 * ({@code goroutine 7 [sync.WaitGroup.Wait]:} ...), to stderr, and the program keeps
 * running. At start it prints its pid and that command to stderr. Not SIGQUIT itself: the
 * JVM keeps it for its own thread dump ({@code jstack}'s) and refuses to hand it over;
 * SIGUSR2 is free on HotSpot/Linux. {@code --dump-signal NAME} picks another signal
 * ({@code HUP}, {@code TRAP}, ...); one the JVM or OS refuses ends the program with
 * exit status 2 and a message naming it. Combine with {@code --seconds} to bound the run:
 * {@code echo --dump-on-signal --seconds 60}.
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

    /** The signal {@code --dump-on-signal} listens to unless {@code --dump-signal} names another. */
    static final String DEFAULT_DUMP_SIGNAL = "USR2";

    static int run(String[] args, PrintStream out, PrintStream err) throws Exception {
        Args a = Args.parse("echo", args, Set.of("conns", "seconds", "dump-signal"), Set.of("dump-on-signal"), 0);
        int conns = a.intFlag("conns", 50, 1, 10_000);
        double seconds = a.doubleFlag("seconds", 2, 0.01, 600);
        boolean dumpOnSignal = a.isSet("dump-on-signal");
        if (a.has("dump-signal") && !dumpOnSignal) {
            throw new IllegalArgumentException("--dump-signal needs --dump-on-signal");
        }
        DumpOnSignal dump = dumpOnSignal
                ? DumpOnSignal.install(signalName(a.string("dump-signal", DEFAULT_DUMP_SIGNAL)), err) : null;
        try {
            return serve(conns, seconds, out, err, dump);
        } finally {
            if (dump != null) {
                dump.uninstall();
            }
        }
    }

    /** {@code usr2}, {@code SIGUSR2} and {@code USR2} all name SIGUSR2: sun.misc.Signal wants {@code USR2}. */
    static String signalName(String name) {
        String n = name.strip().toUpperCase(Locale.ROOT);
        return n.startsWith("SIG") ? n.substring(3) : n;
    }

    /**
     * A handler printing {@code GoRuntime.stack(true)} to {@code err} on each signal, as Go's
     * runtime does on SIGQUIT, except that the program goes on. The JVM runs it on a thread
     * of its own ({@code "SIGUSR2 handler"}), which heads the dump as a {@code thread}.
     */
    static final class DumpOnSignal implements SignalHandler {
        final Signal signal;
        private final PrintStream err;
        private SignalHandler previous;

        private DumpOnSignal(Signal signal, PrintStream err) {
            this.signal = signal;
            this.err = err;
        }

        /** Installs the handler; a signal the platform refuses is an IllegalArgumentException naming it (exit 2). */
        static DumpOnSignal install(String name, PrintStream err) {
            try {
                DumpOnSignal h = new DumpOnSignal(new Signal(name), err);
                h.previous = Signal.handle(h.signal, h);
                return h;
            } catch (IllegalArgumentException | UnsupportedOperationException e) {
                throw new IllegalArgumentException("--dump-on-signal: cannot install a handler for SIG" + name
                        + " (" + e.getMessage() + "); try --dump-signal with another signal, e.g. HUP or TRAP", e);
            }
        }

        /** The command that triggers a dump of this process. */
        String command() {
            return "kill -" + signal.getName() + " " + ProcessHandle.current().pid();
        }

        @Override
        public void handle(Signal sig) {
            String dump;
            try {
                dump = GoRuntime.stack(true);
            } catch (RuntimeException e) {
                dump = "goroutine dump failed: " + e + "\n";
            }
            synchronized (err) {
                err.print("SIG" + sig.getName() + ": goroutine dump (the program keeps running)\n\n" + dump + "\n");
                err.flush();
            }
        }

        /** Gives the signal back to whoever had it before (the JVM's default unless someone else). */
        void uninstall() {
            Signal.handle(signal, previous);
        }
    }

    /** Both runs: the goroutine server, then the platform thread pool; {@code dump} is null without --dump-on-signal. */
    private static int serve(int conns, double seconds, PrintStream out, PrintStream err, DumpOnSignal dump) {
        long durationNs = (long) (seconds * 1e9);
        boolean[] ok = {true};
        Go.main(() -> {
            try {
                // 1. one goroutine per connection
                Load g;
                long gEchoed;
                try (Server server = new Server(r -> Go.go("echo", r))) {
                    if (dump != null) {
                        err.println("echo: pid " + ProcessHandle.current().pid() + ", serving on 127.0.0.1:"
                                + server.port() + "; `" + dump.command()
                                + "` prints the goroutine dump to stderr");
                        err.flush();
                    }
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
