package io.goroutines;

import io.goroutines.spi.NotYetImplemented;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * A {@code select} statement, built case by case and then {@linkplain #run() run}.
 *
 * <pre>{@code
 * // select {
 * // case v := <-in:        handle(v)
 * // case out <- next:
 * // case <-ctx.Done():     return
 * // default:               idle()
 * // }
 * int chosen = Go.select()
 *         .recv(in, v -> handle(v))
 *         .send(out, next, null)
 *         .recv(ctx.done(), null)
 *         .defaultCase(() -> idle())
 *         .run();
 * }</pre>
 *
 * <p>Made by {@link Go#select()}. Semantics are Go's:
 * <ul>
 *   <li>{@link #run()} waits until at least one case can proceed, then performs
 *       that one communication and runs the case's body. If several cases are
 *       ready, one is chosen uniformly at random.</li>
 *   <li>With no case ready, the {@linkplain #defaultCase(Runnable) default case}
 *       runs if there is one. There is at most one default case; adding a second
 *       throws {@link IllegalStateException}, as Go's compiler rejects it.</li>
 *   <li>A case whose channel is {@code null} never proceeds (Go's nil channel).
 *       Bodies may be {@code null}: nothing runs after the communication.</li>
 *   <li>No cases and no default: {@code run()} blocks forever (Go's
 *       {@code select {}}).</li>
 *   <li>A send case on a closed channel throws {@link Panic}
 *       {@code "send on closed channel"} when chosen.</li>
 * </ul>
 *
 * <p>A {@code Select} may be run many times (for example in a loop); each case keeps
 * the channel and, for a send, the value it was built with. A {@code Select} is not
 * meant to be built by several threads at once; once built, it may be run by one
 * thread at a time.
 */
public final class Select {

    /**
     * The body of a {@link #recvOk(RecvChan, RecvOkBody) recvOk} case: receives the
     * value and the {@code ok} flag of Go's {@code case v, ok := <-ch}.
     *
     * @param <T> the element type
     */
    @FunctionalInterface
    public interface RecvOkBody<T> {

        /**
         * Runs the case body.
         *
         * @param value the value received, or {@code null} when {@code ok} is false
         * @param ok    {@code true} if {@code value} was sent, {@code false} if the
         *              channel is closed and drained
         */
        void accept(T value, boolean ok);
    }

    /** What a case does. */
    private enum Kind { RECV, RECV_OK, SEND, DEFAULT }

    /**
     * One case as it was added. {@code channel} is a {@link RecvChan} for the
     * receive kinds, a {@link SendChan} for {@code SEND}, and {@code null} for
     * {@code DEFAULT} (or for a nil-channel case); {@code body} is a
     * {@code Consumer}, a {@code RecvOkBody} or a {@code Runnable} by kind, or
     * {@code null}.
     */
    private record Case(Kind kind, Object channel, Object value, Object body) {
    }

    /** The cases in the order added; a case's index here is what {@link #run()} returns. */
    private final List<Case> cases = new ArrayList<>();

    /** Index of the default case in {@link #cases}, or -1 while there is none. */
    private int defaultIndex = -1;

    /** Made by {@link Go#select()}. */
    Select() {
    }

    /**
     * Adds Go's {@code case v := <-ch}.
     *
     * @param <T>  the element type
     * @param ch   the channel to receive from; {@code null} makes a case that never
     *             proceeds
     * @param body runs with the value received ({@code null} once the channel is
     *             closed and drained); may be {@code null}
     * @return this {@code Select}
     */
    public <T> Select recv(RecvChan<T> ch, Consumer<? super T> body) {
        return add(new Case(Kind.RECV, ch, null, body));
    }

    /**
     * Adds Go's {@code case v, ok := <-ch}.
     *
     * @param <T>  the element type
     * @param ch   the channel to receive from; {@code null} makes a case that never
     *             proceeds
     * @param body runs with the value received and the {@code ok} flag; may be
     *             {@code null}
     * @return this {@code Select}
     */
    public <T> Select recvOk(RecvChan<T> ch, RecvOkBody<? super T> body) {
        return add(new Case(Kind.RECV_OK, ch, null, body));
    }

    /**
     * Adds Go's {@code case ch <- value}. The value is fixed now, when the case is
     * built, and is sent each time this case is chosen.
     *
     * @param <T>   the element type
     * @param ch    the channel to send on; {@code null} makes a case that never
     *              proceeds
     * @param value the value to send; may be {@code null}
     * @param body  runs after the value was sent; may be {@code null}
     * @return this {@code Select}
     */
    public <T> Select send(SendChan<T> ch, T value, Runnable body) {
        return add(new Case(Kind.SEND, ch, value, body));
    }

    /**
     * Adds Go's {@code default:} case, chosen when no other case can proceed at
     * once.
     *
     * @param body runs when the default case is chosen; may be {@code null}
     * @return this {@code Select}
     * @throws IllegalStateException if this {@code Select} already has a default case
     */
    public Select defaultCase(Runnable body) {
        if (defaultIndex >= 0) {
            throw new IllegalStateException("select has more than one default case");
        }
        defaultIndex = cases.size();
        return add(new Case(Kind.DEFAULT, null, null, body));
    }

    /**
     * Executes the select statement once: waits until a case can proceed (or takes
     * the default case when none can at once), performs its communication, runs
     * its body, and returns.
     *
     * @return the index of the chosen case, counting from 0 in the order the cases
     *         were added, the default case included
     * @throws Panic if a send case on a closed channel is chosen; also whatever the
     *               chosen body throws
     */
    public int run() {
        throw NotYetImplemented.channels();
    }

    private Select add(Case c) {
        cases.add(c);
        return this;
    }
}
