package io.goroutines.tests;

import io.goroutines.Go;
import io.goroutines.Select;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Building a {@link Select}: chaining, nil channels, at most one default. */
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
}
