package io.goroutines.tests;

import io.goroutines.Go;
import io.goroutines.GoRuntime;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Run in a child JVM by {@link FallbackSchedulerTest}, without
 * {@code --add-opens java.base/java.lang}: prints the scheduler in use and whether
 * goroutines, defer and recover still work on the JDK's default scheduler.
 */
public final class FallbackProbe {

    private FallbackProbe() {
    }

    public static void main(String[] args) throws Exception {
        System.out.println("scheduler=" + GoRuntime.scheduler());
        AtomicInteger ran = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(1000);
        for (int i = 0; i < 1000; i++) {
            Go.go(() -> {
                ran.incrementAndGet();
                done.countDown();
            });
        }
        System.out.println("completed=" + done.await(30, TimeUnit.SECONDS) + " ran=" + ran.get());
        Object[] recovered = new Object[1];
        Go.main(() -> Go.func(() -> {
            Go.defer(() -> recovered[0] = Go.recover());
            throw new io.goroutines.Panic("fallback panic");
        }));
        System.out.println("recovered=" + recovered[0]);
        // GoRuntime.threadFactory(): the thread registers itself as a goroutine when it
        // first runs (no start callback from the JDK's scheduler), child of its maker.
        String[] dumps = new String[2];
        Go.main(() -> {
            dumps[0] = GoRuntime.stack(false);
            Thread t = GoRuntime.threadFactory().newThread(() -> {
                Go.defer(() -> { }); // needs the goroutine's root frame
                dumps[1] = GoRuntime.stack(false);
            });
            t.start();
            try {
                if (!t.join(java.time.Duration.ofSeconds(30))) {
                    throw new IllegalStateException("factory thread did not end");
                }
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        String mainGoid = dumps[0].substring("goroutine ".length(), dumps[0].indexOf(' ', "goroutine ".length()));
        System.out.println("factory goroutine=" + (dumps[1] != null && dumps[1].startsWith("goroutine ")
                && dumps[1].contains("created in goroutine " + mainGoid + "\n")));
    }
}
