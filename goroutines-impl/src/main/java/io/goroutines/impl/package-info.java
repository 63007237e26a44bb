/**
 * The runtime's provider, found by {@link java.util.ServiceLoader} as the API's
 * {@code GoroutinesProvider}: Go's exported runtime functions (runtime/debug.go,
 * runtime/extern.go) and the {@code go}, {@code defer} and {@code recover} statements,
 * each routed to the package below that implements it.
 *
 * <p>Internal: not an API. Programs use {@code io.goroutines} (goroutines-api);
 * {@code GoroutinesRuntime} is public only for {@link java.util.ServiceLoader} (ADR 0018).
 */
package io.goroutines.impl;
