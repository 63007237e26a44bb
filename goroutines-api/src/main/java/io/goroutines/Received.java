package io.goroutines;

/**
 * The result of a receive with its {@code ok} flag: Go's {@code v, ok := <-ch}.
 *
 * <p>{@code ok} is {@code true} when {@code value} was sent on the channel (it may
 * then be {@code null}, Go's zero value), and {@code false} when the channel is
 * closed and drained, in which case {@code value} is {@code null}.
 *
 * @param <T>   the element type
 * @param value the value received, or {@code null}
 * @param ok    whether {@code value} came from a send rather than from the channel
 *              being closed
 */
public record Received<T>(T value, boolean ok) {
}
