package io.goroutines.impl.trace;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Enabled;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/**
 * JFR: a scheduler decision: {@code steal} (an M took Gs from another P),
 * {@code handoff} (sysmon gave a P away from a stuck M), {@code preempt} (a goroutine
 * yielded at a safe point on sysmon's request), {@code timer} (a timer fired).
 */
// Off unless a recording asks for them (goroutines.jfc does): they are per-operation
// events, and a recording with the JDK's default or profile settings would otherwise
// take every one, with a stack trace, on the scheduler's hottest paths.
@Enabled(false)
@StackTrace(false)
@Name("io.goroutines.Sched")
@Label("Scheduler Event")
@Category({"Goroutines"})
@Description("Steal, handoff, preemption or timer firing in the goroutines scheduler")
final class SchedEvent extends jdk.jfr.Event {
    /** {@code steal}, {@code handoff}, {@code preempt} or {@code timer}. */
    @Label("Kind")
    String kind;
    /** The goroutine concerned, or 0. */
    @Label("Goroutine ID")
    long goid;
    /** The P concerned. */
    @Label("P")
    int p;
    /** A number whose meaning depends on the kind. */
    @Label("Detail")
    long detail;

    /** An event to fill in and commit; see {@link Trace}. */
    SchedEvent() {
    }
}
