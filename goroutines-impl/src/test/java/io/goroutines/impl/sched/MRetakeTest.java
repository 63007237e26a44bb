package io.goroutines.impl.sched;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The handshake by which sysmon takes the P of an M whose G runs too long (Go's
 * {@code handoffp} of a P in {@code _Psyscall}), M's {@code pUse} word. The M object is
 * never started: the test thread plays sysmon, another thread plays the M's loop after
 * its G stopped.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class MRetakeTest {

    private static M newM() {
        return new M(Sched.get(), 9_999, null, false);
    }

    /**
     * The loop of an M whose G stops while sysmon is between claiming its P and clearing
     * {@code mp.p} must wait: it may not read its old P back and run a G on it. The
     * earlier protocol published "retaken" with the claim, and an M died with
     * {@code mp.p} null in the middle of its scheduling round.
     */
    @Test
    void reclaimWaitsWhileSysmonDetachesTheP() throws Exception {
        M mp = newM();
        P pp = new P(0);
        mp.p = pp;
        pp.m = mp;
        mp.releasePForG(); // a G runs
        assertTrue(mp.beginRetake(), "sysmon claims the P of a running G");

        AtomicReference<Object> seen = new AtomicReference<>();
        AtomicBoolean gone = new AtomicBoolean();
        Thread loop = Thread.ofPlatform().name("m-loop").start(() -> {
            gone.set(mp.reclaimP()); // the G stopped
            seen.set(mp.p == null ? "null" : mp.p);
        });
        // Deterministic: wait until the loop is inside reclaimP (or wrongly done).
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!inReclaimP(loop)) {
            if (!loop.isAlive()) {
                fail("reclaimP returned while sysmon was still detaching the P (saw " + seen.get() + ")");
            }
            if (System.nanoTime() > deadline) {
                fail("the loop thread never reached reclaimP");
            }
            Thread.onSpinWait();
        }
        pp.m = null; // sysmon detaches the P ...
        mp.p = null;
        mp.finishRetake(); // ... and only then lets the M see it
        loop.join(TimeUnit.SECONDS.toMillis(10));
        assertFalse(loop.isAlive(), "reclaimP did not return after finishRetake");
        assertTrue(gone.get(), "the loop must learn that its P is gone");
        assertSame("null", seen.get(), "the loop must see mp.p cleared");
    }

    /** Without sysmon, the loop gets its P back; a claim then fails until the next G runs. */
    @Test
    void reclaimWithoutRetakeKeepsTheP() {
        M mp = newM();
        P pp = new P(0);
        mp.p = pp;
        mp.releasePForG();
        assertFalse(mp.reclaimP());
        assertSame(pp, mp.p);
        assertFalse(mp.beginRetake(), "the loop owns the P between Gs: sysmon may not claim it");
        mp.releasePForG();
        assertTrue(mp.usePBegin(), "G code may use a free P");
        assertFalse(mp.beginRetake(), "nor while G code is using it");
        mp.usePEnd();
        assertTrue(mp.beginRetake());
        assertFalse(mp.usePBegin(), "G code may not use a P that sysmon is detaching");
        mp.finishRetake();
        assertFalse(mp.usePBegin(), "nor one it took");
        assertTrue(mp.reclaimP(), "the loop learns the P is gone");
    }

    private static boolean inReclaimP(Thread t) {
        for (StackTraceElement e : t.getStackTrace()) {
            if (e.getClassName().equals(M.class.getName()) && e.getMethodName().equals("reclaimP")) {
                return true;
            }
        }
        return false;
    }
}
