package io.goroutines.impl.sched;

import io.goroutines.Panic;

import java.util.ArrayList;
import java.util.List;

/**
 * The report of an unrecovered panic, in the shape of Go's {@code printpanics} and
 * the traceback that follows it (runtime/panic.go):
 *
 * <pre>
 * panic: first
 * 	panic: replaced by a deferred call
 *
 * goroutine 7 [running]:
 * com.example.Worker.run(...)
 * 	Worker.java:12
 * </pre>
 *
 * A panic thrown by a deferred call carries the one it replaced as suppressed; the
 * chain prints oldest first, as Go's does. Java causes follow the frames.
 */
public final class PanicReport {

    private PanicReport() {
    }

    /**
     * The report for goroutine {@code gp} ended by {@code panic}.
     *
     * @param gp the goroutine the panic ended
     * @param panic what the goroutine threw
     * @return Go's {@code panic: ...} text and the goroutine's trace
     */
    public static String format(G gp, Throwable panic) {
        StringBuilder sb = new StringBuilder();
        List<Throwable> chain = new ArrayList<>();
        collect(panic, chain);
        for (int i = 0; i < chain.size(); i++) {
            sb.append(i == 0 ? "panic: " : "\tpanic: ").append(valueText(chain.get(i))).append('\n');
        }
        sb.append('\n');
        GoroutineDump.appendHeader(sb, gp, "running");
        Traceback.appendFrames(sb, panic.getStackTrace());
        Throwable cause = panic.getCause();
        for (int depth = 0; cause != null && depth < 8; depth++, cause = cause.getCause()) {
            sb.append("caused by: ").append(cause).append('\n');
            Traceback.appendFrames(sb, cause.getStackTrace());
        }
        if (gp.parentGoid() != 0) {
            sb.append("created in goroutine ").append(gp.parentGoid()).append('\n');
        }
        return sb.toString();
    }

    /** Go's {@code printpanicval}: a Panic's value, or the Java exception itself. */
    static String valueText(Throwable t) {
        if (t instanceof Panic p) {
            Object v = p.value();
            return v instanceof Throwable vt ? vt.toString() : String.valueOf(v);
        }
        return t.toString();
    }

    private static void collect(Throwable t, List<Throwable> chain) {
        for (Throwable s : t.getSuppressed()) {
            collect(s, chain);
        }
        chain.add(t);
    }
}
