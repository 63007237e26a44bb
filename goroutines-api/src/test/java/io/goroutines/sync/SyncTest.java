package io.goroutines.sync;

import io.goroutines.spi.NotYetImplemented;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The sync types can be made (Go's zero values are ready to use); their operations are not there yet. */
class SyncTest {

    @Test
    void constructorsSucceedAndOperationsAreNotYetImplemented() {
        String msg = NotYetImplemented.PREFIX + NotYetImplemented.SYNC;
        assertEquals(msg, assertThrows(UnsupportedOperationException.class, () -> new WaitGroup().add(1)).getMessage());
        assertEquals(msg, assertThrows(UnsupportedOperationException.class, () -> new Mutex().lock()).getMessage());
        assertEquals(msg, assertThrows(UnsupportedOperationException.class, () -> new RWMutex().rLock()).getMessage());
        assertEquals(msg, assertThrows(UnsupportedOperationException.class, () -> new Once().run(() -> { })).getMessage());
        assertEquals(msg, assertThrows(UnsupportedOperationException.class, () -> new ErrGroup().await()).getMessage());
    }

    @Test
    void nullArgumentsAreRejected() {
        assertThrows(NullPointerException.class, () -> new WaitGroup().go(null));
        assertThrows(NullPointerException.class, () -> new Once().run(null));
        assertThrows(NullPointerException.class, () -> new ErrGroup().go(null));
        assertThrows(NullPointerException.class, () -> new ErrGroup().tryGo(null));
        assertThrows(NullPointerException.class, () -> ErrGroup.withContext(null));
    }
}
