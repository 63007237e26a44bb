package io.goroutines.impl.chan;

/**
 * The sudog of one case of a blocked select (Go's sudog with {@code isSelect == true}).
 * Owned by its {@link SelectImpl}, which reuses it for every run, once it is in no
 * queue: the waker dequeued it, or the select itself did in its pass 3.
 *
 * <h2>Fields and who guards them</h2>
 * <ul>
 *   <li>{@code prev}: the backward link in the channel's {@link WaitQ}, guarded by that
 *       channel's lock, for pass 3's removal from the middle of a queue (Go's
 *       {@code dequeueSudoG}). Kept exact whenever the sudog is queued: its predecessor
 *       only changes when that one leaves the queue, and both ways of leaving
 *       ({@link WaitQ#dequeue}, {@link WaitQ#dequeueSudoG}) update it.</li>
 *   <li>{@code sel}: set by the select before enqueueing; read-only while queued. A
 *       waker that dequeues the sudog must win {@link SelectState#casDone()}.</li>
 * </ul>
 * The inherited fields are described at {@link Sudog}.
 */
final class SelectSudog extends Sudog {

    Sudog prev;
    SelectState sel;

    /** Prepares this sudog for one wait of the current thread on {@code sel}. The select only. */
    void prepare(SelectState sel, Object elem) {
        this.thread = Thread.currentThread();
        this.sel = sel;
        this.elem = elem;
        this.success = false;
        this.next = null;
        this.prev = null;
    }

    /** Names this sudog the select's winner, which publishes its data and wakes it. */
    @Override
    void signal() {
        sel.soWinner(this);
    }

    @Override
    void clear() {
        super.clear();
        sel = null;
    }
}
