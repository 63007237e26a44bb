package io.goroutines.impl.trace;

/**
 * The runtime's JFR emitting sites, one method each, so that the scheduler's code stays
 * a one-line call. Each builds its event only when a recording enables it
 * ({@code isEnabled()}, folded by the JIT when none does).
 */
public final class Trace {

    private Trace() {
    }

    /**
     * A goroutine was created.
     *
     * @param goid the new goroutine
     * @param parentGoid the goroutine that created it, or 0
     * @param name its name, or null
     */
    public static void goStart(long goid, long parentGoid, String name) {
        GoroutineStartEvent e = new GoroutineStartEvent();
        if (e.isEnabled()) {
            e.goid = goid;
            e.parentGoid = parentGoid;
            e.name = name;
            e.commit();
        }
    }

    /**
     * A goroutine ended.
     *
     * @param goid the goroutine
     */
    public static void goEnd(long goid) {
        GoroutineEndEvent e = new GoroutineEndEvent();
        if (e.isEnabled()) {
            e.goid = goid;
            e.commit();
        }
    }

    /** {@return whether a recording takes GoroutineBlock events (the JIT folds it when none does)} */
    public static boolean blockEnabled() {
        return new GoroutineBlockEvent().isEnabled();
    }

    /** {@return a block event begun now, or null when disabled; end it with {@link #unblock}} */
    public static GoroutineBlockEvent block() {
        GoroutineBlockEvent e = new GoroutineBlockEvent();
        if (!e.isEnabled()) {
            return null;
        }
        e.begin();
        return e;
    }

    /**
     * Ends and commits a block event begun by {@link #block}.
     *
     * @param e the event
     * @param goid the goroutine that waited
     * @param reason the wait reason's display string
     * @param blocker what it waited on, or null
     */
    public static void unblock(GoroutineBlockEvent e, long goid, String reason, Object blocker) {
        e.end();
        if (e.shouldCommit()) {
            e.goid = goid;
            e.reason = reason;
            e.blocker = blocker == null ? null : blocker.toString();
            e.commit();
        }
    }

    /**
     * A scheduler event.
     *
     * @param kind steal, handoff, preempt or timer
     * @param goid the goroutine concerned, or 0
     * @param p the P concerned
     * @param detail a number whose meaning depends on {@code kind}
     */
    public static void sched(String kind, long goid, int p, long detail) {
        SchedEvent e = new SchedEvent();
        if (e.isEnabled()) {
            e.kind = kind;
            e.goid = goid;
            e.p = p;
            e.detail = detail;
            e.commit();
        }
    }

    /**
     * An unrecovered panic ended a goroutine.
     *
     * @param goid the goroutine
     * @param value the panic's value
     */
    public static void panic(long goid, Object value) {
        GoroutinePanicEvent e = new GoroutinePanicEvent();
        if (e.isEnabled()) {
            e.goid = goid;
            e.value = String.valueOf(value);
            e.commit();
        }
    }
}
