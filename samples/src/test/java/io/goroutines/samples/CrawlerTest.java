package io.goroutines.samples;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(60)
class CrawlerTest {

    private static Set<String> lines(Run r, String prefix) {
        Set<String> s = new TreeSet<>();
        r.out().lines().filter(l -> l.startsWith(prefix)).forEach(l -> s.add(l.substring(prefix.length())));
        return s;
    }

    @Test
    void depthFourFetchesEveryReachableUrlOnce() {
        Run r = Run.of("crawler", "--depth", "4");
        assertEquals(0, r.status(), r::toString);
        assertEquals(Set.of(
                "https://golang.org/ \"The Go Programming Language\"",
                "https://golang.org/pkg/ \"Packages\"",
                "https://golang.org/pkg/fmt/ \"Package fmt\"",
                "https://golang.org/pkg/os/ \"Package os\""), lines(r, "found: "), r::toString);
        assertEquals(Set.of("https://golang.org/cmd/"), lines(r, "not found: "), r::toString);
        // each URL fetched once: 4 found + 1 not found lines, no repeats
        assertEquals(5, r.out().lines().filter(l -> l.startsWith("found: ") || l.startsWith("not found: ")).count(),
                r::toString);
        assertTrue(r.out().contains("fetched 5 URLs: https://golang.org/ https://golang.org/cmd/ https://golang.org/pkg/ "
                + "https://golang.org/pkg/fmt/ https://golang.org/pkg/os/"), r::toString);
    }

    @Test
    void depthTwoStopsAfterTheRootsLinks() {
        Run r = Run.of("crawler", "--depth", "2");
        assertEquals(0, r.status(), r::toString);
        assertTrue(r.out().contains("fetched 3 URLs: https://golang.org/ https://golang.org/cmd/ https://golang.org/pkg/"),
                r::toString);
    }

    @Test
    void badArgumentsExitTwo() {
        Run r = Run.of("crawler", "--depth", "deep");
        assertEquals(2, r.status(), r::toString);
        assertTrue(r.err().contains("--depth must be an integer, got 'deep'"), r::toString);
        assertEquals(2, Run.of("crawler", "a", "b").status());
    }
}
