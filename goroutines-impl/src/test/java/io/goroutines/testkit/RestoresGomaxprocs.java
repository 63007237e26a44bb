package io.goroutines.testkit;

import io.goroutines.GoRuntime;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** Base of tests that change GOMAXPROCS: each test gets back the value it started with. */
public abstract class RestoresGomaxprocs {

    private int savedProcs;

    /** For subclasses. */
    protected RestoresGomaxprocs() {
    }

    /** Saves GOMAXPROCS before each test. */
    @BeforeEach
    protected void saveGomaxprocs() {
        savedProcs = GoRuntime.gomaxprocs(0);
    }

    /** Restores the saved GOMAXPROCS after each test. */
    @AfterEach
    protected void restoreGomaxprocs() {
        GoRuntime.gomaxprocs(savedProcs);
    }
}
