package io.goroutines.benchmarks.net;

import io.goroutines.Go;
import io.goroutines.GoRuntime;
import io.goroutines.net.Conn;
import io.goroutines.net.Listener;
import io.goroutines.net.Net;
import io.goroutines.benchmarks.support.Flags;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.ByteChannel;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/*
 * The Java echo servers of benchmarks/run-net.sh, loaded by
 * benchmarks/src/main/go/echo_load.go and compared with Go's own
 * (benchmarks/src/main/go/echo_server.go). Each listens on -addr:-port, runs one task
 * per accepted connection, and the task reads into a -buf byte buffer (4 KiB by
 * default, as the Go server) and writes back what it read until the peer closes or an
 * error. TCP_NODELAY is set on every connection, as Go does by default. -mode picks
 * what a task is:
 *
 *   goroutine-socket  a goroutine (Go.go) per connection, the accept loop in Go.main,
 *                     blocking java.net.Socket I/O: the goroutine is a virtual thread
 *                     of the goroutines scheduler, parked by the JDK's own poller, whose
 *                     sub-pollers run on our Ms (docs/adr/0013-jdk-pollers-on-our-ms.md);
 *   vthread-socket    a JDK virtual thread per connection (Thread.ofVirtual(), the
 *                     JDK's default scheduler), the accept loop in a virtual thread too;
 *   platform-socket   a platform thread per connection (256 KiB stacks, so that 10,000
 *                     connections fit), the accept loop in the main thread;
 *   goroutine-net     io.goroutines.net: Net.listen, a goroutine per Listener.accept,
 *                     Conn read and write parked on the runtime's own network poller
 *                     (docs/adr/0012-netpoll.md).
 *
 * Prints "EchoServer: listening on ..." once the socket is bound, then runs until the
 * process is killed. Accept errors are printed and the loop goes on; a connection's
 * I/O error ends only that connection.
 *
 * Usage (flags as Go's flag package: -name value or -name=value):
 *
 *   java --add-opens java.base/java.lang=ALL-UNNAMED \
 *        -cp benchmarks/target/benchmarks.jar io.goroutines.benchmarks.net.EchoServer \
 *        -mode goroutine-socket|vthread-socket|platform-socket|goroutine-net \
 *        [-addr 127.0.0.1] [-port 9000] [-buf 4096] [-backlog 4096] [-procs 0]
 *
 *   -backlog  the listen backlog (the kernel caps it at net.core.somaxconn); the JDK's
 *             default of 50 would drop the SYNs of 1,000 connections dialled at once
 *   -procs    GOMAXPROCS of the goroutine modes (0: the runtime's default)
 */
public final class EchoServer {

    /** Exit status of a mode that cannot run here; run-net.sh skips it. */
    static final int UNAVAILABLE = 3;

    private EchoServer() {
    }

    record Options(String mode, String addr, int port, int buf, int backlog, int procs) {

        static Options parse(String[] args) {
            String mode = null;
            String addr = "127.0.0.1";
            int port = 9000;
            int buf = 4096;
            int backlog = 4096;
            int procs = 0;
            for (Flags.Flag f : Flags.parse(args)) {
                String value = f.value();
                switch (f.name()) {
                    case "mode" -> mode = value;
                    case "addr" -> addr = value;
                    case "port" -> port = Integer.parseInt(value);
                    case "buf" -> buf = Integer.parseInt(value);
                    case "backlog" -> backlog = Integer.parseInt(value);
                    case "procs" -> procs = Integer.parseInt(value);
                    default -> throw new IllegalArgumentException("unknown flag: -" + f.name()
                            + " (flags: -mode, -addr, -port, -buf, -backlog, -procs)");
                }
            }
            if (mode == null) {
                throw new IllegalArgumentException(
                        "-mode is required: goroutine-socket, vthread-socket, platform-socket or goroutine-net");
            }
            if (port < 0 || port > 65535 || buf < 1 || backlog < 1 || procs < 0) {
                throw new IllegalArgumentException("-port must be 0 to 65535, -buf and -backlog positive, -procs >= 0");
            }
            return new Options(mode, addr, port, buf, backlog, procs);
        }
    }

