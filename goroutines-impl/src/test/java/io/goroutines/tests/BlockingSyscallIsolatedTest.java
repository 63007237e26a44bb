package io.goroutines.tests;

import io.goroutines.Chan;
import io.goroutines.FatalError;
import io.goroutines.Go;
import io.goroutines.GoRuntime;
import io.goroutines.SchedStats;
import io.goroutines.testkit.RestoresGomaxprocs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.FileInputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Goroutines blocked in the kernel must not stop the others: Go hands the P of a thread
 * blocked in a system call to another thread within microseconds (sysmon's retake of a
 * P in {@code _Psyscall}) and allows 10,000 threads. Here a goroutine blocked in a FIFO
 * open pins its carrier M (the virtual thread cannot unmount), so its P must be handed
 * off by sysmon ({@code Sched.handoff}, see {@code Sysmon}'s retake).
 *
 * <p>The test proves progress, not speed: with GOMAXPROCS=2, {@value #READERS}
 * goroutines (more than the 256 extra Ms sysmon may make for handoffs today) each open
 * a FIFO nobody writes to, which blocks in open(2); once every reader has reached its
 * open, a pair of goroutines must complete {@value #ROUND_TRIPS} round trips over
 * unbuffered channels, all within {@value #PROGRESS_SECONDS} s and before any FIFO is
 * written. Whatever happens, the finally block releases every reader (opens each FIFO
 * read-write, which on Linux never blocks, and writes a byte) and waits, bounded, for
 * them to return, so a failure leaves no goroutine or thread blocked.
 *
 * <p>Runs in a JVM of its own (a {@code *IsolatedTest}, see goroutines-impl/pom.xml):
 * hundreds of Ms made for the readers would otherwise stay in the JVM of the other
 * tests, and goroutines those tests left runnable would change what is measured.
 * Skipped where mkfifo(1) is not available.
 */
@Timeout(120)
class BlockingSyscallIsolatedTest extends RestoresGomaxprocs {

    static final int READERS = 300;
    static final int ROUND_TRIPS = 100;
    /** The bound on both phases: every reader in its open, then the round trips. */
    static final long PROGRESS_SECONDS = 20;
    /** The bound on the readers' return once released, and on the pair's end. */
    static final long RELEASE_SECONDS = 30;

    @Test
    void goroutinesRunWhileHundredsAreBlockedInFifoOpens(@TempDir Path dir) throws Exception {
        assumeTrue(mkfifo(dir.resolve("probe")), "mkfifo(1) is not available");
        GoRuntime.gomaxprocs(2);
        List<Path> fifos = new ArrayList<>();
        for (int i = 0; i < READERS; i++) {
            fifos.add(dir.resolve("fifo-" + i));
        }
        for (int from = 0; from < READERS; from += 100) {
            assertTrue(mkfifo(fifos.subList(from, Math.min(READERS, from + 100)).toArray(Path[]::new)), "mkfifo");
        }

        CountDownLatch entered = new CountDownLatch(READERS);
        AtomicInteger readFailures = new AtomicInteger();
        CountDownLatch readersDone = new CountDownLatch(READERS);
        AtomicInteger roundTrips = new AtomicInteger();
        CountDownLatch pairDone = new CountDownLatch(2);
        boolean pairStarted = false;
        long t0 = System.nanoTime();
        long deadline = t0 + TimeUnit.SECONDS.toNanos(PROGRESS_SECONDS);
        boolean allEntered = false;
        int enteredInTime = 0;
        boolean progressed = false;
        long enteredAfter = 0;
        long progressAfter = 0;
        String schedAtEnd = "";
        List<RandomAccessFile> writeEnds = new ArrayList<>();
        try {
            for (Path fifo : fifos) {
                Go.go(() -> {
                    try {
                        entered.countDown();
                        try (FileInputStream in = new FileInputStream(fifo.toFile())) {   // blocks until written
                            in.read();
                        }
                    } catch (IOException e) {
                        readFailures.incrementAndGet();
                    } finally {
                        readersDone.countDown();
                    }
                });
            }
            allEntered = entered.await(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            enteredInTime = READERS - (int) entered.getCount();
            enteredAfter = System.nanoTime() - t0;
            if (allEntered) {
                Chan<Integer> ping = Chan.make();
                Chan<Integer> pong = Chan.make();
                pairStarted = true;
                Go.go(() -> {
                    try {
                        for (int i = 0; i < ROUND_TRIPS; i++) {
                            pong.send(ping.recv());
                        }
                    } finally {
                        pairDone.countDown();
                    }
                });
                Go.go(() -> {
                    try {
                        for (int i = 0; i < ROUND_TRIPS; i++) {
                            ping.send(i);
                            pong.recv();
                            roundTrips.incrementAndGet();
                        }
                    } finally {
                        pairDone.countDown();
                    }
                });
                progressed = pairDone.await(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                progressAfter = System.nanoTime() - t0;
            }
            schedAtEnd = GoRuntime.schedStats().toString();
        } finally {
            // reached on a failed bound too (and on an exception or JUnit's timeout)
            release(fifos, writeEnds);
            boolean returned = readersDone.await(RELEASE_SECONDS, TimeUnit.SECONDS);
            if (returned) {
                for (RandomAccessFile w : writeEnds) {
                    w.close();
                }
            } // else: left open, so that a reader that has not opened yet still finds a writer
            for (Path fifo : fifos) {
                Files.deleteIfExists(fifo);   // a reader that has not opened yet fails instead of blocking
            }
            if (pairStarted) {
                pairDone.await(RELEASE_SECONDS, TimeUnit.SECONDS);
            }
        }

        assertTrue(allEntered, String.format("only %d of %d readers reached their FIFO open in %d s "
                        + "(GOMAXPROCS=2): the scheduler stopped running goroutines; %s",
                enteredInTime, READERS, PROGRESS_SECONDS, schedAtEnd));
        assertTrue(progressed, String.format("with %d goroutines blocked in FIFO opens (all there after %d ms), "
                        + "a ping-pong pair completed %d of %d round trips in the %d s bound; %s",
                READERS, enteredAfter / 1_000_000, roundTrips.get(), ROUND_TRIPS, PROGRESS_SECONDS, schedAtEnd));
        assertEquals(0, readFailures.get(), "readers that failed to open or read their FIFO");
        System.out.printf("BlockingSyscallIsolatedTest: %d readers in their open after %d ms, %d round trips "
                        + "done after %d ms; %s%n", READERS, enteredAfter / 1_000_000, ROUND_TRIPS,
                progressAfter / 1_000_000, schedAtEnd);
    }

    /**
     * Go's "thread exhaustion": when the Ms the blocked goroutines need would pass
     * {@link GoRuntime#setMaxThreads}, every running {@code Go.main} ends with
     * {@link FatalError} instead of hanging, and lowering the limit below what exists
     * ends no M. The limit is set to the Ms this JVM has now, and more goroutines block
     * than there are idle Ms to take their Ps.
     */
    @Test
    void goMainEndsWithThreadExhaustionPastTheThreadLimit(@TempDir Path dir) throws Exception {
        assumeTrue(mkfifo(dir.resolve("probe")), "mkfifo(1) is not available");
        GoRuntime.gomaxprocs(2);
        SchedStats before = GoRuntime.schedStats();
        int readers = before.idleThreads() + 2 * before.gomaxprocs() + 8;
        List<Path> fifos = new ArrayList<>();
        for (int i = 0; i < readers; i++) {
            fifos.add(dir.resolve("x-" + i));
        }
        for (int from = 0; from < readers; from += 100) {
            assertTrue(mkfifo(fifos.subList(from, Math.min(readers, from + 100)).toArray(Path[]::new)), "mkfifo");
        }
        CountDownLatch readersDone = new CountDownLatch(readers);
        List<RandomAccessFile> writeEnds = new ArrayList<>();
        int oldLimit = GoRuntime.setMaxThreads(Math.max(before.threads(), before.gomaxprocs()));
        try {
            FatalError e = assertThrows(FatalError.class, () -> Go.main(() -> {
                for (Path fifo : fifos) {
                    Go.go(() -> {
                        try (FileInputStream in = new FileInputStream(fifo.toFile())) {
                            in.read();
                        } catch (IOException ignored) {
                            // released by deleting the FIFO below: nothing to check here
                        } finally {
                            readersDone.countDown();
                        }
                    });
                }
                Chan.make().recv(); // main waits for the end (the fatal error ends the program)
            }));
            assertEquals("thread exhaustion", e.getMessage());
        } finally {
            GoRuntime.setMaxThreads(oldLimit);
            release(fifos, writeEnds);
            boolean returned = readersDone.await(RELEASE_SECONDS, TimeUnit.SECONDS);
            if (returned) {
                for (RandomAccessFile w : writeEnds) {
                    w.close();
                }
            }
            for (Path fifo : fifos) {
                Files.deleteIfExists(fifo);
            }
        }
        assertEquals(DEFAULT_MAX_THREADS, GoRuntime.setMaxThreads(DEFAULT_MAX_THREADS), "the limit was restored");
    }

    @Test
    void setMaxThreadsRejectsALimitBelowOne() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> GoRuntime.setMaxThreads(0));
        assertEquals("setMaxThreads(0): the thread limit must be at least 1", e.getMessage());
        assertEquals(DEFAULT_MAX_THREADS, GoRuntime.setMaxThreads(DEFAULT_MAX_THREADS), "Go's default: 10,000");
    }

    private static final int DEFAULT_MAX_THREADS = 10_000;

    /**
     * Releases every reader: opens each FIFO read-write (on Linux this does not block,
     * with or without a reader) and writes one byte; the write ends are kept in
     * {@code writeEnds}, open, so that a reader that opens later still finds a writer.
     */
    private static void release(List<Path> fifos, List<RandomAccessFile> writeEnds) {
        for (Path fifo : fifos) {
            try {
                RandomAccessFile w = new RandomAccessFile(fifo.toFile(), "rw");
                writeEnds.add(w);
                w.write(1);
            } catch (IOException e) {
                System.err.println("BlockingSyscallIsolatedTest: could not release " + fifo + ": " + e);
            }
        }
    }

    /** Runs mkfifo(1) on the paths; false when it cannot be run or fails. */
    private static boolean mkfifo(Path... paths) throws InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add("mkfifo");
        for (Path p : paths) {
            cmd.add(p.toString());
        }
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return false;
            }
            if (p.exitValue() != 0) {
                System.err.println("BlockingSyscallIsolatedTest: mkfifo: " + out.strip());
                return false;
            }
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
