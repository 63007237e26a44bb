package io.goroutines.tests;

import io.goroutines.Chan;
import io.goroutines.Go;
import io.goroutines.GoRuntime;
import io.goroutines.Select;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Building a {@link Select}: chaining, nil channels, at most one default, one runner at a time. */
class SelectBuildTest {

    @Test
    void selectReturnsANewSelectEachTime() {
        assertNotSame(Go.select(), Go.select());
    }

    @Test
    void casesChainAndAcceptNilChannelsAndBodies() {
        Select s = Go.select();
        assertSame(s, s.recv(null, null));
        assertSame(s, s.recvOk(null, null));
        assertSame(s, s.send(null, "v", null));
        assertSame(s, s.defaultCase(null));
    }

    @Test
    void secondDefaultCaseIsRejected() {
        Select s = Go.select().defaultCase(() -> { }).recv(null, v -> { });
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> s.defaultCase(null));
        assertEquals("select has more than one default case", e.getMessage());
    }

    @Test
    void onlyNilChannelsAndADefaultRunTheDefault() {
        assertEquals(2, Go.select().recv(null, v -> { }).send(null, "v", null).defaultCase(null).run());
    }

    /**
     * A Select runs on one thread at a time: a run that starts while another thread is
     * blocked in a run of the same Select fails fast and leaves that run intact.
     */
    @Test
    @Timeout(30)
    void runWhileAnotherThreadIsRunningItFailsFast() {
        Chan<Integer> c = Chan.make();
        Chan<Integer> got = Chan.make(1);
        Select s = Go.select().recv(c, got::send);
        Go.go(s::run); // blocks: nothing is sent yet
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!GoRuntime.stack(true).contains("[select]")) {
            assertTrue(System.nanoTime() < deadline, "the goroutine never blocked in the select");
            Thread.onSpinWait();
        }
        IllegalStateException e = assertThrows(IllegalStateException.class, s::run);
        assertTrue(e.getMessage().startsWith("this Select is already running in another thread"), e.getMessage());

        c.send(7);
        assertEquals(7, got.recv()); // the first run completed, with its body
        Go.go(() -> c.send(8));
        assertEquals(0, s.run()); // and the Select runs again, on this thread
        assertEquals(8, got.recv());
    }
}
