package io.goroutines.tests;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.goroutines.Chan;
import io.goroutines.Go;
import io.goroutines.GoRuntime;
import io.goroutines.Received;
import io.goroutines.time.Time;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The execution tracer ({@code GoRuntime.startTrace}/{@code stopTrace}): a trace of the
 * prime sieve is strict JSON in the trace-event format, with one track per P, balanced
 * slices and flow arrows from each sender to the receiver it readied.
 */
@Timeout(120)
class ExecTraceTest {

    /** Strict: no comments, no trailing tokens, no duplicate keys, no NaN. */
    private static final ObjectMapper STRICT = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    @TempDir
    Path dir;

    @AfterEach
    void stopAnyTrace() {
        GoRuntime.stopTrace(); // a failed test must not leave the tracer on for the others
    }

    /** Go's concurrent prime sieve, ended by closing the channels; returns the primes. */
    private static List<Integer> sieve(int limit) {
        List<Integer> primes = new ArrayList<>();
        Go.main(() -> {
            Chan<Integer> src = Chan.make();
            Go.go("generate", () -> {
                for (int i = 2; i <= limit; i++) {
                    src.send(i);
                }
                src.close();
            });
            Chan<Integer> ch = src;
            for (;;) {
                Received<Integer> r = ch.recvOk();
                if (!r.ok()) {
                    break;
                }
                int prime = r.value();
                primes.add(prime);
                Chan<Integer> in = ch;
                Chan<Integer> out = Chan.make();
                Go.go("filter", () -> {
                    for (Integer x : in) {
                        if (x % prime != 0) {
                            out.send(x);
                        }
                    }
                    out.close();
                });
                ch = out;
            }
        });
        return primes;
    }

    @Test
    void primeSieveTraceHasTracksPerPBalancedSlicesAndSendToReceiveFlows() throws Exception {
        Path file = dir.resolve("sieve.json");
        int procs = GoRuntime.gomaxprocs(0);
        GoRuntime.startTrace(file);
        List<Integer> primes = sieve(1000);
        GoRuntime.stopTrace();
        assertEquals(168, primes.size(), "the sieve itself is wrong");

        JsonNode root = STRICT.readTree(file.toFile());
        JsonNode events = root.get("traceEvents");
        assertNotNull(events, "no traceEvents array");
        assertTrue(events.isArray());
        assertEquals(0, root.at("/otherData/droppedEvents").asLong(), "events were dropped");

        // One named track per P.
        Map<Integer, String> trackNames = new HashMap<>();
        for (JsonNode e : events) {
            if ("M".equals(e.get("ph").asText()) && "thread_name".equals(e.get("name").asText())) {
                trackNames.put(e.get("tid").asInt(), e.at("/args/name").asText());
            }
        }
        for (int p = 0; p < procs; p++) {
            assertEquals("P" + p, trackNames.get(p), "track of P" + p);
        }

        // Slices are balanced per track, a P runs one goroutine at a time, and every slice
        // is a goroutine of ours.
        List<Slice> slices = slices(events);
        assertFalse(slices.isEmpty(), "no slices");
        Set<Long> filterGoids = new HashSet<>();
        long generateGoid = -1;
        for (Slice s : slices) {
            if (s.name.endsWith(" filter")) {
                filterGoids.add(s.goid);
            } else if (s.name.endsWith(" generate")) {
                generateGoid = s.goid;
            }
        }
        assertEquals(primes.size(), filterGoids.size(), "a slice per filter goroutine, by name");
        assertTrue(generateGoid > 0, "no slice of the generator");

        // Flows: each id has one start and one finish; the finish is at the start of a
        // slice of the readied goroutine; the start is inside a slice of the readier.
        Map<Long, JsonNode> starts = new HashMap<>();
        Map<Long, JsonNode> finishes = new HashMap<>();
        for (JsonNode e : events) {
            String ph = e.get("ph").asText();
            if (ph.equals("s")) {
                assertTrue(starts.put(e.get("id").asLong(), e) == null, "two flow starts with one id");
            } else if (ph.equals("f")) {
                assertEquals("e", e.get("bp").asText());
                assertTrue(finishes.put(e.get("id").asLong(), e) == null, "two flow finishes with one id");
            }
        }
        assertEquals(starts.keySet(), finishes.keySet(), "unpaired flows");
        int senderToReceiver = 0;
        int creations = 0;
        for (Map.Entry<Long, JsonNode> fl : starts.entrySet()) {
            JsonNode s = fl.getValue();
            JsonNode f = finishes.get(fl.getKey());
            long from = s.at("/args/from").asLong();
            long to = s.at("/args/to").asLong();
            assertTrue(ts(s) <= ts(f), "a flow goes back in time: " + s + " -> " + f);
            Slice target = sliceStarting(slices, f.get("tid").asInt(), ts(f));
            assertNotNull(target, "flow finish not at a slice start: " + f);
            assertEquals(to, target.goid, "flow " + s + " lands in another goroutine's slice");
            if (from != 0) {
                Slice origin = sliceEnclosing(slices, s.get("tid").asInt(), ts(s));
                assertNotNull(origin, "flow start outside any slice: " + s);
                assertEquals(from, origin.goid, "flow " + s + " starts in another goroutine's slice");
            }
            boolean sieveSender = from == generateGoid || filterGoids.contains(from);
            if ("unblock".equals(s.get("name").asText()) && sieveSender && filterGoids.contains(to)) {
                senderToReceiver++;
            }
            if ("go".equals(s.get("name").asText()) && filterGoids.contains(to)) {
                creations++;
            }
        }
        // Every number sent down the pipeline is a handoff to a parked or runnable
        // receiver; most of them wake it.
        assertTrue(senderToReceiver >= primes.size(),
                "only " + senderToReceiver + " flows from a sieve sender to a filter");
        assertTrue(creations >= primes.size() / 2, "only " + creations + " go-statement flows to filters");

        // Stop reasons: blocked filters say so.
        assertTrue(slices.stream().anyMatch(s -> filterGoids.contains(s.goid)
                        && ("chan receive".equals(s.stop) || "chan send".equals(s.stop))),
                "no filter slice ended in a channel wait");
        assertTrue(slices.stream().anyMatch(s -> filterGoids.contains(s.goid) && "end".equals(s.stop)),
                "no filter slice ended with its goroutine");
    }

