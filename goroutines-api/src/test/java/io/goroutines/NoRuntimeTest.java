package io.goroutines;

import io.goroutines.spi.Providers;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * With only goroutines-api on the class path (as in this module's tests), every call
 * that needs the runtime fails with an {@link IllegalStateException} naming the
 * missing artifact, on the first call and on every later one (not a
 * {@code NoClassDefFoundError} from a failed static initializer).
 */
class NoRuntimeTest {

    private static void assertNamesImpl(IllegalStateException e) {
        assertTrue(e.getMessage().contains("io.goroutines:goroutines-impl"),
                () -> "message should name the runtime artifact: " + e.getMessage());
    }

    @Test
    void goFailsNamingTheRuntimeArtifact() {
        assertNamesImpl(assertThrows(IllegalStateException.class, () -> Go.go(() -> { })));
        // Again: the failure is not cached as a broken class.
        assertNamesImpl(assertThrows(IllegalStateException.class, () -> Go.go("named", () -> { })));
    }

    @Test
    void numGoroutineFailsNamingTheRuntimeArtifact() {
        assertNamesImpl(assertThrows(IllegalStateException.class, GoRuntime::numGoroutine));
    }

    @Test
    void everyRuntimeEntryPointFailsTheSameWay() {
        assertNamesImpl(assertThrows(IllegalStateException.class, () -> Go.main(() -> { })));
        assertNamesImpl(assertThrows(IllegalStateException.class, () -> Go.defer(() -> { })));
        assertNamesImpl(assertThrows(IllegalStateException.class, Go::recover));
        assertNamesImpl(assertThrows(IllegalStateException.class, () -> Go.func(() -> { })));
        assertNamesImpl(assertThrows(IllegalStateException.class, () -> Go.func(() -> 1)));
        assertNamesImpl(assertThrows(IllegalStateException.class, () -> GoRuntime.gomaxprocs(0)));
        assertNamesImpl(assertThrows(IllegalStateException.class, GoRuntime::numCPU));
        assertNamesImpl(assertThrows(IllegalStateException.class, GoRuntime::gosched));
        assertNamesImpl(assertThrows(IllegalStateException.class, GoRuntime::goexit));
        assertNamesImpl(assertThrows(IllegalStateException.class, () -> GoRuntime.stack(true)));
        assertNamesImpl(assertThrows(IllegalStateException.class, GoRuntime::scheduler));
        assertNamesImpl(assertThrows(IllegalStateException.class, GoRuntime::schedStats));
        assertNamesImpl(assertThrows(IllegalStateException.class, GoRuntime::threadFactory));
        assertNamesImpl(assertThrows(IllegalStateException.class, Providers::get));
    }

    @Test
    void nullBodiesAreRejectedBeforeLookingForTheRuntime() {
        assertThrows(NullPointerException.class, () -> Go.go(null));
        assertThrows(NullPointerException.class, () -> Go.go("name", null));
        assertThrows(NullPointerException.class, () -> Go.main(null));
        assertThrows(NullPointerException.class, () -> Go.defer(null));
        assertThrows(NullPointerException.class, () -> Go.func((Runnable) null));
        assertThrows(NullPointerException.class, () -> Go.func((java.util.function.Supplier<Object>) null));
    }
}
