/**
 * Go's package {@code net} for TCP (net/tcpsock.go, net/fd_posix.go and
 * internal/poll's {@code fdMutex}) over the scheduler's network poller.
 *
 * <p>Internal: not an API. Programs use {@code io.goroutines} (goroutines-api); what is
 * public here is public for another impl package (ADR 0018 lists each class and why).
 */
package io.goroutines.impl.net;
