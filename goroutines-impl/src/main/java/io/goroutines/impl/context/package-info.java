/**
 * Go's package {@code context} (context/context.go): the context tree, cancellation and
 * deadlines, on the channels and the time package.
 *
 * <p>Internal: not an API. Programs use {@code io.goroutines} (goroutines-api); what is
 * public here is public for another impl package (ADR 0018 lists each class and why).
 */
package io.goroutines.impl.context;
