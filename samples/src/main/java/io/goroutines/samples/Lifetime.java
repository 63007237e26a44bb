package io.goroutines.samples;

import io.goroutines.time.Time;
import io.goroutines.time.Timer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * How long the network servers ({@code echo}, {@code proxy}, {@code httpd}) run: for a
 * fixed time ({@code -seconds S}), or, with 0, until {@code SIGINT} (Ctrl-C) or
 * {@code SIGTERM}, as a Go server does with
 * {@code signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)}. Either way
 * {@code stop} runs once (it closes the listener, which ends the accept loop) and the
 * program prints its summary and exits 0.
 */
final class Lifetime implements AutoCloseable {

    private final Timer timer;
    private final List<Signal> signals = new ArrayList<>();
    private final List<SignalHandler> previous = new ArrayList<>();

    private Lifetime(Timer timer) {
        this.timer = timer;
    }

    /** Runs {@code stop} after {@code seconds}, or on SIGINT/SIGTERM when {@code seconds} is 0. */
    static Lifetime start(double seconds, Runnable stop) {
        if (seconds > 0) {
            return new Lifetime(Time.afterFunc(Duration.ofNanos((long) (seconds * 1e9)), stop));
        }
        Lifetime l = new Lifetime(null);
        for (String name : new String[] {"INT", "TERM"}) {
            Signal s = new Signal(name);
            l.previous.add(Signal.handle(s, sig -> stop.run()));
            l.signals.add(s);
        }
        return l;
    }

    /** Stops the timer, or gives the signals back to their previous handlers. */
    @Override
    public void close() {
        if (timer != null) {
            timer.stop();
        }
        for (int i = 0; i < signals.size(); i++) {
            Signal.handle(signals.get(i), previous.get(i));
        }
    }

    /** The words for the start line: how the server will end. */
    static String until(double seconds) {
        return seconds > 0 ? "for " + seconds + " s" : "until SIGINT (Ctrl-C) or SIGTERM";
    }
}
