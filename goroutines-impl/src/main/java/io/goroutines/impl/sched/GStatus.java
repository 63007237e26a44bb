package io.goroutines.impl.sched;

/**
 * A goroutine's scheduling state: Go's {@code _Grunnable}, {@code _Grunning},
 * {@code _Gwaiting}, {@code _Gdead} (runtime/runtime2.go).
 *
 * <p>Transitions: {@code RUNNABLE -> RUNNING} by the M that picks the G;
 * {@code RUNNING -> WAITING} by the G itself right before it parks
 * ({@link G#park}); {@code WAITING -> RUNNABLE} by whoever readies it
 * ({@link G#execute}); {@code RUNNING -> DEAD} when its body ends. Dumps read the
 * status racily; it is diagnostic only and never used to decide who owns a G.
 */
public enum GStatus {
    /** Created or readied, waiting in a run queue. */
    RUNNABLE("runnable"),
    /** Mounted on an M. */
    RUNNING("running"),
    /** Parked; {@link G#waitReason()} tells why. */
    WAITING("waiting"),
    /** Finished. */
    DEAD("dead");

    private final String display;

    GStatus(String display) {
        this.display = display;
    }

    /** {@return Go's word for the state, as in dumps} */
    String display() {
        return display;
    }
}
