package io.goroutines.samples;

import io.goroutines.Chan;
import io.goroutines.Go;
import io.goroutines.GoRuntime;
import io.goroutines.Panic;

import java.io.PrintStream;
import java.util.Set;

/**
 * Panics, the Go way. First the server loop of Effective Go's "Recover" section:
 *
 * <pre>
 * func server(workChan &lt;-chan *Work) {
 *     for work := range workChan {
 *         go safelyDo(work)    // here: served in turn by the loop
 *     }
 * }
 * func safelyDo(work *Work) {
 *     defer func() {
 *         if err := recover(); err != nil {
 *             log.Println("work failed:", err)
 *         }
 *     }()
 *     do(work)
 * }
 * </pre>
 *
 * A request that makes the handler panic (an integer divide by zero) is recovered in
 * the deferred call, which prints the panic's trace; the loop keeps serving. Then the
 * main goroutine panics with nobody to recover: deferred calls run, {@code Go.main}
 * rethrows the panic, and the program reports it as Go does ({@code panic: ...}, the
 * goroutine's trace) on stderr with exit status 2.
 */
final class PanicDemo {

    private PanicDemo() {
    }

    /** do(work): 100 / (req - 3): request 3 panics with an ArithmeticException. */
    static int handle(int req) {
        return 100 / (req - 3);
    }

    /** safelyDo: one request in a frame of its own, whose deferred call recovers. */
    static void safelyServe(int req, PrintStream out) {
        Go.func(() -> {
            Go.defer(() -> {
                Object r = Go.recover();
                if (r != null) {
                    out.println("request " + req + " failed: " + r + " (recovered; the server keeps serving)");
                    out.print(trace(GoRuntime.stack(false), r instanceof Throwable t ? t : null));
                }
            });
            out.println("request " + req + ": 100/(" + req + "-3) = " + handle(req));
        });
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        Args.parse("panic", args, Set.of(), 0);
        // 1. A recovered panic: the server loop survives.
        Go.main(() -> {
            Chan<Integer> requests = Chan.make();
            Chan<Void> done = Chan.make();
            Go.go("server", () -> {
                Go.defer(done::close);
                for (int req : requests) {
                    safelyServe(req, out);
                }
            });
            for (int req = 1; req <= 5; req++) {
                requests.send(req);
            }
            requests.close();
            done.recv();
            out.println("server: all requests served");
        });
        out.println();
        // 2. An unrecovered panic in main: the program dies with exit status 2.
        String[] header = new String[1];
        // The runtime also reports an unrecovered panic through SLF4J (logger "io.goroutines",
        // to System.err). This program prints the report to its own err stream instead (so
        // Main.run's callers, the tests among them, see it), and mutes that logger meanwhile
        // so that the report does not show twice.
        ch.qos.logback.classic.Logger runtimeLog =
                org.slf4j.LoggerFactory.getLogger("io.goroutines") instanceof ch.qos.logback.classic.Logger l ? l : null;
        ch.qos.logback.classic.Level saved = runtimeLog == null ? null : runtimeLog.getLevel();
        if (runtimeLog != null) {
            runtimeLog.setLevel(ch.qos.logback.classic.Level.OFF);
        }
        try {
            Go.main(() -> {
                Go.defer(() -> {
                    header[0] = GoRuntime.stack(false).lines().findFirst().orElse("goroutine ? [running]:");
                    out.println("main: deferred call runs while panicking (no recover)");
                });
                out.println("main: loading the configuration...");
                loadConfig();
            });
        } catch (Panic p) {
            err.println("panic: " + p.value());
            err.println();
            err.print(trace(header[0], p));
            err.println("exit status 2");
            return 2;
        } finally {
            if (runtimeLog != null) {
                runtimeLog.setLevel(saved);
            }
        }
        return 0;
    }

    static void loadConfig() {
        throw new Panic("config: no such key \"listen\"");
    }

    /** Go's traceback shape: the goroutine header, then each sample frame and its file:line. */
    private static String trace(String stackOrHeader, Throwable t) {
        StringBuilder sb = new StringBuilder();
        String header = stackOrHeader.lines().findFirst().orElse("goroutine ? [running]:");
        sb.append(header.replaceFirst("\\[[^]]*]", "[running]")).append('\n');
        if (t != null) {
            int shown = 0;
            for (StackTraceElement e : t.getStackTrace()) {
                if (!e.getClassName().startsWith("io.goroutines.samples.")) {
                    continue;
                }
                sb.append(e.getClassName()).append('.').append(e.getMethodName()).append("(...)\n")
                        .append('\t').append(e.getFileName()).append(':').append(e.getLineNumber()).append('\n');
                if (++shown == 6) {
                    break;
                }
            }
        }
        return sb.append('\n').toString();
    }
}
