package io.goroutines.samples;

import io.goroutines.Chan;
import io.goroutines.DeadlockError;
import io.goroutines.Go;

import java.io.PrintStream;
import java.util.Set;

/**
 * The Go program every newcomer writes once:
 *
 * <pre>
 * func main() {
 *     jobs := make(chan int)
 *     results := make(chan int)
 *     go worker(jobs, results)   // waits for jobs; main forgot to send any
 *     fmt.Println(&lt;-results)
 * }
 * </pre>
 *
 * Go's runtime notices that no goroutine can ever run again and ends the program with
 * {@code fatal error: all goroutines are asleep - deadlock!}, the goroutine dump and
 * exit status 2. Here {@code Go.main} throws {@link DeadlockError} with the same
 * message and dump; the program prints it to stderr and returns 2.
 */
final class Deadlock {

    private Deadlock() {
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        Args.parse("deadlock", args, Set.of(), 0);
        try {
            Go.main(() -> {
                Chan<Integer> jobs = Chan.make();
                Chan<Integer> results = Chan.make();
                Go.go("worker", () -> {
                    for (int j : jobs) {
                        results.send(j * j);
                    }
                });
                out.println("main: waiting for a result; nobody sends a job...");
                out.println(results.recv());
            });
        } catch (DeadlockError e) {
            err.println("fatal error: " + e.getMessage());
            err.println("exit status 2");
            return 2;
        }
        return 0;
    }
}
