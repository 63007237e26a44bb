/**
 * {@code defer}, {@code panic}, {@code recover} and {@code Goexit} on Java's exceptions:
 * Go's runtime/panic.go, with the runtime's panic messages in one place.
 *
 * <p>Internal: not an API. Programs use {@code io.goroutines} (goroutines-api); what is
 * public here is public for another impl package (ADR 0018 lists each class and why).
 */
package io.goroutines.impl.panic;
