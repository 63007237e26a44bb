/**
 * The scheduler and what it runs: Go's runtime/proc.go and runtime2.go (G, M, P,
 * sysmon), the runtime's timers (runtime/time.go), the network poller
 * (runtime/netpoll.go), and the goroutine dump, profile and panic report
 * (runtime/traceback.go, runtime/mprof.go, {@code printpanics}).
 *
 * <p>Internal: not an API. Programs use {@code io.goroutines} (goroutines-api); what is
 * public here is public for another impl package (ADR 0018 lists each class and why).
 */
package io.goroutines.impl.sched;
