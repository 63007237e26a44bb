package io.goroutines.impl.context;

import io.goroutines.context.CancelContext;
import io.goroutines.context.Context;
import org.junit.jupiter.api.Test;

import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Go's TestCancelRemoves and the child-removal half of TestChildFinishesFirst: no leak. */
class CancelCtxTest {

    private static int children(Context c) {
        return ((CancelCtx) c).childCount();
    }

    @Test
    void testCancelRemoves() {
        CancelContext ctx = Context.withCancel(Context.background());
        assertEquals(0, children(ctx));
        CancelContext child = Context.withCancel(ctx);
        assertEquals(1, children(ctx));
        child.cancel();
        assertEquals(0, children(ctx), "canceling the child detaches it from its parent");

        CancelContext throughValue = Context.withCancel(Context.withValue(ctx, "k", "v"));
        assertEquals(1, children(ctx));
        throughValue.cancel();
        assertEquals(0, children(ctx));

        BooleanSupplier stop = Context.afterFunc(ctx, () -> { });
        assertEquals(1, children(ctx));
        stop.getAsBoolean();
        assertEquals(0, children(ctx), "stop detaches an AfterFunc");
    }

    @Test
    void parentCancelDropsAllChildren() {
        CancelContext ctx = Context.withCancel(Context.background());
        for (int i = 0; i < 100; i++) {
            Context.withCancel(ctx);
        }
        assertEquals(100, children(ctx));
        ctx.cancel();
        assertEquals(0, children(ctx));
    }
}
