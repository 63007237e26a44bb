package io.goroutines.impl.sched;


import java.util.concurrent.TimeUnit;

/**
 * Go's goroutine dump: {@code runtime.Stack(buf, all)} (runtime/mprof.go) and the
 * {@code goroutineheader} of runtime/traceback.go.
 *
 * <pre>
 * goroutine 7 [chan receive, 2 minutes]:
 * com.example.Worker.loop(...)
 * 	Worker.java:31
 * created in goroutine 1
 * </pre>
 *
 * The calling goroutine comes first, marked running, then the others by goid. The
 * states are read racily while the goroutines run, as Go's dump without a
 * stop-the-world would: a goroutine may change state between its header and frames.
 */
public final class GoroutineDump {

    private GoroutineDump() {
    }

    /**
     * The dump of the calling goroutine, or of all goroutines, in Go's format.
     *
     * @param sched the scheduler whose goroutines to dump
     * @param all whether to dump every goroutine
     * @return the dump
     */
    public static String stack(Sched sched, boolean all) {
        StringBuilder sb = new StringBuilder();
        G self = sched.currentG();
        if (self != null) {
            appendHeader(sb, self, "running");
        } else {
            sb.append("thread ").append(Thread.currentThread().getName()).append(" [running]:\n");
        }
        Traceback.appendFrames(sb, Thread.currentThread().getStackTrace());
        if (self != null) {
            appendCreatedBy(sb, self);
        }
        if (all) {
            for (G gp : sched.lifecycle().allGoroutines()) {
                if (gp == self) {
                    continue;
                }
                StackTraceElement[] frames = gp.thread().getStackTrace();
                String state = stateOf(gp);
                if (state == null) {
                    continue; // ended meanwhile
                }
                sb.append('\n');
                appendHeader(sb, gp, state);
                Traceback.appendFrames(sb, frames);
                appendCreatedBy(sb, gp);
            }
        }
        return sb.toString();
    }

    /** Go's header line: {@code goroutine N [state, M minutes]:}. */
    static void appendHeader(StringBuilder sb, G gp, String state) {
        sb.append("goroutine ").append(gp.goid()).append(" [").append(state);
        if (gp.waitReason() != WaitReason.ZERO) {
            long minutes = TimeUnit.NANOSECONDS.toMinutes(gp.waitedNanos());
            if (minutes >= 1) {
                sb.append(", ").append(minutes).append(minutes == 1 ? " minute" : " minutes");
            }
        }
        sb.append("]:");
        if (gp.name() != null) {
            sb.append(" ").append(gp.name());
        }
        sb.append('\n');
    }

    private static void appendCreatedBy(StringBuilder sb, G gp) {
        if (gp.parentGoid() != 0) {
            sb.append("created in goroutine ").append(gp.parentGoid()).append('\n');
        }
    }

    /**
     * The word in brackets: Go's wait reason, or running/runnable; null once dead.
     *
     * <p>The virtual thread's own state is the truth for parked or not: our
     * {@link GStatus} can lag it, because the JDK calls a goroutine's scheduler again
     * after sampling a runnable thread's stack (a duplicate submission that runs nothing),
     * so the status is only used to tell running from runnable.
     *
     * @param gp the goroutine
     * @return its state as the dump prints it, or null once it has ended
     */
    static String stateOf(G gp) {
        return switch (gp.thread().getState()) {
            case TERMINATED -> null;
            case WAITING, TIMED_WAITING, BLOCKED -> {
                WaitReason r = gp.waitReason();
                // A park that did not go through the runtime (LockSupport.park, I/O, a lock)
                yield r == WaitReason.ZERO ? WaitReason.PARKED.display() : r.display();
            }
            default -> gp.status() == GStatus.RUNNING ? GStatus.RUNNING.display() : GStatus.RUNNABLE.display();
        };
    }
}
