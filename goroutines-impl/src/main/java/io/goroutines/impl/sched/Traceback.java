package io.goroutines.impl.sched;

import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * Formats Java stack frames the way Go's traceback prints a goroutine's frames
 * (runtime/traceback.go): one line with the function, one indented line with the
 * file and line, runtime frames elided.
 *
 * <pre>
 * com.example.Server.handle(...)
 * 	Server.java:42
 * </pre>
 *
 * <p>As Go hides {@code runtime.gopark} and friends, the frames of the runtime at the
 * top of a stack (parking, the channel code) and at its bottom (the virtual thread's
 * entry, the goroutine's root frame) are left out; frames in between are kept, so a
 * user callback invoked by the runtime still shows who called it.
 *
 * <p>A deep stack is cut as Go's traceback cuts it ({@code tracebackInnerFrames} and
 * {@code tracebackOuterFrames} of runtime/traceback.go): past
 * {@value #INNER_FRAMES} + {@value #OUTER_FRAMES} frames, the {@value #INNER_FRAMES}
 * innermost and the {@value #OUTER_FRAMES} outermost are printed with
 * {@code ...N frames elided...} between them. A stack the JVM itself cut (a trace holds
 * at most {@code -XX:MaxJavaStackTraceDepth} frames, 1024 by default, the innermost
 * ones; a {@link StackOverflowError}'s always reaches it) has lost its outermost
 * frames: it ends with Go's {@code ...additional frames elided...}.
 */
final class Traceback {

    /** Packages whose frames are the runtime's: the API module's and the JDK's plumbing. */
    private static final Set<String> RUNTIME_PACKAGES = Set.of(
            "io.goroutines", "io.goroutines.spi", "io.goroutines.time", "io.goroutines.context",
            "io.goroutines.sync", "java.util.concurrent.locks");

    /** Go's {@code tracebackInnerFrames}: the innermost frames printed of a deep stack. */
    static final int INNER_FRAMES = 50;
    /** Go's {@code tracebackOuterFrames}: the outermost frames printed of a deep stack. */
    static final int OUTER_FRAMES = 50;

    /** The JVM's {@code MaxJavaStackTraceDepth}: a trace this long was cut; 0 for no limit. */
    private static final int MAX_TRACE_DEPTH = maxTraceDepth();

    private Traceback() {
    }

    private static int maxTraceDepth() {
        try {
            com.sun.management.HotSpotDiagnosticMXBean hotspot = java.lang.management.ManagementFactory
                    .getPlatformMXBean(com.sun.management.HotSpotDiagnosticMXBean.class);
            return Integer.parseInt(hotspot.getVMOption("MaxJavaStackTraceDepth").getValue());
        } catch (RuntimeException | LinkageError e) { // not HotSpot, or no such option
            return 1024; // HotSpot's default
        }
    }

    /** Whether a frame belongs to the runtime (elided at the ends of a traceback). */
    static boolean isRuntimeFrame(StackTraceElement e) {
        String cls = e.getClassName();
        if (cls.startsWith("io.goroutines.impl.") || cls.startsWith("jdk.internal.")
                || cls.startsWith("java.lang.invoke.") || cls.equals("java.lang.VirtualThread")
                || cls.startsWith("java.lang.VirtualThread$") || cls.equals("java.lang.Thread")
                || cls.startsWith("java.lang.System$")) { // the JDK's access bridge for parking
            return true;
        }
        int dot = cls.lastIndexOf('.');
        return dot > 0 && RUNTIME_PACKAGES.contains(cls.substring(0, dot));
    }

    /**
     * {@code frames} without the runtime frames at both ends.
     *
     * @param frames a stack trace, innermost frame first
     * @return the frames between the runtime's at its top and at its bottom
     */
    static List<StackTraceElement> userFrames(StackTraceElement[] frames) {
        int from = 0;
        int to = frames.length;
        while (from < to && isRuntimeFrame(frames[from])) {
            from++;
        }
        while (to > from && isRuntimeFrame(frames[to - 1])) {
            to--;
        }
        return Arrays.asList(frames).subList(from, to);
    }

    /**
     * Appends {@code frames} in Go's format, without the runtime frames at both ends,
     * the middle of a deep stack elided and a cut one marked (see the class comment).
     */
    static void appendFrames(StringBuilder sb, StackTraceElement[] frames) {
        List<StackTraceElement> user = userFrames(frames);
        int count = user.size();
        for (int i = 0; i < count; i++) {
            if (i == INNER_FRAMES && count > INNER_FRAMES + OUTER_FRAMES) {
                int elided = count - INNER_FRAMES - OUTER_FRAMES;
                sb.append("...").append(elided).append(" frames elided...\n");
                i += elided - 1;
                continue;
            }
            StackTraceElement e = user.get(i);
            sb.append(e.getClassName()).append('.').append(e.getMethodName()).append("(...)\n");
            sb.append('\t').append(e.getFileName() != null ? e.getFileName() : "?");
            if (e.getLineNumber() >= 0) {
                sb.append(':').append(e.getLineNumber());
            }
            sb.append('\n');
        }
        if (MAX_TRACE_DEPTH > 0 && frames.length >= MAX_TRACE_DEPTH) {
            sb.append("...additional frames elided...\n");
        }
    }
}
