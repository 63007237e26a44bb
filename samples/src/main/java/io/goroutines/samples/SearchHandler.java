package io.goroutines.samples;

import io.goroutines.GoRuntime;
import io.goroutines.context.Context;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;

import java.time.Duration;
import java.util.concurrent.atomic.LongAdder;

/**
 * The {@code jetty} sample's handler, a Go {@code http.ServeMux} with three routes:
 * <ul>
 *   <li>{@code GET /}: {@code Hello, World!} (what {@code benchmarks/run-http.sh} loads);</li>
 *   <li>{@code GET /search?q=QUERY[&latency=D][&timeout=D]}: {@link Search#google} under
 *       a {@code Context} deadline: {@code 200} with one result per line when every
 *       backend answered in time, {@code 504 Gateway Timeout} with what arrived when the
 *       deadline passed first. {@code latency} fixes the fake backends' time (default:
 *       random, 0 to 99 ms), {@code timeout} the deadline (default: the server's
 *       {@code -timeout}); both are Go durations, at most 10 s;</li>
 *   <li>{@code GET /debug/pprof/goroutine?debug=1|2}: Go's {@code net/http/pprof}
 *       goroutine endpoint: the goroutine profile ({@code debug=1}, the default here) or
 *       the full dump ({@code debug=2}), whose first entry is the goroutine answering the
 *       request, {@code goroutine N [running]:}, when requests run as goroutines.</li>
 * </ul>
 * Anything else gets Go's {@code 404 page not found}.
 *
 * <p>A {@code Handler.Abstract} is {@code BLOCKING} (the default invocation type), so
 * Jetty calls {@link #handle} on its thread pool's virtual-threads executor when it has
 * one: with {@code GoRuntime.threadFactory()} behind that executor, every request runs
 * as a goroutine, and the handler blocks in {@code select} like a Go handler.
 */
final class SearchHandler extends Handler.Abstract {

    static final String HELLO = "Hello, World!\n";
    private static final Duration MAX_PARAM = Duration.ofSeconds(10);

    private final Duration timeout;
    final LongAdder requests = new LongAdder();
    final LongAdder searches = new LongAdder();
    final LongAdder timedOut = new LongAdder();

    SearchHandler(Duration timeout) {
        this.timeout = timeout;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        requests.increment();
        String path = Request.getPathInContext(request);
        if (!request.getMethod().equals("GET") && !request.getMethod().equals("HEAD")) {
            reply(response, callback, HttpStatus.METHOD_NOT_ALLOWED_405, "method not allowed\n");
            return true;
        }
        switch (path) {
            case "/" -> reply(response, callback, HttpStatus.OK_200, HELLO);
            case "/search" -> search(request, response, callback);
            case "/debug/pprof/goroutine" -> {
                String debug = Request.extractQueryParameters(request).getValue("debug");
                reply(response, callback, HttpStatus.OK_200,
                        "2".equals(debug) ? GoRuntime.stack(true) : GoRuntime.goroutineProfile());
            }
            default -> reply(response, callback, HttpStatus.NOT_FOUND_404, "404 page not found\n");
        }
        return true;
    }

    private void search(Request request, Response response, Callback callback) {
        Fields params = Request.extractQueryParameters(request);
        String q = params.getValue("q");
        Duration latency;
        Duration deadline;
        try {
            latency = durationParam(params, "latency", null);
            deadline = durationParam(params, "timeout", timeout);
        } catch (IllegalArgumentException bad) {
            reply(response, callback, HttpStatus.BAD_REQUEST_400, bad.getMessage() + "\n");
            return;
        }
        if (q == null || q.isBlank()) {
            reply(response, callback, HttpStatus.BAD_REQUEST_400, "missing query: /search?q=golang\n");
            return;
        }
        searches.increment();
        Search.Outcome found = Search.google(Context.background(), q, deadline, latency);
        StringBuilder body = new StringBuilder();
        found.results().forEach(r -> body.append(r).append('\n'));
        if (found.err() != null) {
            timedOut.increment();
            body.insert(0, "search: " + found.err().getMessage() + " after " + millis(deadline) + "; got "
                    + found.results().size() + " of " + Search.BACKENDS.size() + " results\n");
            reply(response, callback, HttpStatus.GATEWAY_TIMEOUT_504, body.toString());
        } else {
            reply(response, callback, HttpStatus.OK_200, body.toString());
        }
    }

    /** A Go duration query parameter in [0, 10 s], or {@code def} when absent. */
    private static Duration durationParam(Fields params, String name, Duration def) {
        String v = params.getValue(name);
        if (v == null) {
            return def;
        }
        Duration d = Args.parseDuration(name, v);
        if (d.compareTo(MAX_PARAM) > 0) {
            throw new IllegalArgumentException(name + " must be at most 10s, got " + v);
        }
        return d;
    }

    /** {@code d} as Go prints a whole number of milliseconds ({@code 80ms}), or to the microsecond below that. */
    private static String millis(Duration d) {
        long nanos = d.toNanos();
        return nanos % 1_000_000 == 0 || nanos >= 1_000_000 ? d.toMillis() + "ms" : nanos / 1000 + "µs";
    }

    private static void reply(Response response, Callback callback, int status, String body) {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain; charset=utf-8");
        Content.Sink.write(response, true, body, callback);
    }
}
