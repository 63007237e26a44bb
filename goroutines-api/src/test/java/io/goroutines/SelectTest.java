package io.goroutines;

import io.goroutines.spi.NotYetImplemented;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Building a {@link Select}: needs no runtime. */
class SelectTest {

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
    void runIsNotYetImplemented() {
        UnsupportedOperationException e =
                assertThrows(UnsupportedOperationException.class, () -> Go.select().defaultCase(null).run());
        assertEquals(NotYetImplemented.PREFIX + NotYetImplemented.CHANNELS, e.getMessage());
    }
}
