package io.goroutines.samples;

import io.goroutines.Chan;
import io.goroutines.GoRuntime;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * An embedded Jetty 12 whose requests run as goroutines: the Java service's version of
 * Go's {@code http.ListenAndServe}. The hook is Jetty's own for virtual threads, given
 * the goroutine {@code ExecutorService}:
 *
 * <pre>{@code
 * QueuedThreadPool pool = new QueuedThreadPool();
 * pool.setVirtualThreadsExecutor(Executors.newThreadPerTaskExecutor(GoRuntime.threadFactory()));
 * Server server = new Server(pool);
 * }</pre>
 *
 * Jetty keeps its selector and acceptor on the pool's platform threads, which is its
 * recommended set-up for virtual threads (a selector blocked in {@code epoll_wait} would
 * hold a carrier), and runs each blocking handler call, here every request of
 * {@link SearchHandler}, on the executor: each request is a goroutine, the handler may
 * start goroutines, use channels and {@code select}, and shows in
 * {@code GoRuntime.stack(true)} ({@code /debug/pprof/goroutine?debug=2}).
 *
 * <p>{@code -executor} picks where handlers run, for {@code benchmarks/run-http.sh}:
 * {@code goroutines} (the default), {@code vthreads} (Jetty's usual virtual-thread
 * set-up, {@code Executors.newVirtualThreadPerTaskExecutor()}: the JDK's scheduler), or
 * {@code platform} (no virtual-threads executor: Jetty's default pool of up to 200
 * platform threads). The handler's goroutines and channels work in all three, since
 * channels work from any thread.
 *
 * <p>The server runs for {@code -seconds} or, by default, until SIGINT/SIGTERM
 * ({@link Lifetime}), then stops Jetty and prints how many requests and searches it
 * served.
 */
final class Jetty {

    private Jetty() {
    }

    static final String DEFAULT_ADDR = "127.0.0.1:8080";

    /** Where Jetty runs the handler: {@code -executor NAME}. */
    enum HandlerThreads {
        GOROUTINES("goroutines (GoRuntime.threadFactory())"),
        VTHREADS("JDK virtual threads (Executors.newVirtualThreadPerTaskExecutor())"),
        PLATFORM("Jetty's QueuedThreadPool (platform threads)");

        final String description;

        HandlerThreads(String description) {
            this.description = description;
        }

        /** The flag's value: {@code goroutines}, {@code vthreads}, {@code platform}. */
        String flag() {
            return name().toLowerCase(Locale.ROOT);
        }

        static HandlerThreads of(String flag) {
            for (HandlerThreads h : values()) {
                if (h.flag().equals(flag)) {
                    return h;
                }
            }
            throw new IllegalArgumentException("--executor must be goroutines, vthreads or platform, got '" + flag + "'");
        }

        /** The executor Jetty runs blocking handler calls on, or null for its own platform threads. */
        ExecutorService newExecutor() {
            return switch (this) {
                case GOROUTINES -> Executors.newThreadPerTaskExecutor(GoRuntime.threadFactory());
                case VTHREADS -> Executors.newVirtualThreadPerTaskExecutor();
                case PLATFORM -> null;
            };
        }
    }

    /** A started Jetty server with the {@link SearchHandler}; {@link #close()} stops it. */
    static final class WebServer implements AutoCloseable {
        final Server server;
        final ServerConnector connector;
        final SearchHandler handler;
        private final ExecutorService handlerThreads;

        /** Listens on {@code host:port} (port 0 picks one; an empty host: every interface). */
        WebServer(String host, int port, HandlerThreads threads, Duration timeout) throws Exception {
            QueuedThreadPool pool = new QueuedThreadPool();
            pool.setName("jetty");
            handlerThreads = threads.newExecutor();
            if (handlerThreads != null) {
                pool.setVirtualThreadsExecutor(handlerThreads);
            }
            server = new Server(pool);
            connector = new ServerConnector(server);
            connector.setHost(host.isEmpty() ? null : host);
            connector.setPort(port);
            server.addConnector(connector);
            handler = new SearchHandler(timeout);
            server.setHandler(handler);
            try {
                server.start();
            } catch (Exception e) {
                close();
                throw e;
            }
        }

        /** {@code host:port} as Go prints it. */
        String addr() {
            String host = connector.getHost() == null ? "" : connector.getHost();
            return (host.contains(":") ? "[" + host + "]" : host) + ":" + connector.getLocalPort();
        }

        /** Stops Jetty (its connections, then its pool), then the handlers' executor, bounded. */
        @Override
        public void close() throws Exception {
            try {
                server.stop();
            } finally {
                if (handlerThreads != null) {
                    handlerThreads.shutdown();
                    if (!handlerThreads.awaitTermination(5, TimeUnit.SECONDS)) {
                        handlerThreads.shutdownNow();
                    }
                }
            }
        }
    }

    /** {@code jetty [-addr HOST:PORT] [-executor goroutines|vthreads|platform] [-timeout D] [-seconds S]}. */
    static int run(String[] args, PrintStream out, PrintStream err) throws Exception {
        Args a = Args.parse("jetty", args, Set.of("addr", "executor", "timeout", "seconds"), 0);
        String addr = a.string("addr", DEFAULT_ADDR);
        int colon = addr.lastIndexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("--addr must be HOST:PORT or :PORT, got '" + addr + "'");
        }
        String host = addr.substring(0, colon).replace("[", "").replace("]", "");
        int port = Args.toInt("the port of --addr", addr.substring(colon + 1), 0, 65_535);
        HandlerThreads threads = HandlerThreads.of(a.string("executor", "goroutines"));
        Duration timeout = a.duration("timeout", Search.DEFAULT_TIMEOUT, Duration.ofMillis(1), Duration.ofSeconds(10));
        double seconds = a.doubleFlag("seconds", 0, 0, 86_400);
        Chan<Void> stop = Chan.make(1);
        SearchHandler handler;
        try (WebServer server = new WebServer(host, port, threads, timeout);
             Lifetime life = Lifetime.start(seconds, () -> stop.trySend(null))) {
            handler = server.handler;
            String url = "http://" + server.addr();
            out.println("jetty: listening on " + url + "/ with handlers on " + threads.description + " "
                    + Lifetime.until(seconds));
            out.println("jetty: try curl '" + url + "/search?q=golang' (deadline " + timeout.toMillis() + "ms), curl '"
                    + url + "/debug/pprof/goroutine?debug=2', or wrk -t1 -c100 -d5s " + url + "/");
            out.flush();
            stop.recv();
        }
        out.println("jetty: " + handler.requests.sum() + " requests, " + handler.searches.sum() + " searches ("
                + handler.timedOut.sum() + " past their deadline)");
        return 0;
    }
}
