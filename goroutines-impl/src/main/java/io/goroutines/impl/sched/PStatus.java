package io.goroutines.impl.sched;

/**
 * A P's state: Go's {@code _Pidle}, {@code _Prunning}, {@code _Pdead}
 * (runtime/runtime2.go).
 */
enum PStatus {
    /** On the idle P list, its run queue empty, no M. */
    IDLE,
    /** Held by an M. */
    RUNNING,
    /** Removed by a GOMAXPROCS decrease; never used again. */
    DEAD
}
