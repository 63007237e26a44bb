package io.goroutines;

import io.goroutines.spi.Providers;
import io.goroutines.spi.SelectSpi;

import java.util.Arrays;
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
 * thread at a time (build one per goroutine, as each Go goroutine has its own select
 * statement). A run that starts while another thread's run of the same {@code Select}
 * is in progress throws {@link IllegalStateException}; like
 * {@link java.util.ConcurrentModificationException}, this check is best-effort and not
 * guaranteed for runs that start at the same instant.
 *
 * <p>{@link #run()} is not interruptible, in a goroutine and in any other thread alike,
 * as Go has no interrupts: an interrupt neither ends nor shortens the wait, and the
 * thread's interrupt status is set again when it returns; Go code adds a case on a
 * {@link io.goroutines.context.Context}'s {@code done()} channel. Java code that cancels
 * by interrupt runs {@link #runInterruptibly()}, which throws
 * {@link InterruptedException}.
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
    /** What a case's body is, by index: receive, receive-ok, send or default. */
    private enum Kind { RECV, RECV_OK, SEND, DEFAULT }

    /** Chooses and performs the communications (Go's selectgo, in the runtime). */
    private final SelectSpi impl;
    /** Kind of each case, in the order added. */
    private Kind[] kinds = new Kind[4];
    /** Body of each case (Consumer, RecvOkBody, Runnable or null), in the order added. */
    private Object[] bodies = new Object[4];
    private int ncases;
    private boolean hasDefault;

    Select() {
        this.impl = Providers.get().newSelect();
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
        impl.addRecv(ch);
        return add(Kind.RECV, body);
    }

    /**
     * Adds {@code case v, ok := <-ch}.
     *
     * @param ch the channel, or {@code null} (never ready)
     * @param body runs with the value and {@code ok}; may be {@code null}
     * @param <T> the element type
     * @return this {@code Select}
     */
    public <T> Select recvOk(RecvChan<T> ch, RecvOkBody<? super T> body) {
        impl.addRecv(ch);
        return add(Kind.RECV_OK, body);
    }

    /**
     * Adds {@code case ch <- value}.
     *
     * @param ch the channel, or {@code null} (never ready)
     * @param value the value sent each time this case is chosen
     * @param body runs after the send; may be {@code null}
     * @param <T> the element type
     * @return this {@code Select}
     */
    public <T> Select send(SendChan<T> ch, T value, Runnable body) {
        impl.addSend(ch, value);
        return add(Kind.SEND, body);
    }

    /**
     * Adds the {@code default:} case, which runs when no other case is ready.
     *
     * @param body runs when chosen; may be {@code null}
     * @return this {@code Select}
     * @throws IllegalStateException when this select already has a default case
     */
    public Select defaultCase(Runnable body) {
        if (hasDefault) {
            throw new IllegalStateException("select has more than one default case");
        }
        hasDefault = true;
        impl.addDefault();
        return add(Kind.DEFAULT, body);
    }

    /**
     * Runs the select once: waits until a case can proceed (or takes the default),
     * performs its communication, runs its body, and returns its index in the order
     * the cases were added (the default case included).
     *
     * @return the index of the chosen case
     * @throws Panic {@code "send on closed channel"} when a chosen send case's channel is closed
     * @throws IllegalStateException when another thread is running this {@code Select}
     *         (best-effort; see the class comment)
     */
    public int run() {
        return runBody(impl.run());
    }

    /**
     * {@link #run()} that an interrupt ends, for Java code that cancels by interrupt;
     * otherwise the same. As Java's interruptible waits:
     * <ul>
     *   <li>if the calling thread's interrupt status is set on entry, or it is
     *       interrupted while waiting, every case is withdrawn and this throws
     *       {@link InterruptedException} with the status cleared: no communication
     *       happened and no body ran;</li>
     *   <li>if a case already proceeded when the interrupt comes (a sender handed its
     *       value, a receiver took ours, a channel was closed), that case completes and
     *       its body runs as in {@code run()}, and the interrupt status is set.</li>
     * </ul>
     * With no cases (Go's {@code select {}}), it waits for the interrupt. The same in a
     * goroutine and in any other thread.
     *
     * @return the index of the chosen case
     * @throws InterruptedException if the thread was interrupted before or while waiting
     * @throws Panic {@code "send on closed channel"} when a chosen send case's channel is closed
     * @throws IllegalStateException when another thread is running this {@code Select}
     *         (best-effort; see the class comment)
     */
    public int runInterruptibly() throws InterruptedException {
        return runBody(impl.runInterruptibly());
    }

    /** Runs case {@code i}'s body with what its communication received; returns {@code i}. */
    @SuppressWarnings("unchecked")
    private int runBody(int i) {
        Object body = bodies[i];
        switch (kinds[i]) {
            case RECV -> {
                Object v = impl.takeReceived();
                if (body != null) {
                    ((Consumer<Object>) body).accept(v);
                }
            }
            case RECV_OK -> {
                boolean ok = impl.receivedOk();
                Object v = impl.takeReceived();
                if (body != null) {
                    ((RecvOkBody<Object>) body).accept(v, ok);
                }
            }
            default -> {
                if (body != null) {
                    ((Runnable) body).run();
                }
            }
        }
        return i;
    }

    private Select add(Kind kind, Object body) {
        if (ncases == kinds.length) {
            kinds = Arrays.copyOf(kinds, ncases * 2);
            bodies = Arrays.copyOf(bodies, ncases * 2);
        }
        kinds[ncases] = kind;
        bodies[ncases] = body;
        ncases++;
        return this;
    }
}
