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
    }

    @Test
    void nilParentIsRejectedFirst() {
        NullPointerException e = assertThrows(NullPointerException.class, () -> ErrGroup.withContext(null));
        assertTrue(e.getMessage().contains("nil parent"), e.getMessage());
    }
}
