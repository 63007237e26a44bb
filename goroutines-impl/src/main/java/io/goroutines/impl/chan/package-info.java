/**
 * Channels and select: Go's runtime/chan.go and runtime/select.go, on the scheduler's
 * park and ready.
 *
 * <p>Internal: not an API. Programs use {@code io.goroutines} (goroutines-api); what is
 * public here is public for another impl package (ADR 0018 lists each class and why).
 */
package io.goroutines.impl.chan;
