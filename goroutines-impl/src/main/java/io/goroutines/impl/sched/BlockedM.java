package io.goroutines.impl.sched;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;

/**
 * Whether an M is blocked where the runtime cannot unmount its goroutine: sysmon's
 * stand-in for Go's {@code _Psyscall} (runtime/proc.go: {@code entersyscall} marks the
 * P, and {@code retake} hands it off within a sysmon tick). A JVM has no such mark: a
 * virtual thread on a custom scheduler that reads a file, a FIFO or a pipe, calls
 * native code, or waits on a monitor it cannot unmount from (JDK 21 to 23) keeps its
 * carrier, which is our M. Sysmon asks the JVM instead:
 * <ul>
 *   <li>the goroutine's virtual thread is {@code BLOCKED}, {@code WAITING} or
 *       {@code TIMED_WAITING} while still mounted (pinned); or</li>
 *   <li>the M's platform thread is in native code ({@link ThreadInfo#isInNative()},
 *       which the JVM answers without a safepoint when no stack is asked for).</li>
 * </ul>
 * Sysmon only; each question costs a few microseconds, so sysmon asks at most once per
 * {@link Sysmon#BLOCKED_RECHECK_NS} per P.
 */
final class BlockedM {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private BlockedM() {
    }

    /** Whether {@code mp}, running {@code gp}, is blocked outside the runtime's reach (racy). */
    static boolean isBlocked(M mp, G gp) {
        Thread vt = gp.thread();
        Thread.State s = vt != null ? vt.getState() : Thread.State.RUNNABLE;
        if (s == Thread.State.BLOCKED || s == Thread.State.WAITING || s == Thread.State.TIMED_WAITING) {
            return mp.curg == gp; // still mounted: pinned, not parked through the runtime
        }
        ThreadInfo info = THREADS.getThreadInfo(mp.threadId());
        return info != null && info.isInNative() && mp.curg == gp;
    }
}
