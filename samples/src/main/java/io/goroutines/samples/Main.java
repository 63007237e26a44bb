package io.goroutines.samples;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The samples' entry point: {@code java -jar goroutines-samples.jar [program] [args]}.
 * With no argument it runs {@code tour}; {@code --help} lists the programs.
 * Exit status: 0 on success, 2 on bad arguments, 1 when a program fails.
 */
public final class Main {

    /** A runnable sample program: takes its arguments, prints to {@code out}, returns an exit status. */
    @FunctionalInterface
    interface Program {
        int run(String[] args, PrintStream out) throws Exception;
    }

    /** A program that also reports to {@code err} (Go's stderr: panics, fatal errors). */
    @FunctionalInterface
    interface ProgramWithErr {
        int run(String[] args, PrintStream out, PrintStream err) throws Exception;
    }

    private record Entry(String usage, String summary, ProgramWithErr program) {
        Entry(String usage, String summary, Program program) {
            this(usage, summary, (ProgramWithErr) (args, out, err) -> program.run(args, out));
        }
    }

    private static final Map<String, Entry> PROGRAMS = new LinkedHashMap<>();

    static {
        PROGRAMS.put("tour", new Entry("tour", "a short tour: goroutines, gosched, defer/recover, dumps, channels, select, scheduler statistics",
                Tour::run));
        PROGRAMS.put("hello", new Entry("hello", "the README's example: goroutines, defer/recover, a stack dump",
                (args, out) -> {
                    if (args.length > 0) {
                        throw new IllegalArgumentException("hello takes no arguments");
                    }
                    Hello.main(args);
                    return 0;
                }));
        PROGRAMS.put("primes", new Entry("primes [N] [--trace FILE]   (N default 10; --trace writes an execution trace for ui.perfetto.dev)",
                "Go's concurrent prime sieve: a chain of filter goroutines prints the first N primes", Primes::run));
        PROGRAMS.put("pipeline", new Entry("pipeline [COUNT [TAKE]]   (defaults 100 3)",
                "Go blog 'Pipelines and cancellation': gen, sq fanned out, merge; the consumer cancels a Context",
                Pipeline::run));
        PROGRAMS.put("workers", new Entry("workers [--jobs N] [--limit L] [--fail K] [--timeout MS]   (defaults 10 3 7 2000; --fail 0: none)",
                "a worker pool: ErrGroup.withContext, setLimit, a timeout; one failing job cancels the rest",
                Workers::run));
        PROGRAMS.put("ratelimit", new Entry("ratelimit [--interval MS] [--requests N]   (defaults 20 5)",
                "Go by Example 'Rate Limiting': a Time.tick limiter, then a bursty limiter (3 pre-filled + a ticker)",
                RateLimit::run));
        PROGRAMS.put("crawler", new Entry("crawler [--depth N] [URL]   (defaults 4 https://golang.org/)",
                "the Go tour's web crawler exercise: fake fetcher, Mutex-protected visited set, WaitGroup",
                Crawler::run));
        PROGRAMS.put("deadlock", new Entry("deadlock",
                "main receives on a channel nobody sends to: 'all goroutines are asleep - deadlock!', exit 2",
                (ProgramWithErr) Deadlock::run));
        PROGRAMS.put("panic", new Entry("panic",
                "a server loop recovers a handler's panic and keeps serving; then an unrecovered panic, exit 2",
                (ProgramWithErr) PanicDemo::run));
        PROGRAMS.put("echo", new Entry("echo [-addr HOST:PORT] [-seconds S] [-dump-on-signal [-dump-signal NAME]]   "
                        + "(defaults 127.0.0.1:7000, 0 = until SIGINT/SIGTERM, USR2)\n  -dump-on-signal: SIGUSR2 "
                        + "(`kill -USR2 <pid>`; the pid is printed at start) prints the goroutine dump to stderr and "
                        + "the server keeps running",
                "Go's net.Listener example on io.goroutines.net: a TCP echo server, a goroutine per connection; "
                        + "load it from another process with echo-client",
                (ProgramWithErr) Echo::run));
        PROGRAMS.put("echo-client", new Entry("echo-client [-addr HOST:PORT] [-c N] [-duration D] [-size BYTES]   "
                        + "(defaults 127.0.0.1:7000 50 5s 64)",
                "echo's load client, run as a separate process: N connections send, await and check echoes for D; "
                        + "requests/s, p50/p99",
                (ProgramWithErr) Echo::client));
        PROGRAMS.put("proxy", new Entry("proxy -backend HOST:PORT [-listen HOST:PORT] [-idle D] [-seconds S]   "
                        + "(defaults -listen 127.0.0.1:7001 -idle 60s, 0 = until SIGINT/SIGTERM)",
                "a TCP proxy: a goroutine per direction, half close (closeWrite) passed on, an idle deadline",
                (ProgramWithErr) Proxy::run));
        PROGRAMS.put("httpd", new Entry("httpd [-addr HOST:PORT] [-idle D] [-seconds S]   "
                        + "(defaults 127.0.0.1:8080 30s, 0 = until SIGINT/SIGTERM)",
                "a minimal HTTP/1.1 keep-alive 'Hello, World!' server, a goroutine per connection; "
                        + "try wrk -t1 -c100 -d5s http://127.0.0.1:8080/",
                (ProgramWithErr) Httpd::run));
        PROGRAMS.put("jetty", new Entry("jetty [-addr HOST:PORT] [-executor goroutines|vthreads|platform] [-timeout D] "
                        + "[-seconds S]   (defaults 127.0.0.1:8080 goroutines 80ms, 0 = until SIGINT/SIGTERM)",
                "an embedded Jetty 12 whose requests run as goroutines (GoRuntime.threadFactory()); /search fans "
                        + "out to two goroutines under a Context deadline: 200, or 504 past it",
                (ProgramWithErr) Jetty::run));
    }

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs the program named by {@code args[0]} (tour when absent); returns the exit status. */
    static int run(String[] args, PrintStream out, PrintStream err) {
        String name = args.length == 0 ? "tour" : args[0];
        if (name.equals("--help") || name.equals("-h") || name.equals("help")) {
            usage(out);
            return 0;
        }
        Entry e = PROGRAMS.get(name);
        if (e == null) {
            err.println("unknown program: " + name);
            usage(err);
            return 2;
        }
        String[] rest = java.util.Arrays.copyOfRange(args, Math.min(1, args.length), args.length);
        try {
            return e.program().run(rest, out, err);
        } catch (IllegalArgumentException bad) {
            err.println(name + ": " + bad.getMessage());
            err.println("usage: " + e.usage());
            return 2;
        } catch (Exception | Error failure) {
            err.println(name + " failed: " + failure);
            return 1;
        }
    }

    private static void usage(PrintStream out) {
        out.println("usage: java -jar goroutines-samples.jar [program] [args...]   (default: tour)");
        out.println();
        out.println("programs:");
        for (Map.Entry<String, Entry> e : PROGRAMS.entrySet()) {
            out.printf("  %-12s %s%n", e.getKey(), e.getValue().summary());
        }
    }
}
