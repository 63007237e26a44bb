package io.goroutines.samples;

import io.goroutines.Go;
import io.goroutines.GoRuntime;
import io.goroutines.net.Conn;
import io.goroutines.net.Net;
import io.goroutines.sync.WaitGroup;

import java.io.EOFException;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * A TCP echo server on {@code io.goroutines.net}, the {@code net} package's canonical
 * example (pkg.go.dev/net#example-Listener):
 *
 * <pre>
 * l, err := net.Listen("tcp", ":2000")
 * for {
 *     conn, err := l.Accept()
 *     go func(c net.Conn) { io.Copy(c, c); c.Close() }(conn)   // one goroutine per connection
 * }
 * </pre>
 *
 * The main goroutine accepts; each connection's goroutine copies what it reads back
 * to the connection until end of stream, then closes it. The server runs for
 * {@code -seconds} or, by default, until SIGINT/SIGTERM ({@link Lifetime}), then prints
 * how many connections it served and bytes it echoed.
 *
 * <p>Its load client is another process: {@code echo-client} ({@link #client}),
 * {@code -c} connections (one goroutine each) that send a message, wait for its echo,
 * check it and repeat for {@code -duration}, then half close and expect the server to
 * close in turn; it reports requests per second and the p50/p99 round trip. The server
 * never loads itself: the two would share the JVM's cores and scheduler.
 *
 * <p>{@code -dump-on-signal} is Go's SIGQUIT dump: while the server runs, {@code SIGUSR2}
 * (send it with {@code kill -USR2 <pid>}) prints every goroutine's stack, the
 * {@link GoRuntime#stack(boolean) GoRuntime.stack(true)} dump in Go's format
 * ({@code goroutine 7 [IO wait]:} ...), to stderr, and the server keeps running. At start
 * it prints its pid and that command to stderr. Not SIGQUIT itself: the JVM keeps it for
 * its own thread dump ({@code jstack}'s) and refuses to hand it over; SIGUSR2 is free on
 * HotSpot/Linux. {@code -dump-signal NAME} picks another signal ({@code HUP},
 * {@code TRAP}, ...); one the JVM or OS refuses ends the program with exit status 2 and a
 * message naming it.
 */
final class Echo {

    private Echo() {
    }

    /** Where the server listens and the client dials unless told otherwise. */
    static final String DEFAULT_ADDR = "127.0.0.1:7000";

    /** The server: the accept loop and one copying goroutine per connection; counts what it echoed. */
    static final class Server extends TcpServer {
        final LongAdder echoed = new LongAdder();

        /** Listens on {@code addr} ({@code host:port}; port 0 picks one). */
        Server(String addr, PrintStream log) throws IOException {
            super("echo", addr, log);
        }

        /** io.Copy(c, c); c.Close() (the close is TcpServer's). */
        @Override
        void serve(Conn c) throws IOException {
            byte[] buf = new byte[32 * 1024];
            for (int n; (n = c.read(buf, 0, buf.length)) > 0; ) {
                c.write(buf, 0, n);
                echoed.add(n);
            }
        }
    }

    /** {@code echo [-addr host:port] [-seconds S] [-dump-on-signal [-dump-signal NAME]]}. */
    static int run(String[] args, PrintStream out, PrintStream err) throws Exception {
        Args a = Args.parse("echo", args, Set.of("addr", "seconds", "dump-signal"), Set.of("dump-on-signal"), 0);
        String addr = a.string("addr", DEFAULT_ADDR);
        double seconds = a.doubleFlag("seconds", 0, 0, 86_400);
        boolean dumpOnSignal = a.isSet("dump-on-signal");
        if (a.has("dump-signal") && !dumpOnSignal) {
            throw new IllegalArgumentException("--dump-signal needs --dump-on-signal");
        }
        DumpOnSignal dump = dumpOnSignal
                ? DumpOnSignal.install(signalName(a.string("dump-signal", DEFAULT_DUMP_SIGNAL)), err) : null;
        try (Server server = new Server(addr, err); Lifetime life = Lifetime.start(seconds, server.listener::close)) {
            out.println("echo: listening on " + server.addr() + " " + Lifetime.until(seconds)
                    + "; load it from another process: bin/samples echo-client -addr " + server.addr()
                    + " -c 50 -duration 5s");
            out.flush();
            if (dump != null) {
                err.println("echo: pid " + ProcessHandle.current().pid() + ", serving on " + server.addr()
                        + "; `" + dump.command() + "` prints the goroutine dump to stderr");
                err.flush();
            }
            server.runMain();               // the main goroutine accepts, as in Go's example
            out.println("echo: served " + server.conns.get() + " connections, echoed " + server.echoed.sum() + " bytes");
            return 0;
        } finally {
            if (dump != null) {
                dump.uninstall();
            }
        }
    }

    /** The client's outcome: requests completed, their latencies (sorted), errors. */
    record Load(long requests, long bytes, long[] latenciesNs, double seconds, List<String> errors) {
        long percentileNs(double p) {
            if (latenciesNs.length == 0) {
                return 0;
            }
            int i = (int) Math.ceil(p / 100 * latenciesNs.length) - 1;
            return latenciesNs[Math.max(0, Math.min(i, latenciesNs.length - 1))];
        }
    }

    /** How long the client waits for any one dial, write or echo before calling it an error. */
    static final Duration CLIENT_TIMEOUT = Duration.ofSeconds(10);

    /** {@code echo-client [-addr host:port] [-c N] [-duration D] [-size BYTES]}: the load, from its own process. */
    static int client(String[] args, PrintStream out, PrintStream err) {
        Args a = Args.parse("echo-client", args, Set.of("addr", "c", "duration", "size"), 0);
        String addr = a.string("addr", DEFAULT_ADDR);
        int conns = a.intFlag("c", 50, 1, 10_000);
        Duration duration = a.duration("duration", Duration.ofSeconds(5), Duration.ofMillis(1), Duration.ofHours(1));
        int size = a.intFlag("size", 64, 1, 1 << 20);
        Load[] l = new Load[1];
        Go.main(() -> l[0] = load(addr, conns, duration, size));
        Load load = l[0];
        out.printf(Locale.ROOT, "echo-client: %d conns to %s, %.2f s: %d requests, %.0f requests/s, p50 %d us, "
                        + "p99 %d us; %d bytes echoed back intact%n",
                conns, addr, load.seconds(), load.requests(), load.requests() / load.seconds(),
                TimeUnit.NANOSECONDS.toMicros(load.percentileNs(50)), TimeUnit.NANOSECONDS.toMicros(load.percentileNs(99)),
                load.bytes());
        load.errors().stream().limit(5).forEach(e -> err.println("echo-client: " + e));
        if (load.errors().size() > 5) {
            err.println("echo-client: ... " + (load.errors().size() - 5) + " more errors");
        }
        return load.errors().isEmpty() ? 0 : 1;
    }

    /** {@code conns} goroutines, each a request/echo loop on its own connection for {@code duration}. */
    static Load load(String addr, int conns, Duration duration, int size) {
        long[][] lat = new long[conns][];
        Queue<String> errors = new ConcurrentLinkedQueue<>();
        WaitGroup wg = new WaitGroup();
        long start = System.nanoTime();
        long deadline = start + duration.toNanos();
        for (int c = 0; c < conns; c++) {
            int id = c;
            wg.go(() -> {
                long[] mine = new long[1024];
                int n = 0;
                try (Conn conn = Net.dialTimeout("tcp", addr, CLIENT_TIMEOUT)) {
                    byte[] back = new byte[size];
                    while (System.nanoTime() < deadline) {
                        byte[] msg = message(id, n, size);
                        long t0 = System.nanoTime();
                        conn.setDeadline(Instant.now().plus(CLIENT_TIMEOUT));
                        conn.write(msg, 0, size);
                        readFully(conn, back);
                        long t1 = System.nanoTime();
                        if (!Arrays.equals(msg, back)) {
                            throw new IOException("sent '" + printable(msg) + "', got back '" + printable(back) + "'");
                        }
                        if (n == mine.length) {
                            mine = Arrays.copyOf(mine, n * 2);
                        }
                        mine[n++] = t1 - t0;
                    }
                    // half close: the server's copy sees end of stream and closes its side in turn
                    conn.closeWrite();
                    if (conn.read(back, 0, size) != -1) {
                        throw new IOException("the server sent bytes nobody asked for after the half close");
                    }
                } catch (IOException | RuntimeException e) {
                    errors.add("conn " + id + ": " + e.getMessage());
                } finally {
                    lat[id] = Arrays.copyOf(mine, n);
                }
            });
        }
        wg.await();
        double seconds = (System.nanoTime() - start) / 1e9;
        long[] all = Arrays.stream(lat).flatMapToLong(Arrays::stream).toArray();
        Arrays.sort(all);
        return new Load(all.length, (long) all.length * size, all, seconds, List.copyOf(errors));
    }

    /** Request {@code n} of connection {@code id}: its name repeated to {@code size} bytes, ending in a newline. */
    static byte[] message(int id, int n, int size) {
        byte[] name = ("conn " + id + " request " + n + " ").getBytes(StandardCharsets.US_ASCII);
        byte[] msg = new byte[size];
        for (int i = 0; i < size - 1; i++) {
            msg[i] = name[i % name.length];
        }
        msg[size - 1] = '\n';
        return msg;
    }

    private static String printable(byte[] b) {
        String s = new String(b, 0, Math.min(b.length, 60), StandardCharsets.US_ASCII).replace("\n", "\\n");
        return b.length > 60 ? s + "..." : s;
    }

    /** Go's io.ReadFull. */
    static void readFully(Conn c, byte[] b) throws IOException {
        for (int off = 0; off < b.length; ) {
            int n = c.read(b, off, b.length - off);
            if (n < 0) {
                throw new EOFException("the server closed the connection after " + off + " of " + b.length + " bytes");
            }
            off += n;
        }
    }

    /** The signal {@code --dump-on-signal} listens to unless {@code --dump-signal} names another. */
    static final String DEFAULT_DUMP_SIGNAL = "USR2";

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

}
