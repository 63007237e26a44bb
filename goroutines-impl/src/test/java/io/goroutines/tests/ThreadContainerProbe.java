package io.goroutines.tests;

import io.goroutines.Chan;
import io.goroutines.Go;
import io.goroutines.GoRuntime;
import io.goroutines.testkit.JdkThreadDump;

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
        String found = null;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (found == null && System.nanoTime() < deadline) {
            found = JdkThreadDump.containerOf(JdkThreadDump.containers(), id);
        }
        System.out.println("container=" + found);
        never.close();
    }
}
