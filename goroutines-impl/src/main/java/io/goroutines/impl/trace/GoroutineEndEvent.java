package io.goroutines.impl.trace;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Enabled;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/** JFR: a goroutine ended (Go's trace event GoEnd). */
// Off unless a recording asks for them (goroutines.jfc does): they are per-operation
// events, and a recording with the JDK's default or profile settings would otherwise
// take every one, with a stack trace, on the scheduler's hottest paths.
@Enabled(false)
@StackTrace(false)
@Name("io.goroutines.GoroutineEnd")
@Label("Goroutine End")
@Category({"Goroutines"})
@Description("A goroutine's body returned, panicked or called goexit")
final class GoroutineEndEvent extends jdk.jfr.Event {
    /** The goroutine that ended. */
    @Label("Goroutine ID")
    long goid;

    /** An event to fill in and commit; see {@link Trace}. */
    GoroutineEndEvent() {
    }
}
