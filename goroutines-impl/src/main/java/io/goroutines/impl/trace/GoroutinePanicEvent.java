package io.goroutines.impl.trace;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;

/** JFR: a goroutine's panic reached the top of its stack unrecovered. */
@Name("io.goroutines.GoroutinePanic")
@Label("Goroutine Panic")
@Category({"Goroutines"})
@Description("An unrecovered panic ended a goroutine")
public final class GoroutinePanicEvent extends jdk.jfr.Event {
    @Label("Goroutine ID")
    public long goid;
    @Label("Panic")
    public String value;
}
