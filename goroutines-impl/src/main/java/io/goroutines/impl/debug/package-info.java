/**
 * The runtime's JMX view, the MBean {@code io.goroutines:type=Runtime}: the goroutine
 * dump, the goroutine profile and the scheduler's statistics for JMX tools, as Go's
 * runtime/debug and pprof give them to a Go program.
 *
 * <p>Internal: not an API. Programs use {@code io.goroutines} (goroutines-api) or JMX;
 * the MXBean interface is public because JMX requires it, the MBean for the provider
 * that registers it (ADR 0018).
 */
package io.goroutines.impl.debug;
