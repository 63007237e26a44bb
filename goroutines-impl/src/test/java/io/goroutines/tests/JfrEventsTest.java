package io.goroutines.tests;

import io.goroutines.Chan;
import io.goroutines.Go;
import io.goroutines.Panic;
import io.goroutines.time.Time;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** The runtime's JFR events, read back from a recording with {@link RecordingFile}. */
@Timeout(60)
class JfrEventsTest {

    @Test
    void recordingOfASmallProgramHasTheRuntimesEvents() throws Exception {
        Path file = Files.createTempFile("goroutines-", ".jfr");
        try (Recording r = new Recording()) {
            for (String name : List.of("io.goroutines.GoroutineStart", "io.goroutines.GoroutineEnd",
                    "io.goroutines.GoroutineBlock", "io.goroutines.GoroutinePanic", "io.goroutines.Sched")) {
                r.enable(name).withoutStackTrace().withThreshold(Duration.ZERO);
            }
            r.start();
            CountDownLatch timer = new CountDownLatch(1);
            Go.main(() -> {
                Chan<Integer> c = Chan.make();
                Go.go("jfr-sender", () -> {
                    Time.sleep(Duration.ofMillis(20)); // the receiver blocks meanwhile
                    c.send(1);
                });
                c.recv();
                Time.afterFunc(Duration.ofMillis(1), timer::countDown);
                Go.func(() -> {
                    Go.defer(Go::recover);
                    throw new Panic("recovered: not reported");
                });
            });
            assertTrue(timer.await(10, TimeUnit.SECONDS));
            CountDownLatch panicked = new CountDownLatch(1);
            Go.go(() -> {
                try {
                    throw new Panic("jfr-panic");
                } finally {
                    panicked.countDown();
                }
            });
            assertTrue(panicked.await(10, TimeUnit.SECONDS));
            TimeUnit.MILLISECONDS.sleep(200); // let the panicking goroutine end
            r.stop();
            r.dump(file);
        }
        List<RecordedEvent> events = RecordingFile.readAllEvents(file);
        Files.deleteIfExists(file);
        assertTrue(has(events, "io.goroutines.GoroutineStart", e -> "jfr-sender".equals(e.getString("name"))),
                "no start event for jfr-sender");
        assertTrue(has(events, "io.goroutines.GoroutineEnd", e -> e.getLong("goid") > 0), "no end event");
        assertTrue(has(events, "io.goroutines.GoroutineBlock", e -> "chan receive".equals(e.getString("reason"))
                && e.getDuration().toMillis() >= 10), "no chan receive block of the main goroutine");
        assertTrue(has(events, "io.goroutines.GoroutineBlock", e -> "sleep".equals(e.getString("reason"))),
                "no sleep block");
        assertTrue(has(events, "io.goroutines.Sched", e -> "timer".equals(e.getString("kind"))), "no timer event");
        assertTrue(has(events, "io.goroutines.GoroutinePanic", e -> "jfr-panic".equals(e.getString("value"))),
                "no panic event");
        assertTrue(!has(events, "io.goroutines.GoroutinePanic",
                e -> "recovered: not reported".equals(e.getString("value"))), "a recovered panic was reported");
    }

    /**
     * The per-operation events are off in a recording with the JDK's own settings
     * (default or profile, as {@code -XX:StartFlightRecording} or JMH's profiler use): only
     * goroutines.jfc, or an explicit enable, turns them on.
     */
    @Test
    void aRecordingWithTheJdksSettingsTakesNoPerOperationEvents() throws Exception {
        Path file = Files.createTempFile("goroutines-", ".jfr");
        try (Recording r = new Recording(jdk.jfr.Configuration.getConfiguration("profile"))) {
            r.start();
            Go.main(() -> {
                Chan<Integer> c = Chan.make();
                Go.go("jfr-default-sender", () -> {
                    for (int i = 0; i < 100; i++) {
                        c.send(i);
                    }
                });
                for (int i = 0; i < 100; i++) {
                    c.recv();
                }
            });
            r.stop();
            r.dump(file);
        }
        List<RecordedEvent> events = RecordingFile.readAllEvents(file);
        Files.deleteIfExists(file);
        for (String type : List.of("io.goroutines.GoroutineStart", "io.goroutines.GoroutineEnd",
                "io.goroutines.GoroutineBlock", "io.goroutines.Sched")) {
            assertTrue(!has(events, type, e -> true), type + " recorded with the JDK's profile settings");
        }
        assertTrue(has(events, "jdk.CPULoad", e -> true) || !events.isEmpty(), "the recording is empty");
    }

    private static boolean has(List<RecordedEvent> events, String type, java.util.function.Predicate<RecordedEvent> p) {
        return events.stream().anyMatch(e -> e.getEventType().getName().equals(type) && p.test(e));
    }
}
