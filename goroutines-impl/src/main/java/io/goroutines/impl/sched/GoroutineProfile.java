package io.goroutines.impl.sched;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Go's goroutine profile in its text form, {@code pprof.Lookup("goroutine").WriteTo(w, 1)}
 * (runtime/pprof's {@code writeGoroutine} with {@code debug=1}): the live goroutines
 * grouped by identical stack, most frequent first, each group with its count. Where a
 * dump of 100,000 goroutines is unreadable, the profile is a few groups:
 *
 * <pre>
 * goroutine profile: total 100003
 * 100000 @ [chan receive]
 * #	com.example.Worker.loop(Worker.java:31)
 * #	com.example.Worker.lambda$start$0(Worker.java:12)
 *
 * 2 @ [sleep]
 * ...
 * </pre>
 *
 * Go prints program counters after the {@code @}; a JVM has none to give, so the
 * group's state (its wait reason, or {@code running}/{@code runnable}) is there instead,
 * and the frames follow as {@code #\tclass.method(File.java:line)}. Stacks are sampled
 * one goroutine at a time, racily, as for the dump.
 */
public final class GoroutineProfile {

    private GoroutineProfile() {
    }

    /**
     * The profile of every live goroutine.
     *
     * @param sched the scheduler whose goroutines to profile
     * @return the profile, in Go's debug=1 text
     */
    public static String write(Sched sched) {
        Map<String, Integer> groups = new LinkedHashMap<>();
        int total = 0;
        G self = sched.currentG();
        for (G gp : sched.lifecycle().allGoroutines()) {
            StackTraceElement[] frames = gp.thread().getStackTrace();
            String state = GoroutineDump.stateOf(gp);
            if (state == null) {
                continue; // ended meanwhile
            }
            if (gp == self) {
                state = "running";
                frames = new StackTraceElement[0]; // the caller's own frames are the profiler's
            }
            StringBuilder key = new StringBuilder().append('[').append(state).append("]\n");
            for (StackTraceElement e : Traceback.userFrames(frames)) {
                key.append("#\t").append(e).append('\n');
            }
            groups.merge(key.toString(), 1, Integer::sum);
            total++;
        }
        List<Map.Entry<String, Integer>> sorted = new ArrayList<>(groups.entrySet());
        sorted.sort((a, b) -> Integer.compare(b.getValue(), a.getValue())); // stable: first seen first on ties
        StringBuilder sb = new StringBuilder("goroutine profile: total ").append(total).append('\n');
        for (Map.Entry<String, Integer> g : sorted) {
            sb.append(g.getValue()).append(" @ ").append(g.getKey()).append('\n');
        }
        return sb.toString();
    }
}
