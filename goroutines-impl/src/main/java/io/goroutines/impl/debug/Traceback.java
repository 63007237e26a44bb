package io.goroutines.impl.debug;

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
 */
public final class Traceback {

    /** Packages whose frames are the runtime's: the API module's and the JDK's plumbing. */
    private static final Set<String> RUNTIME_PACKAGES = Set.of(
            "io.goroutines", "io.goroutines.spi", "io.goroutines.time", "io.goroutines.context",
            "io.goroutines.sync", "java.util.concurrent.locks");

    private Traceback() {
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

    /** {@code frames} without the runtime frames at both ends. */
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

    /** Appends {@code frames} in Go's format, without the runtime frames at both ends. */
    static void appendFrames(StringBuilder sb, StackTraceElement[] frames) {
        for (StackTraceElement e : userFrames(frames)) {
            sb.append(e.getClassName()).append('.').append(e.getMethodName()).append("(...)\n");
            sb.append('\t').append(e.getFileName() != null ? e.getFileName() : "?");
            if (e.getLineNumber() >= 0) {
                sb.append(':').append(e.getLineNumber());
            }
            sb.append('\n');
        }
    }
}
