package io.goroutines.spi;

import io.goroutines.RecvChan;
import io.goroutines.SendChan;

/**
 * The runtime side of one {@link io.goroutines.Select}: its cases' communications and
 * Go's {@code selectgo}. The API's {@code Select} keeps the case bodies and runs the
 * chosen one; this object chooses and performs the communication.
 *
 * <p>Made by {@link GoroutinesProvider#newSelect()}, one per {@code Select}. Cases are
 * added in order; a case's index is its position, default included. Not for
 * concurrent use: one {@link #run()} at a time.
 */
public interface SelectSpi {

    /**
     * Adds {@code case v := <-ch}; a {@code null} channel never proceeds.
     *
     * @param ch the channel, or null
     * @throws IllegalArgumentException when {@code ch} was not made by {@code Chan.make}
     */
    void addRecv(RecvChan<?> ch);

    /**
     * Adds {@code case ch <- value}; a {@code null} channel never proceeds.
     *
     * @param ch the channel, or null
     * @param value the value sent each time this case is chosen
     * @throws IllegalArgumentException when {@code ch} was not made by {@code Chan.make}
     */
    void addSend(SendChan<?> ch, Object value);

    /** Adds the {@code default:} case. */
    void addDefault();

    /**
     * Go's {@code selectgo}: waits until a case can proceed, performs its communication
     * and returns its index.
     *
     * @return the index of the chosen case
     */
    int run();

    /**
     * {@link #run()} that an interrupt ends: an interrupt on entry, or while it waits
     * before any case proceeded, withdraws every case and throws, with the interrupt
     * status cleared; a case that proceeded first completes, with the status set again.
     *
     * @return the index of the chosen case
     * @throws InterruptedException if interrupted before a case proceeded
     */
    int runInterruptibly() throws InterruptedException;

    /**
     * After {@link #run()} chose a receive case: the value received (null when the
     * channel was closed). Clears it.
     *
     * @return the value
     */
    Object takeReceived();

    /**
     * After {@link #run()} chose a receive case: whether a value was received (false
     * when the channel was closed and drained).
     *
     * @return Go's {@code ok}
     */
    boolean receivedOk();
}
