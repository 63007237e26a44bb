package io.goroutines.tests;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.management.HotSpotDiagnosticMXBean;
import io.goroutines.Chan;
import io.goroutines.Go;
import io.goroutines.GoRuntime;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Child-JVM main of {@link GoThreadContainerTest}: parks one goroutine, dumps the JDK's
 * threads as JSON, and prints {@code scheduler=...}, then {@code container=NAME} for the
 * container that lists the goroutine's thread.
 */
public final class ThreadContainerProbe {

    private ThreadContainerProbe() {
    }

    public static void main(String[] args) throws Exception {
        System.out.println("scheduler=" + GoRuntime.scheduler());
        Chan<Long> tid = Chan.make(1);
        Chan<Integer> never = Chan.make();
        Go.go(() -> {
            tid.send(Thread.currentThread().threadId());
            never.recv();
        });
        long id = tid.recv();
        Path file = Files.createTempFile("threads", ".json");
        Files.delete(file);
        String found = null;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (found == null && System.nanoTime() < deadline) {
            ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class)
                    .dumpThreads(file.toString(), HotSpotDiagnosticMXBean.ThreadDumpFormat.JSON);
            JsonNode containers = new ObjectMapper().readTree(file.toFile()).path("threadDump").path("threadContainers");
            Files.delete(file);
            for (JsonNode c : containers) {
                for (JsonNode t : c.path("threads")) {
                    if (t.path("tid").asLong() == id) {
                        found = c.path("container").asText();
                    }
                }
            }
        }
        System.out.println("container=" + found);
        never.close();
    }
}
