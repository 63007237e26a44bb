package io.goroutines.tests;

import io.goroutines.Chan;
import io.goroutines.Go;
import io.goroutines.GoRuntime;
import io.goroutines.Select;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The shape of Go's BenchmarkChanPopular as a regression test: a thousand goroutines
 * each selecting on one shared, never-ready channel and its own channel, fed one by
 * one. It once livelocked: a select waiting for its second channel lock yielded while
 * holding the first, and the spinning goroutines, re-queued in runnext, never let the
 * holder run again. The livelock needed an unlucky interleaving (one JMH run in two
 * hit it), so this test is a stress check, not a deterministic reproduction.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ChanPopularTest {

    @Test
    void popularChannelSelectsAllComplete() throws Exception {
        int goroutines = 1000;
        int rounds = 200;
        for (int trial = 0; trial < 5; trial++) {
            Chan<Boolean> c = Chan.make(); // the popular channel: every select waits on it
            @SuppressWarnings("unchecked")
            Chan<Boolean>[] a = new Chan[goroutines];
            CountDownLatch done = new CountDownLatch(goroutines + 1);
            for (int j = 0; j < goroutines; j++) {
                Chan<Boolean> d = Chan.make();
                a[j] = d;
                Go.go(() -> {
                    Select s = Go.select().recv(c, null).recv(d, null);
                    for (int i = 0; i < rounds; i++) {
                        s.run();
                    }
                    done.countDown();
                });
            }
            Go.go(() -> {
                for (int i = 0; i < rounds; i++) {
                    for (Chan<Boolean> d : a) {
                        d.send(Boolean.TRUE);
                    }
                }
                done.countDown();
            });
            assertTrue(done.await(60, TimeUnit.SECONDS),
                    "trial " + trial + ": " + done.getCount() + " goroutines stuck; " + GoRuntime.schedStats());
        }
    }
}
