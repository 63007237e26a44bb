package io.goroutines.tests;

import io.goroutines.testkit.ChildJvm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@code io.goroutines.net} on the JDK fallback ({@code -Dgoroutines.scheduler=jdk}):
 * with no M and no sysmon, the timerproc thread is the one that polls the network
 * poller. A TCP echo through it must come back, from a goroutine and from another
 * thread, and a read deadline must end a read ({@link NetFallbackProbe}; each step is
 * bounded).
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class NetFallbackTest {

    @Test
    void tcpEchoRunsOnTheJdkScheduler() throws Exception {
        ChildJvm.Result r = ChildJvm.withProvider().run(ChildJvm.opensAnd("-Dgoroutines.scheduler=jdk"),
                NetFallbackProbe.class);
        assertEquals(0, r.status(), r::toString);
        assertEquals(String.join(System.lineSeparator(), "scheduler=jdk", "goroutine echo=ok", "thread echo=ok",
                "read deadline=ok") + System.lineSeparator(), r.out(), r::toString);
    }
}
