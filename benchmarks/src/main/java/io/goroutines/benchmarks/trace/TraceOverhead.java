package io.goroutines.benchmarks.trace;

import io.goroutines.Chan;
import io.goroutines.Go;
import io.goroutines.GoRuntime;
import jdk.jfr.Configuration;
import jdk.jfr.Recording;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/*
 * What observability costs on the hottest scheduling path: a ping-pong between two
 * goroutines over two unbuffered channels (the shape of Go's BenchmarkChanSync, and of
 * the trace overhead figure Go quotes for runtime/trace), with
 *
 *   recording=off    nothing recorded (the event sites are one volatile read each);
 *   recording=trace  GoRuntime.startTrace on for the whole iteration (its JSON is
 *                    written, and deleted, after the iteration: not measured);
 *   recording=jfr    a JFR recording with the runtime's goroutines.jfc settings (every
 *                    block of any length, goroutine start/end, scheduler events).
 *
 * One round trip: A sends on ab and receives on ba, B the reverse; two parks, two
 * readies, four channel operations. Iterations are short (200 ms) so that a traced
 * iteration's events fit the trace buffer (-Dgoroutines.trace.maxEvents below); the
 * JSON of one iteration is about a quarter of a gigabyte.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-opens", "java.base/java.lang=ALL-UNNAMED", "-Xmx4g",
        "-Dgoroutines.trace.maxEvents=16777216"})
@Warmup(iterations = 5, time = 200, timeUnit = TimeUnit.MILLISECONDS)
@Measurement(iterations = 10, time = 200, timeUnit = TimeUnit.MILLISECONDS)
public class TraceOverhead {

    static final int ROUNDS = 10_000;

    @Param({"off", "trace", "jfr"})
    public String recording;

    private Path traceFile;
    private Recording jfr;

    @Setup(Level.Trial)
    public void checkScheduler() {
        if (!"gmp".equals(GoRuntime.scheduler())) {
            throw new IllegalStateException("goroutines run on the JDK's scheduler: nothing to trace");
        }
    }

    @Setup(Level.Iteration)
    public void startRecording() throws Exception {
        switch (recording) {
            case "off" -> { }
            case "trace" -> {
                traceFile = Files.createTempFile("goroutines-trace-overhead-", ".json");
                GoRuntime.startTrace(traceFile);
            }
            case "jfr" -> {
                try (InputStream in = Go.class.getClassLoader().getResourceAsStream("META-INF/goroutines.jfc")) {
                    if (in == null) {
                        throw new IllegalStateException("META-INF/goroutines.jfc is not on the class path");
                    }
                    jfr = new Recording(Configuration.create(new InputStreamReader(in, StandardCharsets.UTF_8)));
                }
                jfr.setToDisk(true);
                jfr.start();
            }
            default -> throw new IllegalArgumentException("recording must be off, trace or jfr: " + recording);
        }
    }

    @TearDown(Level.Iteration)
    public void stopRecording() throws Exception {
        if (traceFile != null) {
            GoRuntime.stopTrace();
            Files.deleteIfExists(traceFile);
            traceFile = null;
        }
        if (jfr != null) {
            jfr.stop();
            jfr.close();
            jfr = null;
        }
    }

    @Benchmark
    @OperationsPerInvocation(ROUNDS)
    public void chanPingPong() throws InterruptedException {
        Chan<Integer> ab = Chan.make();
        Chan<Integer> ba = Chan.make();
        CountDownLatch done = new CountDownLatch(1);
        Go.go(() -> {
            for (int i = 0; i < ROUNDS; i++) {
                ba.send(ab.recv());
            }
        });
        Go.go(() -> {
            Integer token = 1;
            for (int i = 0; i < ROUNDS; i++) {
                ab.send(token);
                token = ba.recv();
            }
            done.countDown();
        });
        if (!done.await(60, TimeUnit.SECONDS)) {
            throw new IllegalStateException("ping-pong hung: " + GoRuntime.schedStats());
        }
    }
}
