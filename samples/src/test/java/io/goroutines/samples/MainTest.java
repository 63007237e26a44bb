package io.goroutines.samples;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class MainTest {

    private record Result(int status, String out, String err) {
    }

    private static Result run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void tourRunsByDefaultAndEndsWithSchedulerStatistics() {
        Result r = run();
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains("scheduler=gmp"), r.out());
        assertTrue(r.out().contains("= 5,000,050,000"), r.out());
        // Strict alternation is the claim; which of the two runs first depends on where
        // each landed (runnext or the queue's tail), as in Go.
        assertTrue(r.out().contains("gosched alternates: ping pong ping pong ping pong")
                || r.out().contains("gosched alternates: pong ping pong ping pong ping"), r.out());
        assertTrue(r.out().contains("recovered(something went wrong) deferred-1; func returned null"), r.out());
        assertTrue(r.out().contains("[park]: sleeper"), r.out());
        assertTrue(r.out().contains("round trips") && r.out().contains("(counter=100,000)"), r.out());
        assertTrue(r.out().contains("select took"), r.out());
        assertTrue(r.out().strip().lines().reduce((a, b) -> b).orElseThrow().startsWith("scheduler statistics: gomaxprocs="),
                r.out());
    }

    @Test
    void helpListsThePrograms() {
        Result r = run("--help");
        assertEquals(0, r.status());
        assertTrue(r.out().contains("tour"), r.out());
        for (String program : new String[] {"hello", "primes", "pipeline", "workers", "ratelimit", "crawler",
                "deadlock", "panic", "echo", "echo-client", "proxy", "httpd", "jetty"}) {
            assertTrue(r.out().contains("\n  " + program + " "), program + " missing from:\n" + r.out());
        }
    }

    @Test
    void unknownProgramExitsTwoWithUsage() {
        Result r = run("no-such-program");
        assertEquals(2, r.status());
        assertTrue(r.err().contains("unknown program: no-such-program"), r.err());
        assertTrue(r.err().contains("usage:"), r.err());
    }

    @Test
    void badArgumentsExitTwo() {
        Result r = run("tour", "extra");
        assertEquals(2, r.status());
        assertTrue(r.err().contains("tour takes no arguments"), r.err());
    }

    @Test
    void helloIsTheReadmeExampleAndRuns() {
        PrintStream saved = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
        int status;
        try {
            status = run("hello").status();
        } finally {
            System.setOut(saved);
        }
        String out = buf.toString(StandardCharsets.UTF_8);
        assertEquals(0, status, out);
        assertTrue(out.contains("recovered: boom"), out);
        assertTrue(out.contains("goroutine ") && out.contains("[running]:"), out);
        assertTrue(out.contains("io.goroutines.samples.Hello"), out);
    }
}
