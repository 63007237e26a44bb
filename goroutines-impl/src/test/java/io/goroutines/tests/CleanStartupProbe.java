package io.goroutines.tests;

import io.goroutines.Chan;
import io.goroutines.Go;
import io.goroutines.GoRuntime;
import io.goroutines.time.Time;
import io.goroutines.time.Timer;

import java.time.Duration;

/**
 * Child-JVM main of {@link CleanStartupTest}: a tiny Go program that starts every part
 * of the runtime a first program touches (the scheduler and its Ms, sysmon, a
 * goroutine, an unbuffered channel, a timer, a select) and prints one line,
 * {@link #EXPECTED}, on stdout. Nothing else may be printed, on either stream.
 */
public final class CleanStartupProbe {

    /** The probe's only output line, when all went as planned. */
    static final String EXPECTED = "hello from a goroutine, before the timer; scheduler=gmp";

    private CleanStartupProbe() {
    }

    public static void main(String[] args) {
        Go.main(() -> {
            Chan<String> greetings = Chan.make();
            Go.go(() -> greetings.send("hello from a goroutine"));
            Timer late = Time.newTimer(Duration.ofSeconds(30));
            String[] got = new String[1];
            Go.select()
                    .recv(greetings, s -> got[0] = s + ", before the timer")
                    .recv(late.c(), t -> got[0] = "the timer fired first")
                    .run();
            late.stop();
            System.out.println(got[0] + "; scheduler=" + GoRuntime.scheduler());
        });
    }
}