    @Test
    void aTimerWakeUpStartsAtARuntimeOrThreadAnchor() throws Exception {
        Path file = dir.resolve("sleep.json");
        GoRuntime.startTrace(file);
        Go.main(() -> Time.sleep(Duration.ofMillis(5)));
        GoRuntime.stopTrace();
        JsonNode events = STRICT.readTree(file.toFile()).get("traceEvents");
        List<Slice> slices = slices(events);
        boolean slept = slices.stream().anyMatch(s -> "sleep".equals(s.stop));
        assertTrue(slept, "no slice stopped for sleep");
        boolean anchored = false;
        for (JsonNode e : events) {
            if ("X".equals(e.get("ph").asText())
                    && Set.of("runtime", "thread").contains(e.get("name").asText())) {
                anchored = true;
            }
        }
        assertTrue(anchored, "the timer's wake-up has no anchor slice");
    }

    @Test
    void startingTwiceIsRefusedAndStoppingTwiceIsHarmless() {
        Path file = dir.resolve("twice.json");
        GoRuntime.startTrace(file);
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> GoRuntime.startTrace(dir.resolve("other.json")));
        assertTrue(e.getMessage().contains("tracing is already enabled"), e.getMessage());
        GoRuntime.stopTrace();
        GoRuntime.stopTrace();
        assertTrue(file.toFile().length() > 0, "the first trace was not written");
    }

    @Test
    void aFileThatCannotBeCreatedFailsAtStart() {
        Path bad = dir.resolve("no-such-dir").resolve("t.json");
        UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> GoRuntime.startTrace(bad));
        assertTrue(e.getMessage().contains(bad.toString()), e.getMessage());
        GoRuntime.startTrace(dir.resolve("after.json")); // the failure left the tracer off
        GoRuntime.stopTrace();
    }

    @Test
    void eventsBeyondTheBudgetAreDroppedAndCountedAndTheTraceStaysValid() throws Exception {
        Path file = dir.resolve("small.json");
        String old = System.getProperty("goroutines.trace.maxEvents");
        System.setProperty("goroutines.trace.maxEvents", "1");
        try {
            GoRuntime.startTrace(file); // one chunk of 4,096 events per trace
        } finally {
            if (old == null) {
                System.clearProperty("goroutines.trace.maxEvents");
            } else {
                System.setProperty("goroutines.trace.maxEvents", old);
            }
        }
        sieve(3000);
        GoRuntime.stopTrace();
        JsonNode root = STRICT.readTree(file.toFile());
        assertTrue(root.at("/otherData/droppedEvents").asLong() > 0, "nothing dropped");
        slices(root.get("traceEvents")); // still balanced
    }

    // ------------------------------------------------------------------ helpers

    private record Slice(int tid, long goid, String name, double begin, double end, String stop) {
    }

    private static double ts(JsonNode e) {
        return e.get("ts").asDouble();
    }

    /** Pairs B/E per track, checking balance and that slices on a P track never nest. */
    private static List<Slice> slices(JsonNode events) {
        List<JsonNode> be = new ArrayList<>();
        for (JsonNode e : events) {
            String ph = e.get("ph").asText();
            if (ph.equals("B") || ph.equals("E")) {
                be.add(e);
            }
        }
        be.sort(Comparator.comparingDouble(ExecTraceTest::ts)); // stable: file order on ties
        Map<Integer, JsonNode> open = new HashMap<>();
        List<Slice> out = new ArrayList<>();
        for (JsonNode e : be) {
            int tid = e.get("tid").asInt();
            if (e.get("ph").asText().equals("B")) {
                JsonNode prev = open.put(tid, e);
                assertTrue(prev == null, "nested slices on track " + tid + ": " + prev + " then " + e);
            } else {
                JsonNode b = open.remove(tid);
                assertNotNull(b, "an end without a begin on track " + tid + ": " + e);
                out.add(new Slice(tid, b.at("/args/goid").asLong(), b.get("name").asText(), ts(b), ts(e),
                        e.at("/args/stop").asText()));
            }
        }
        assertTrue(open.isEmpty(), "slices left open: " + open.values());
        return out;
    }

    private static Slice sliceStarting(List<Slice> slices, int tid, double ts) {
        for (Slice s : slices) {
            if (s.tid == tid && s.begin == ts) {
                return s;
            }
        }
        return null;
    }

    private static Slice sliceEnclosing(List<Slice> slices, int tid, double ts) {
        for (Slice s : slices) {
            if (s.tid == tid && s.begin <= ts && ts <= s.end) {
                return s;
            }
        }
        return null;
    }
}
