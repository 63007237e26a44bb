package io.goroutines.impl.chan;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

/**
 * WaitQ against a list model: plain sudogs (no {@code prev}) and select sudogs (with
 * one) mixed in one queue, appended, taken from the head (skipping selects already won
 * elsewhere), and removed from the middle (select's pass 3). After every step the
 * forward links must list the model in order, {@code last} must be its tail, and every
 * queued select sudog's {@code prev} must be its predecessor in the model. Single
 * threaded: the channel lock's job is not what this checks.
 */
class WaitQTest {

    private static final boolean Q = WaitQ.RECV;

    @Test
    void mixedPlainAndSelectSudogsKeepTheirLinks() {
        Random rnd = new Random(42);
        for (int run = 0; run < 200; run++) {
            HChan<Object> c = new HChan<>(0);
            List<Sudog> model = new ArrayList<>();
            Set<SelectSudog> claimed = new HashSet<>(); // their select was won by another case
            for (int step = 0; step < 200; step++) {
                int op = rnd.nextInt(10);
                if (op < 4) { // a plain send or receive blocks
                    Sudog sg = new PlainSudog(c, false, null);
                    WaitQ.enqueue(c, Q, sg);
                    model.add(sg);
                } else if (op < 7) { // a select case enqueues
                    SelectSudog sg = new SelectSudog();
                    sg.prepare(new SelectState(), null);
                    WaitQ.enqueue(c, Q, sg);
                    model.add(sg);
                } else if (op < 8) { // another case of some queued select wins elsewhere
                    SelectSudog s = randomSelect(model, rnd);
                    if (s != null && s.sel.casDone()) {
                        claimed.add(s);
                    }
                } else if (op < 9) { // a peer takes the first that can be woken
                    Sudog expected = null;
                    while (!model.isEmpty()) {
                        Sudog head = model.remove(0);
                        if (!(head instanceof SelectSudog s) || !claimed.contains(s)) {
                            expected = head;
                            break;
                        }
                    }
                    assertSame(expected, WaitQ.dequeue(c, Q), "run " + run + " step " + step);
                } else { // a select whose case won elsewhere removes its sudog (pass 3)
                    SelectSudog s = randomSelect(model, rnd);
                    if (s != null) {
                        model.remove(s);
                        WaitQ.dequeueSudoG(c, Q, s);
                        assertNull(s.prev, "a removed sudog keeps no prev");
                        assertNull(s.next, "a removed sudog keeps no next");
                    }
                }
                check(c, model, "run " + run + " step " + step);
            }
        }
    }

    /** A select sudog dequeued by a peer that lost its select, then removed by pass 3: nothing happens. */
    @Test
    void pass3OfASudogAPeerAlreadySkippedChangesNothing() {
        HChan<Object> c = new HChan<>(0);
        SelectSudog lost = new SelectSudog();
        lost.prepare(new SelectState(), null);
        Sudog plain = new PlainSudog(c, false, null);
        WaitQ.enqueue(c, Q, lost);
        WaitQ.enqueue(c, Q, plain);
        lost.sel.casDone(); // its select was won by another case
        assertSame(plain, WaitQ.dequeue(c, Q));
        Sudog later = new PlainSudog(c, false, null);
        WaitQ.enqueue(c, Q, later);
        WaitQ.dequeueSudoG(c, Q, lost);
        check(c, List.of(later), "after pass 3");
    }

    private static SelectSudog randomSelect(List<Sudog> model, Random rnd) {
        List<SelectSudog> selects = new ArrayList<>();
        for (Sudog sg : model) {
            if (sg instanceof SelectSudog s) {
                selects.add(s);
            }
        }
        return selects.isEmpty() ? null : selects.get(rnd.nextInt(selects.size()));
    }

    private static void check(HChan<Object> c, List<Sudog> model, String where) {
        List<Sudog> linked = new ArrayList<>();
        for (Sudog sg = c.recvqFirst; sg != null; sg = sg.next) {
            linked.add(sg);
        }
        assertEquals(model, linked, where + ": forward links");
        assertSame(model.isEmpty() ? null : model.get(model.size() - 1), c.recvqLast, where + ": last");
        for (int i = 0; i < model.size(); i++) {
            if (model.get(i) instanceof SelectSudog s) {
                assertSame(i == 0 ? null : model.get(i - 1), s.prev, where + ": prev of #" + i);
            }
        }
    }
}
