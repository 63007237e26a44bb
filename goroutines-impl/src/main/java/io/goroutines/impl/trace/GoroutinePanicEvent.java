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
final class GoroutinePanicEvent extends jdk.jfr.Event {
    /** The goroutine the panic ended. */
    @Label("Goroutine ID")
    long goid;
    /** The panic's value, as text. */
    @Label("Panic")
    String value;

    /** An event to fill in and commit; see {@link Trace}. */
    GoroutinePanicEvent() {
    }
}
