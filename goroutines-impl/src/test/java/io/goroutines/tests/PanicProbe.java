package io.goroutines.tests;

import io.goroutines.Chan;
import io.goroutines.Go;
import io.goroutines.Panic;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Child-JVM main of {@link UnrecoveredPanicTest}: one unrecovered panic, then what the
 * program printed after it (if it lived). Arguments:
 * <ul>
 *   <li>{@code go}: installs a default {@code UncaughtExceptionHandler} that prints
 *       {@code default handler: <value>}, then panics in a goroutine started by
 *       {@code Go.go} from the main thread (no {@code Go.main}), waits for the handler
 *       (at most 30 s) and prints {@code after the panic}.</li>
 *   <li>{@code main}: a goroutine of a {@code Go.main} panics while main waits on a
 *       channel; prints {@code Go.main threw: <value>}.</li>
 * </ul>
 */
public final class PanicProbe {

    /** The panic value of {@code go}. */
    static final String OUTSIDE = "boom outside Go.main";
    /** The panic value of {@code main}. */
    static final String INSIDE = "boom inside Go.main";

    private PanicProbe() {
    }

    public static void main(String[] args) throws Exception {
        if (args[0].equals("go")) {
            CountDownLatch handled = new CountDownLatch(1);
            Thread.setDefaultUncaughtExceptionHandler((t, e) -> {
                System.out.println("default handler: " + ((Panic) e).value());
                handled.countDown();
            });
            Go.go(PanicProbe::panicOutside);
            System.out.println(handled.await(30, TimeUnit.SECONDS) ? "after the panic" : "no handler call in 30 s");
        } else {
            try {
                Go.main(() -> {
                    Go.go(PanicProbe::panicInside);
                    Chan.make().recv(); // ends by the panic
                });
                System.out.println("Go.main returned");
            } catch (Panic p) {
                System.out.println("Go.main threw: " + p.value());
            }
        }
    }

    private static void panicOutside() {
        throw new Panic(OUTSIDE);
    }

    private static void panicInside() {
        throw new Panic(INSIDE);
    }
}
