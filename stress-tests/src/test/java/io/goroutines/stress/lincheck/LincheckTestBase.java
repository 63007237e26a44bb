package io.goroutines.stress.lincheck;

import org.junit.jupiter.api.Test;

/**
 * The two JUnit tests of every Lincheck test class: Lincheck's stress strategy and
 * its model checking strategy on the subclass (whose {@code @Operation} methods are
 * the calls) against its sequential specification, sized by {@link LincheckMode}.
 * Lincheck makes a new instance of the subclass, through its public no-argument
 * constructor, for every run of a scenario.
 */
public abstract class LincheckTestBase {

    private final Class<?> spec;

    /** @param spec the sequential specification: a class with the same operations */
    protected LincheckTestBase(Class<?> spec) {
        this.spec = spec;
    }

    @Test
    void stress() {
        LincheckMode.checkStress(getClass(), spec);
    }

    @Test
    void modelChecking() {
        LincheckMode.checkModelChecking(getClass(), spec);
    }
}
