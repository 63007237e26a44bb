package io.goroutines.context;

import io.goroutines.RecvChan;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeoutException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link Context}'s constants, argument checks, and the {@code close()} defaults. */
class ContextTest {

    @Test
    void errorsHaveGoMessages() {
        assertInstanceOf(CancellationException.class, Context.CANCELED);
        assertInstanceOf(TimeoutException.class, Context.DEADLINE_EXCEEDED);
        assertEquals("context canceled", Context.CANCELED.getMessage());
        assertEquals("context deadline exceeded", Context.DEADLINE_EXCEEDED.getMessage());
    }

    @Test
    void nilParentIsRejected() {
        String msg = "cannot create context from nil parent";
        assertEquals(msg, assertThrows(NullPointerException.class, () -> Context.withCancel(null)).getMessage());
        assertEquals(msg, assertThrows(NullPointerException.class,
                () -> Context.withTimeout(null, Duration.ofSeconds(1))).getMessage());
        assertEquals(msg, assertThrows(NullPointerException.class,
                () -> Context.withDeadline(null, Instant.now())).getMessage());
        assertEquals(msg, assertThrows(NullPointerException.class,
                () -> Context.withCancelCause(null)).getMessage());
        assertEquals(msg, assertThrows(NullPointerException.class,
                () -> Context.withTimeoutCause(null, Duration.ofSeconds(1), null)).getMessage());
        assertEquals(msg, assertThrows(NullPointerException.class,
                () -> Context.withDeadlineCause(null, Instant.now(), null)).getMessage());
        assertEquals(msg, assertThrows(NullPointerException.class,
                () -> Context.withValue(null, "k", "v")).getMessage());
        assertEquals(msg, assertThrows(NullPointerException.class,
                () -> Context.withoutCancel(null)).getMessage());
    }

    @Test
    void nilKeyIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Context.withValue(new StubContext(), null, "v"));
        assertEquals("nil key", e.getMessage());
    }

    @Test
    void factoriesWithoutARuntimeNameTheImplArtifact() {
        IllegalStateException e = assertThrows(IllegalStateException.class, Context::background);
        assertTrue(e.getMessage().contains("io.goroutines:goroutines-impl"), e.getMessage());
        assertThrows(IllegalStateException.class, () -> Context.withCancel(new StubContext()));
    }

    @Test
    void closeCancels() {
        int[] calls = new int[1];
        Throwable[] causes = {new Throwable("not called")};
        class Cancel extends StubContext implements CancelContext {
            @Override
            public void cancel() {
                calls[0]++;
            }
        }
        class CancelCause extends StubContext implements CancelCauseContext {
            @Override
            public void cancel(Throwable cause) {
                causes[0] = cause;
            }
        }
        try (CancelContext ctx = new Cancel()) {
            assertEquals(0, calls[0], ctx.toString());
        }
        assertEquals(1, calls[0]);
        try (CancelCauseContext ctx = new CancelCause()) {
            assertEquals("not called", causes[0].getMessage(), ctx.toString());
        }
        assertNull(causes[0]);
    }

    /** A user implementation of {@link Context}, as Go's tests use: never canceled, no values. */
    private static class StubContext implements Context {
        @Override
        public RecvChan<Void> done() {
            return null;
        }

        @Override
        public Exception err() {
            return null;
        }

        @Override
        public Optional<Instant> deadline() {
            return Optional.empty();
        }

        @Override
        public Object value(Object key) {
            return null;
        }
    }
}
