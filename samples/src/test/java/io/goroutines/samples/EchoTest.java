package io.goroutines.samples;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(60)
class EchoTest {

    private static final Pattern LINE = Pattern.compile(
            "(.+?): +(\\d+) conns, [0-9.]+ s: (\\d+) requests, (\\d+) requests/s, p50 (\\d+) us, p99 (\\d+) us; "
                    + "server echoed (\\d+) \\(counts match\\)");

    @Test
    void clientCountsMatchTheServersForBothServers() {
        Run r = Run.of("echo", "--conns", "3", "--seconds", "0.2");
        assertEquals(0, r.status(), r::toString);
        List<String> lines = r.out().strip().lines().toList();
        assertEquals(2, lines.size(), r::toString);
        String[] servers = {"goroutine per connection", "platform thread pool (3 threads)"};
        for (int i = 0; i < 2; i++) {
            Matcher m = LINE.matcher(lines.get(i));
            assertTrue(m.matches(), r::toString);
            assertEquals(servers[i], m.group(1), r::toString);
            assertEquals("3", m.group(2));
            long requests = Long.parseLong(m.group(3));
            assertTrue(requests >= 3, "every connection completes a request at least:\n" + r);
            assertEquals(requests, Long.parseLong(m.group(7)), r::toString);
            assertTrue(Long.parseLong(m.group(5)) <= Long.parseLong(m.group(6)), "p50 <= p99\n" + r);
        }
    }

    @Test
    void badArgumentsExitTwo() {
        Run r = Run.of("echo", "--conns", "0");
        assertEquals(2, r.status(), r::toString);
        assertTrue(r.err().contains("--conns must be in [1, 10000], got 0"), r::toString);
        Run s = Run.of("echo", "--seconds", "forever");
        assertEquals(2, s.status(), s::toString);
        assertTrue(s.err().contains("--seconds must be a number, got 'forever'"), s::toString);
    }
}
