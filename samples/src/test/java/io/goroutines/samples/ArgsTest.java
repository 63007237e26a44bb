package io.goroutines.samples;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ArgsTest {

    @Test
    void oneDashDoesAsWellAsTwoAndADashedNumberStaysPositional() {
        Args a = Args.parse("p", new String[] {"-addr", ":8080", "--c=3", "-v", "-5"}, Set.of("addr", "c"), Set.of("v"), 1);
        assertEquals(":8080", a.string("addr", null));
        assertEquals(3, a.intFlag("c", 0, 0, 10));
        assertTrue(a.isSet("v"));
        assertEquals("-5", a.positional(0, null));
    }

    @Test
    void durationsReadAsGoWritesThem() {
        assertEquals(Duration.ofMillis(500), Args.parseDuration("d", "500ms"));
        assertEquals(Duration.ofSeconds(90), Args.parseDuration("d", "1m30s"));
        assertEquals(Duration.ofMillis(1500), Args.parseDuration("d", "1.5s"));
        assertEquals(Duration.ofMillis(2500), Args.parseDuration("d", "2.5"));
        assertEquals(Duration.ofHours(2), Args.parseDuration("d", "2h"));
        for (String bad : new String[] {"", "s", "5x", "1m30", "-1s", "1 s"}) {
            assertThrows(IllegalArgumentException.class, () -> Args.parseDuration("d", bad), bad);
        }
    }
}
