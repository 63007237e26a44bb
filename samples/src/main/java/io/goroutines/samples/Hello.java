package io.goroutines.samples;

import io.goroutines.Go;
import io.goroutines.GoRuntime;
import io.goroutines.Panic;

/** The 15-line example of README.md, kept compiling and tested here (program {@code hello}). */
public class Hello {
    public static void main(String[] args) {
        Go.main(() -> {                        // func main(): waits, rethrows panics
            for (int i = 0; i < 3; i++) {
                int n = i;
                Go.go(() -> System.out.println("hello from goroutine " + n));
            }
            Go.func(() -> {                    // a frame with defers
                Go.defer(() -> System.out.println("recovered: " + Go.recover()));
                throw new Panic("boom");
            });
            GoRuntime.gosched();
            System.out.println(GoRuntime.stack(false));
        });
    }
}
