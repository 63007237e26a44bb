package io.goroutines.tests;

import io.goroutines.GoRuntime;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** Base of tests that change GOMAXPROCS: each test gets back the value it started with. */
abstract class RestoresGomaxprocs {

    private int savedProcs;

    @BeforeEach
    void saveGomaxprocs() {
        savedProcs = GoRuntime.gomaxprocs(0);
    }

    @AfterEach
    void restoreGomaxprocs() {
        GoRuntime.gomaxprocs(savedProcs);
    }
}
