package io.goroutines.samples;

import io.goroutines.Go;
import io.goroutines.sync.Mutex;
import io.goroutines.sync.WaitGroup;

import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The Go tour's "Exercise: Web Crawler" (go.dev/tour/concurrency/10), solved the
 * usual way: fetch URLs in parallel, one goroutine per URL, without fetching the same
 * URL twice, using a {@code sync.Mutex}-protected visited set and a
 * {@code sync.WaitGroup} to wait for every crawl. The fetcher is the exercise's
 * {@code fakeFetcher}, a map of canned results.
 *
 * <pre>
 * func Crawl(url string, depth int, fetcher Fetcher, wg *sync.WaitGroup) {
 *     defer wg.Done()
 *     if depth &lt;= 0 || !visited.visit(url) { return }
 *     body, urls, err := fetcher.Fetch(url)
 *     if err != nil { fmt.Println(err); return }
 *     fmt.Printf("found: %s %q\n", url, body)
 *     for _, u := range urls { wg.Add(1); go Crawl(u, depth-1, fetcher, wg) }
 * }
 * </pre>
 */
final class Crawler {

    private Crawler() {
    }

    record FakeResult(String body, List<String> urls) {
    }

    /** The tour's fakeFetcher: a populated map of canned results. */
    static final Map<String, FakeResult> FETCHER = Map.of(
            "https://golang.org/", new FakeResult("The Go Programming Language",
                    List.of("https://golang.org/pkg/", "https://golang.org/cmd/")),
            "https://golang.org/pkg/", new FakeResult("Packages",
                    List.of("https://golang.org/", "https://golang.org/cmd/",
                            "https://golang.org/pkg/fmt/", "https://golang.org/pkg/os/")),
            "https://golang.org/pkg/fmt/", new FakeResult("Package fmt",
                    List.of("https://golang.org/", "https://golang.org/pkg/")),
            "https://golang.org/pkg/os/", new FakeResult("Package os",
                    List.of("https://golang.org/", "https://golang.org/pkg/")));

    static final class NotFound extends Exception {
        NotFound(String url) {
            super("not found: " + url);
        }
    }

    static FakeResult fetch(String url) throws NotFound {
        FakeResult r = FETCHER.get(url);
        if (r == null) {
            throw new NotFound(url);
        }
        return r;
    }

    /** The set of URLs already claimed by a crawl, safe for concurrent use. */
    static final class Visited {
        private final Mutex mu = new Mutex();
        private final Set<String> urls = new TreeSet<>();

        /** Marks url visited; returns false when some crawl got there first. */
        boolean visit(String url) {
            mu.lock();
            try {                               // defer mu.Unlock()
                return urls.add(url);
            } finally {
                mu.unlock();
            }
        }

        Set<String> snapshot() {
            mu.lock();
            try {
                return new TreeSet<>(urls);
            } finally {
                mu.unlock();
            }
        }
    }

    static void crawl(String url, int depth, Visited visited, WaitGroup wg, PrintStream out) {
        Go.defer(wg::done);
        if (depth <= 0 || !visited.visit(url)) {
            return;
        }
        FakeResult r;
        try {
            r = fetch(url);
        } catch (NotFound e) {
            out.println(e.getMessage());
            return;
        }
        out.printf("found: %s \"%s\"%n", url, r.body());
        for (String u : r.urls()) {
            wg.add(1);
            Go.go("crawl " + u, () -> crawl(u, depth - 1, visited, wg, out));
        }
    }

    static int run(String[] args, PrintStream out) {
        Args a = Args.parse("crawler", args, Set.of("depth"), 1);
        int depth = a.intFlag("depth", 4, 0, 100);
        String root = a.positional(0, "https://golang.org/");
        Visited visited = new Visited();
        Go.main(() -> {
            WaitGroup wg = new WaitGroup();
            wg.add(1);
            Go.go("crawl " + root, () -> crawl(root, depth, visited, wg, out));
            wg.await();
        });
        Set<String> fetched = visited.snapshot();
        out.println("fetched " + fetched.size() + " URLs: " + String.join(" ", fetched));
        return 0;
    }
}
