package io.goroutines.samples;

import io.goroutines.GoRuntime;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The {@code jetty} sample on port 0, spoken to over real HTTP by the JDK's
 * {@code HttpClient}: {@code /search} answers 200 when both backends beat the deadline
 * and 504 when the deadline passes first, whichever threads run the handler; with
 * {@code -executor goroutines} each request is a goroutine (its own dump says so), and
 * a search cut short by its deadline leaves no backend goroutine behind.
 */
@Timeout(120)
class JettyTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private Jetty.WebServer server;
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @AfterEach
    void stop() throws Exception {
        client.shutdownNow();
        client.awaitTermination(WAIT);
        if (server != null) {
            server.close();
        }
    }

    private void start(Jetty.HandlerThreads threads) throws Exception {
        server = new Jetty.WebServer("127.0.0.1", 0, threads, Search.DEFAULT_TIMEOUT);
    }

    private HttpResponse<String> get(String pathAndQuery) throws Exception {
        HttpRequest req = HttpRequest.newBuilder(URI.create("http://" + server.addr() + pathAndQuery))
                .timeout(WAIT)
                .build();
        return client.send(req, HttpResponse.BodyHandlers.ofString());
    }

    @ParameterizedTest
    @EnumSource(Jetty.HandlerThreads.class)
    void searchAnswers200InTimeAnd504PastTheDeadline(Jetty.HandlerThreads threads) throws Exception {
        start(threads);
        HttpResponse<String> hello = get("/");
        assertEquals(200, hello.statusCode());
        assertEquals(SearchHandler.HELLO, hello.body());

        HttpResponse<String> found = get("/search?q=golang&latency=1ms&timeout=10s");
        assertEquals(200, found.statusCode(), found.body());
        assertEquals(List.of("Image result for \"golang\"", "Web result for \"golang\""),
                found.body().lines().sorted().toList());

        long start = System.nanoTime();
        HttpResponse<String> late = get("/search?q=golang&latency=10s&timeout=50ms");
        long ms = (System.nanoTime() - start) / 1_000_000;
        assertEquals(504, late.statusCode(), late.body());
        assertTrue(late.body().startsWith("search: context deadline exceeded after 50ms; got 0 of 2 results\n"),
                late.body());
        assertTrue(ms < 5_000, "the 504 took " + ms + " ms: the deadline did not cut the 10 s backends short");

        assertEquals(404, get("/nowhere").statusCode());
        assertEquals(400, get("/search?q=golang&timeout=forever").statusCode());
        assertEquals(2, server.handler.searches.sum(), "the 200 and the 504; the 400 never searched");
        assertEquals(1, server.handler.timedOut.sum());
    }

    @Test
    void requestsRunAsGoroutinesAndALateSearchLeavesNoBackendBehind() throws Exception {
        start(Jetty.HandlerThreads.GOROUTINES);
        String dump = get("/debug/pprof/goroutine?debug=2").body();
        assertTrue(dump.matches("(?s)goroutine \\d+ \\[running]:\n.*"), "the handler is no goroutine:\n" + dump);
        assertTrue(dump.substring(0, dump.indexOf("\n\n") > 0 ? dump.indexOf("\n\n") : dump.length())
                .contains("SearchHandler.handle"), dump);

        assertEquals(504, get("/search?q=late&latency=10s&timeout=20ms").statusCode());
        // The search's context is canceled when it returns: both backends, waiting for
        // 10 s of fake work, stop at once. Bounded well below those 10 s.
        long deadline = System.nanoTime() + Duration.ofSeconds(3).toNanos();
        while (GoRuntime.stack(true).contains("Search.fakeSearch") && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        String after = GoRuntime.stack(true);
        assertTrue(!after.contains("Search.fakeSearch"), "backend goroutines still running:\n" + after);
    }

    @Test
    void onJdkVirtualThreadsRequestsAreNoGoroutinesButChannelsStillWork() throws Exception {
        start(Jetty.HandlerThreads.VTHREADS);
        String dump = get("/debug/pprof/goroutine?debug=2").body();
        assertTrue(dump.startsWith("thread "), dump);
        assertEquals(200, get("/search?q=golang&latency=1ms&timeout=10s").statusCode());
    }

    @Test
    void theProgramRunsForItsSecondsAndReports() {
        Run r = Run.of("jetty", "-addr", "127.0.0.1:0", "-seconds", "0.3");
        assertEquals(0, r.status(), r::toString);
        assertTrue(r.out().startsWith("jetty: listening on http://127.0.0.1:"), r::toString);
        assertTrue(r.out().contains("with handlers on goroutines"), r::toString);
        assertTrue(r.out().contains("jetty: 0 requests, 0 searches (0 past their deadline)"), r::toString);
        Run bad = Run.of("jetty", "-executor", "fibers");
        assertEquals(2, bad.status(), bad::toString);
        assertTrue(bad.err().contains("--executor must be goroutines, vthreads or platform"), bad::toString);
    }
}
