package io.goroutines.samples;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(60)
class PipelineTest {

    @Test
    void consumerTakesAFewSquaresThenCancelsAndEveryStageExits() {
        Run r = Run.of("pipeline", "50", "4");
        assertEquals(0, r.status(), r::toString);
        String took = r.out().lines().filter(l -> l.startsWith("took 4 of 50 squares: ")).findFirst()
                .orElseThrow(() -> new AssertionError(r));
        Set<Integer> squares = IntStream.rangeClosed(1, 50).map(i -> i * i).boxed().collect(Collectors.toSet());
        int[] got = Arrays.stream(took.substring("took 4 of 50 squares: ".length()).split(" "))
                .mapToInt(Integer::parseInt).toArray();
        assertEquals(4, got.length, r::toString);
        assertEquals(4, Arrays.stream(got).distinct().count(), r::toString);
        assertTrue(Arrays.stream(got).allMatch(squares::contains), r::toString);
        // gen, 2 x sq, 2 merge outputs and the closer: 6 stage goroutines, all gone after cancel
        assertTrue(r.out().contains("stage goroutines: 6 while running, 0 left after cancel (all stages exited)"),
                r::toString);
    }

    @Test
    void takingEverythingDrainsThePipeline() {
        Run r = Run.of("pipeline", "5", "5");
        assertEquals(0, r.status(), r::toString);
        assertTrue(r.out().contains("sum of the squares taken: 55"), r::toString);
        assertTrue(r.out().contains("0 left after cancel"), r::toString);
    }

    @Test
    void badArgumentsExitTwo() {
        Run r = Run.of("pipeline", "3", "5");
        assertEquals(2, r.status(), r::toString);
        assertTrue(r.err().contains("TAKE (5) must not exceed COUNT (3)"), r::toString);
        assertEquals(2, Run.of("pipeline", "x").status());
    }
}
