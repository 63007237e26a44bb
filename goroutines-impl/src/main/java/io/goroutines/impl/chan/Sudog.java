package io.goroutines.impl.chan;

/**
 * One waiter on one channel: Go's {@code sudog} (runtime/runtime2.go). Go has one type
 * with an {@code isSelect} flag; here the two uses are two classes, so that the common
 * kind stays small: a {@link PlainSudog} for a blocked send or receive (every goroutine
 * parked on a channel holds one), a {@link SelectSudog} for a case of a blocked select
 * (owned and reused by its select).
 *
 * <h2>Fields and who guards them</h2>
 * <ul>
 *   <li>{@code next}: the link in the channel's {@link WaitQ}, guarded by that channel's
 *       lock. Only a select's sudog can leave a queue from its middle, so only it has a
 *       {@code prev} link ({@link SelectSudog#prev}).</li>
 *   <li>{@code elem}, {@code success}: written by the waiter before it enqueues the sudog
 *       (a sender's value), then by the one waker that dequeued it, under the channel
 *       lock; read by the waiter after the waker's volatile signal
 *       ({@link PlainSudog#isWoken()}, or the select's {@link SelectState#lvWinner()}),
 *       which publishes them.</li>
 *   <li>{@code thread}: set by the waiter before enqueueing; read-only while enqueued.</li>
 * </ul>
 */
abstract sealed class Sudog permits PlainSudog, SelectSudog {

    Thread thread;
    Object elem;
    Sudog next;
    boolean success;

    /** Readies the waiter after its data is in place; see {@link HChan#goready}. */
    abstract void signal();

    /** Forgets references once the wait is over, so a reused sudog pins nothing. */
    void clear() {
        thread = null;
        elem = null;
    }
}
