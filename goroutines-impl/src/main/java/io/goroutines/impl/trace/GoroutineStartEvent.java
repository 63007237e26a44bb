package io.goroutines.impl.trace;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;

/** JFR: a goroutine was created (Go's trace event GoCreate). */
@Name("io.goroutines.GoroutineStart")
@Label("Goroutine Start")
@Category({"Goroutines"})
@Description("A goroutine was created by Go.go (or a timer's afterFunc)")
public final class GoroutineStartEvent extends jdk.jfr.Event {
    @Label("Goroutine ID")
    public long goid;
    @Label("Parent Goroutine ID")
    public long parentGoid;
    @Label("Name")
    public String name;
}
