package io.goroutines.impl.trace;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Enabled;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/** JFR: a goroutine was created (Go's trace event GoCreate). */
// Off unless a recording asks for them (goroutines.jfc does): they are per-operation
// events, and a recording with the JDK's default or profile settings would otherwise
// take every one, with a stack trace, on the scheduler's hottest paths.
@Enabled(false)
@StackTrace(false)
@Name("io.goroutines.GoroutineStart")
@Label("Goroutine Start")
@Category({"Goroutines"})
@Description("A goroutine was created by Go.go (or a timer's afterFunc)")
final class GoroutineStartEvent extends jdk.jfr.Event {
    /** The new goroutine. */
    @Label("Goroutine ID")
    long goid;
    /** The goroutine that started it, or 0. */
    @Label("Parent Goroutine ID")
    long parentGoid;
    /** Its name, or null. */
    @Label("Name")
    String name;

    /** An event to fill in and commit; see {@link Trace}. */
    GoroutineStartEvent() {
    }
}
