/**
 * Where the runtime's own diagnostics go (ADR 0016): SLF4J when a provider is bound,
 * standard error otherwise; Go's runtime/print.go, which writes everything on standard
 * error. The bottom of the impl packages: it uses none of them.
 *
 * <p>Internal: not an API. Programs use {@code io.goroutines} (goroutines-api); what is
 * public here is public for another impl package (ADR 0018 lists each class and why).
 */
package io.goroutines.impl.diag;
