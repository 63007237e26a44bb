package io.goroutines.impl.trace;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;

/** JFR: a goroutine ended (Go's trace event GoEnd). */
@Name("io.goroutines.GoroutineEnd")
@Label("Goroutine End")
@Category({"Goroutines"})
@Description("A goroutine's body returned, panicked or called goexit")
public final class GoroutineEndEvent extends jdk.jfr.Event {
    @Label("Goroutine ID")
    public long goid;
}
