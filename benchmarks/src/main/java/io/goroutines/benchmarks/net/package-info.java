/**
 * TCP echo servers for {@code benchmarks/run-net.sh}:
 * {@link io.goroutines.benchmarks.net.EchoServer} runs one task per connection as a
 * goroutine ({@code Go.go}), a JDK virtual thread or a platform thread, each with
 * blocking {@code java.net.Socket} I/O, and keeps a mode for the coming
 * {@code io.goroutines.net}. The load comes from {@code benchmarks/src/main/go/echo_load.go};
 * Go's own server, {@code benchmarks/src/main/go/echo_server.go}, is the reference.
 */
package io.goroutines.benchmarks.net;
