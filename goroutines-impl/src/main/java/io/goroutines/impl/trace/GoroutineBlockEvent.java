package io.goroutines.impl.trace;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Enabled;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/**
 * JFR: a goroutine was parked by the runtime, from its block to its unblock (Go's trace
 * events GoBlock* and GoUnblock), with Go's wait reason and what it waited on.
 */
// Off unless a recording asks for them (goroutines.jfc does): they are per-operation
// events, and a recording with the JDK's default or profile settings would otherwise
// take every one, with a stack trace, on the scheduler's hottest paths.
@Enabled(false)
@StackTrace(false)
@Name("io.goroutines.GoroutineBlock")
@Label("Goroutine Block")
@Category({"Goroutines"})
@Description("A goroutine parked in a channel, select, sync, sleep or context wait")
public final class GoroutineBlockEvent extends jdk.jfr.Event {
    /** The goroutine that waited. */
    @Label("Goroutine ID")
    long goid;
    /** Go's wait reason, as in dumps ({@code chan receive}, ...). */
    @Label("Wait Reason")
    String reason;
    /** What it waited on. */
    @Label("Blocker")
    @Description("What the goroutine waited on, e.g. chan#12(len=0, cap=0)")
    String blocker;

    /** An event to fill in and commit; see {@link Trace}. */
    GoroutineBlockEvent() {
    }
}
