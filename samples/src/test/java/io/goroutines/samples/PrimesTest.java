package io.goroutines.samples;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(60)
class PrimesTest {

    @Test
    void firstTenPrimes() {
        Run r = Run.of("primes", "10");
        assertEquals(0, r.status(), r::toString);
        assertEquals(List.of("2", "3", "5", "7", "11", "13", "17", "19", "23", "29"), r.out().strip().lines().toList(),
                r::toString);
    }

    @Test
    void hundredthPrimeIs541() {
        Run r = Run.of("primes", "100");
        assertEquals(0, r.status(), r::toString);
        List<String> lines = r.out().strip().lines().toList();
        assertEquals(100, lines.size(), r::toString);
        assertEquals("541", lines.get(99));
    }

    @Test
    void traceFlagWritesAnExecutionTrace(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("primes.json");
        Run r = Run.of("primes", "20", "--trace", file.toString());
        assertEquals(0, r.status(), r::toString);
        assertTrue(r.out().contains("execution trace written to " + file), r::toString);
        String json = Files.readString(file);
        assertTrue(json.startsWith("{\"traceEvents\":["), json.substring(0, Math.min(80, json.length())));
        assertTrue(json.contains("\"name\":\"G") && json.contains("filter 2"), "no filter slices in the trace");
        Run bad = Run.of("primes", "--trace", dir.resolve("missing").resolve("t.json").toString());
        assertEquals(2, bad.status(), bad::toString);
        assertTrue(bad.err().contains("--trace: cannot create the execution trace file"), bad::toString);
    }

    @Test
    void badArgumentsExitTwo() {
        Run r = Run.of("primes", "ten");
        assertEquals(2, r.status(), r::toString);
        assertTrue(r.err().contains("N must be an integer, got 'ten'"), r::toString);
        assertTrue(r.err().contains("usage: primes"), r::toString);
        assertEquals(2, Run.of("primes", "0").status());
        assertEquals(2, Run.of("primes", "1", "2").status());
    }
}
