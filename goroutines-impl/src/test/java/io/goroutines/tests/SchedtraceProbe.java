package io.goroutines.tests;

import io.goroutines.Go;
import io.goroutines.GoRuntime;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Child-JVM main of {@link SchedtraceTest}, run with {@code -Dgoroutines.schedtrace=MS}:
 * keeps a goroutine busy until the runtime has written two {@code SCHED} lines on
 * stderr, then prints {@code saw 2 SCHED lines}. It watches stderr through a stream that
 * passes everything on to the real one (the runtime reads {@code System.err} at every
 * line), so it waits for the lines themselves, bounded by 30 s, not for a guessed time.
 */
public final class SchedtraceProbe {

    private SchedtraceProbe() {
    }

    public static void main(String[] args) throws Exception {
        PrintStream real = System.err;
        CountDownLatch lines = new CountDownLatch(2);
        System.setErr(new PrintStream(new OutputStream() {
            private final StringBuilder line = new StringBuilder();

            @Override
            public synchronized void write(int b) {
                real.write(b);
                if (b == '\n') {
                    if (line.toString().startsWith("SCHED ")) {
                        lines.countDown();
                    }
                    line.setLength(0);
                } else {
                    line.append((char) b);
                }
            }
        }, true, StandardCharsets.UTF_8));
        Go.go(() -> {
            while (lines.getCount() > 0) {
                GoRuntime.gosched();
            }
        });
        boolean seen = lines.await(30, TimeUnit.SECONDS);
        System.setErr(real);
        System.out.println(seen ? "saw 2 SCHED lines" : "no 2 SCHED lines in 30 s");
    }
}
