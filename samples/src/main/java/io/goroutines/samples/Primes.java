package io.goroutines.samples;

import io.goroutines.Chan;
import io.goroutines.Go;
import io.goroutines.RecvChan;
import io.goroutines.SendChan;

import io.goroutines.GoRuntime;

import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Set;

/**
 * A port of Go's concurrent prime sieve, golang.org/doc/play/sieve.go:
 * {@code generate} sends 2, 3, 4, ... down a channel; each prime found adds a
 * {@code filter} goroutine to the chain that drops that prime's multiples.
 *
 * <pre>
 * func main() {
 *     ch := make(chan int)
 *     go Generate(ch)
 *     for i := 0; i &lt; 10; i++ {
 *         prime := &lt;-ch
 *         fmt.Println(prime)
 *         ch1 := make(chan int)
 *         go Filter(ch, ch1, prime)
 *         ch = ch1
 *     }
 * }
 * </pre>
 *
 * With {@code --trace FILE} it records an execution trace of the run
 * ({@code GoRuntime.startTrace}, Go's {@code runtime/trace}) for Perfetto.
 *
 * <p>As in Go, the chain stays behind when main is done: every goroutine blocks on its
 * next send, forever (they are daemon virtual threads, so the JVM still exits).
 */
final class Primes {

    private Primes() {
    }

    /** Send the sequence 2, 3, 4, ... to channel 'ch'. */
    static void generate(SendChan<Integer> ch) {
        for (int i = 2; ; i++) {
            ch.send(i);
        }
    }

    /** Copy the values from channel 'in' to channel 'out', removing those divisible by 'prime'. */
    static void filter(RecvChan<Integer> in, SendChan<Integer> out, int prime) {
        for (;;) {
            int i = in.recv();
            if (i % prime != 0) {
                out.send(i);
            }
        }
    }

    static int run(String[] args, PrintStream out) {
        Args a = Args.parse("primes", args, Set.of("trace"), 1);
        int n = a.positionalInt(0, "N", 10, 1, 10_000);
        Path trace = a.has("trace") ? Path.of(a.string("trace", null)) : null;
        if (trace != null) {
            try {
                GoRuntime.startTrace(trace); // Go's trace.Start
            } catch (UncheckedIOException e) {
                throw new IllegalArgumentException("--trace: " + e.getMessage(), e);
            }
        }
        try {
            sieve(n, out);
        } finally {
            if (trace != null) {
                GoRuntime.stopTrace();
                out.println("execution trace written to " + trace + ": open it at https://ui.perfetto.dev");
            }
        }
        return 0;
    }

    private static void sieve(int n, PrintStream out) {
        Go.main(() -> {
            Chan<Integer> ch = Chan.make();
            Chan<Integer> src = ch;
            Go.go("generate", () -> generate(src));
            for (int i = 0; i < n; i++) {
                int prime = ch.recv();
                out.println(prime);
                Chan<Integer> ch1 = Chan.make();
                Chan<Integer> in = ch;
                Go.go("filter " + prime, () -> filter(in, ch1, prime));
                ch = ch1;
            }
        });
    }
}
