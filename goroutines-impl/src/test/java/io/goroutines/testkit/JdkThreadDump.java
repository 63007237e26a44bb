package io.goroutines.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.management.HotSpotDiagnosticMXBean;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The JDK's own thread dump ({@code jcmd <pid> Thread.dump_to_file -format=json}),
 * taken in-process through {@code HotSpotDiagnosticMXBean.dumpThreads}, for tests that
 * look at which thread container lists a goroutine.
 */
public final class JdkThreadDump {

    private JdkThreadDump() {
    }

    /** The dump's {@code threadContainers} array, each with {@code container}, {@code parent} and {@code threads}. */
    public static JsonNode containers() throws IOException {
        Path dir = Files.createTempDirectory("threads");
        Path file = dir.resolve("threads.json"); // dumpThreads refuses an existing file
        try {
            ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class)
                    .dumpThreads(file.toString(), HotSpotDiagnosticMXBean.ThreadDumpFormat.JSON);
            return new ObjectMapper().readTree(file.toFile()).path("threadDump").path("threadContainers");
        } finally {
            Files.deleteIfExists(file);
            Files.delete(dir);
        }
    }

    /** The container named {@code name} in {@code containers}, or null. */
    public static JsonNode container(JsonNode containers, String name) {
        for (JsonNode c : containers) {
            if (name.equals(c.path("container").asText())) {
                return c;
            }
        }
        return null;
    }

    /** The name of the container that lists the thread {@code tid}, or null. */
    public static String containerOf(JsonNode containers, long tid) {
        for (JsonNode c : containers) {
            for (JsonNode t : c.path("threads")) {
                if (t.path("tid").asLong() == tid) {
                    return c.path("container").asText();
                }
            }
        }
        return null;
    }
}
