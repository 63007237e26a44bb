package io.goroutines.sync;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the sync types decide without a runtime: argument checks, and the missing-runtime message. */
class SyncTest {

    @Test
    void syncTypesNeedTheRuntime() {
        // goroutines-api alone has no runtime: making a sync object says which artifact is missing.
        IllegalStateException e = assertThrows(IllegalStateException.class, Mutex::new);
        assertTrue(e.getMessage().contains("io.goroutines:goroutines-impl"), e.getMessage());
        assertThrows(IllegalStateException.class, WaitGroup::new);
        assertThrows(IllegalStateException.class, RWMutex::new);
        assertThrows(IllegalStateException.class, Once::new);
        assertThrows(IllegalStateException.class, ErrGroup::new);
        assertThrows(IllegalStateException.class, () -> new Semaphore(1));
        assertThrows(IllegalStateException.class, SingleFlight::new);
        assertThrows(IllegalStateException.class, () -> Once.func(() -> { }));
        assertThrows(IllegalStateException.class, () -> Once.value(() -> 1));
        Locker noop = new Locker() {
            @Override
            public void lock() {
            }

            @Override
            public void unlock() {
            }
        };
        assertThrows(IllegalStateException.class, () -> new Cond(noop));
    }

    @Test
    void badArgumentsAreRejectedBeforeLookingForTheRuntime() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Semaphore(-1));
        assertTrue(e.getMessage().contains("must not be negative"), e.getMessage());
        assertThrows(NullPointerException.class, () -> new Cond(null));
        assertThrows(NullPointerException.class, () -> Once.func(null));
        assertThrows(NullPointerException.class, () -> Once.value(null));
    }

    @Test
    void nilParentIsRejectedFirst() {
        NullPointerException e = assertThrows(NullPointerException.class, () -> ErrGroup.withContext(null));
        assertTrue(e.getMessage().contains("nil parent"), e.getMessage());
    }
}