    public static void main(String[] args) throws Exception {
        Options o = Options.parse(args);
        if (o.mode.startsWith("goroutine")) {
            // The scheduler's counters when the benchmark stops the server (SIGTERM).
            Runtime.getRuntime().addShutdownHook(new Thread(() -> System.err.println(
                    "EchoServer: at exit " + GoRuntime.schedStats())));
        }
        switch (o.mode) {
            case "goroutine-socket" -> {
                if (o.procs > 0) {
                    GoRuntime.gomaxprocs(o.procs);
                }
                Go.main(() -> acceptLoop(o, conn -> Go.go(() -> echo(conn, o.buf))));
            }
            case "vthread-socket" -> {
                Thread acceptor = Thread.ofVirtual().name("accept").start(
                        () -> acceptLoop(o, conn -> Thread.ofVirtual().start(() -> echo(conn, o.buf))));
                acceptor.join();
            }
            case "platform-socket" -> {
                Thread.Builder handlers = Thread.ofPlatform().daemon().stackSize(256 * 1024);
                acceptLoop(o, conn -> handlers.start(() -> echo(conn, o.buf)));
            }
            case "goroutine-net" -> System.exit(serveGoroutineNet(o));
            default -> throw new IllegalArgumentException("unknown -mode " + o.mode
                    + " (goroutine-socket, vthread-socket, platform-socket, goroutine-net)");
        }
    }

    /** Binds a java.net.ServerSocket and hands every accepted socket to {@code start}. */
    static void acceptLoop(Options o, Consumer<Socket> start) {
        try (ServerSocket server = new ServerSocket()) {
            server.setReuseAddress(true);
            server.bind(new InetSocketAddress(o.addr, o.port), o.backlog);
            announce(o, server.getLocalPort());
            AtomicLong acceptErrors = new AtomicLong();
            while (true) {
                Socket conn;
                try {
                    conn = server.accept();
                } catch (IOException e) {
                    if (acceptErrors.incrementAndGet() <= 10) {
                        System.err.println("EchoServer: accept: " + e);
                    }
                    continue;
                }
                start.accept(conn);
            }
        } catch (IOException e) {
            System.err.println("EchoServer: cannot listen on " + o.addr + ":" + o.port + ": " + e);
            System.exit(1);
        }
    }

    /** The read-then-write loop on a java.net.Socket. */
    static void echo(Socket conn, int size) {
        try (conn) {
            conn.setTcpNoDelay(true);
            InputStream in = conn.getInputStream();
            OutputStream out = conn.getOutputStream();
            byte[] buf = new byte[size];
            int n;
            while ((n = in.read(buf)) >= 0) {
                out.write(buf, 0, n);
            }
        } catch (IOException e) {
            // the peer reset or the connection broke: this connection ends, the server goes on
        }
    }

    static void announce(Options o, int port) {
        // One write of the whole line, so that run-net.sh never sees half of it.
        System.out.print(String.format(Locale.ROOT, "EchoServer: listening on %s:%d, mode %s, %d-byte buffer, %s, "
                        + "%d processors, java %s%n",
                o.addr, port, o.mode, o.buf,
                o.mode.startsWith("goroutine") ? "gomaxprocs " + GoRuntime.gomaxprocs(0) : "JDK threads",
                Runtime.getRuntime().availableProcessors(), Runtime.version()));
        System.out.flush();
    }

    /** goroutine-net: {@code Net.listen}, a goroutine per accepted {@code Conn}, Go's net example. */
    static int serveGoroutineNet(Options o) {
        if (o.procs > 0) {
            GoRuntime.gomaxprocs(o.procs);
        }
        int[] status = {0};
        Go.main(() -> status[0] = netAcceptLoop(o));
        return status[0];
    }

    private static int netAcceptLoop(Options o) {
        Listener listener;
        try {
            listener = Net.listen("tcp", o.addr + ":" + o.port);
        } catch (IOException e) {
            System.err.println("EchoServer: cannot listen on " + o.addr + ":" + o.port + ": " + e);
            return 1;
        }
        announce(o, listener.addr().getPort());
        long acceptErrors = 0;
        while (true) {
            Conn conn;
            try {
                conn = listener.accept();
            } catch (IOException e) {
                if (++acceptErrors <= 10) {
                    System.err.println("EchoServer: accept: " + e);
                }
                continue;
            }
            Go.go(() -> echo(conn, o.buf));
        }
    }

    /** The read-then-write loop on an io.goroutines.net Conn (seen as a ByteChannel). */
    static void echo(ByteChannel conn, int size) {
        try (conn) {
            ByteBuffer buf = ByteBuffer.allocate(size);
            while (conn.read(buf) >= 0) {
                buf.flip();
                while (buf.hasRemaining()) {
                    conn.write(buf);
                }
                buf.clear();
            }
        } catch (IOException e) {
            // the peer reset or the connection broke: this connection ends
        }
    }
}
