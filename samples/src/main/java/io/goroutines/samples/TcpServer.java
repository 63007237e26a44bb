package io.goroutines.samples;

import io.goroutines.Go;
import io.goroutines.net.Conn;
import io.goroutines.net.Listener;
import io.goroutines.net.Net;
import io.goroutines.net.NetClosedException;
import io.goroutines.sync.WaitGroup;
import io.goroutines.time.Time;

import java.io.IOException;
import java.io.PrintStream;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the network samples' servers ({@link Echo}, {@link Proxy}, {@link Httpd}) share:
 * a {@link Listener}, an accept loop starting a goroutine per connection
 * ({@code go handle(conn)}), and a close that stops accepting, closes the connections
 * still open and waits for their goroutines.
 */
abstract class TcpServer implements AutoCloseable {

    final Listener listener;
    /** Connections accepted so far. */
    final AtomicLong conns = new AtomicLong();
    final PrintStream log;
    private final String name;
    private final Set<Conn> open = ConcurrentHashMap.newKeySet();
    private final WaitGroup handlers = new WaitGroup();
    private final WaitGroup loop = new WaitGroup();

    /** Listens on {@code addr} ({@code host:port}; port 0 picks one); {@code name} prefixes log lines and goroutine names. */
    TcpServer(String name, String addr, PrintStream log) throws IOException {
        this.name = name;
        this.listener = Net.listen("tcp", addr);
        this.log = log;
    }

    /**
     * Serves one accepted connection in its goroutine. It is closed afterwards; an
     * {@link IOException} (a client that went away, a deadline) just ends it.
     */
    abstract void serve(Conn c) throws IOException;

    /** Runs {@link #acceptLoop()} in a goroutine of its own; returns this. */
    @SuppressWarnings("unchecked")
    <S extends TcpServer> S start() {
        loop.add(1);
        Go.go(name + " accept loop", () -> {
            try {
                acceptLoop();
            } finally {
                loop.done();
            }
        });
        return (S) this;
    }

    /** The program's main goroutine: accepts until the listener is closed (by {@link Lifetime}), then {@link #close()}. */
    void runMain() {
        Go.main(() -> {
            acceptLoop();
            close();
        });
    }

    /** Accepts until the listener is closed; a goroutine per connection. */
    final void acceptLoop() {
        long backoffMs = 0;
        for (;;) {
            Conn c;
            try {
                c = listener.accept();
                backoffMs = 0;
            } catch (NetClosedException closed) {
                return;
            } catch (IOException e) {
                // e.g. too many open files: wait and go on, as Go's net/http server does
                backoffMs = backoffMs == 0 ? 5 : Math.min(backoffMs * 2, 1000);
                log.println(name + ": accept: " + e.getMessage() + "; retrying in " + backoffMs + " ms");
                Time.sleep(Duration.ofMillis(backoffMs));
                continue;
            }
            conns.incrementAndGet();
            track(c);
            handlers.add(1);
            Go.go(name + " " + hostPort(c.remoteAddr()), () -> {
                try {
                    serve(c);
                } catch (IOException e) {
                    // the peer went away or reset, a deadline passed, or close() closed it
                } finally {
                    c.close();
                    untrack(c);
                    handlers.done();
                }
            });
        }
    }

    /** Counts {@code c} among the connections {@link #close()} closes. */
    final void track(Conn c) {
        open.add(c);
    }

    final void untrack(Conn c) {
        open.remove(c);
    }

    /** The address listened on, as {@code host:port}. */
    final String addr() {
        return hostPort(listener.addr());
    }

    /** Stops accepting, closes every connection still open and waits for their goroutines. */
    @Override
    public void close() {
        listener.close();
        loop.await();
        open.forEach(Conn::close);
        handlers.await();
    }

    /** {@code host:port} as Go prints an address: {@code 127.0.0.1:7000}, {@code [::1]:7000}. */
    static String hostPort(InetSocketAddress a) {
        String host = a.getAddress().getHostAddress();
        if (a.getAddress() instanceof Inet6Address) {
            int zone = host.indexOf('%');
            host = "[" + (zone >= 0 ? host.substring(0, zone) : host) + "]";
        }
        return host + ":" + a.getPort();
    }
}
