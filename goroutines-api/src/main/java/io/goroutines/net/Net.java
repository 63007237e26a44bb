package io.goroutines.net;

import io.goroutines.context.Context;
import io.goroutines.spi.Durations;
import io.goroutines.spi.Providers;

import java.io.IOException;
import java.time.Duration;
import java.util.Objects;

/**
 * Go's package {@code net} for TCP: {@link #listen} ({@code net.Listen}) and
 * {@link #dial} ({@code net.Dial}) with its timeout and context variants.
 *
 * <p><b>Networks</b> are {@code "tcp"} (IPv4 or IPv6), {@code "tcp4"} and
 * {@code "tcp6"}. Any other name fails with an {@link IOException} whose message is
 * Go's, for example {@code "listen tcpx: unknown network tcpx"}.
 *
 * <p><b>Addresses</b> are {@code host:port}, as Go's {@code net.SplitHostPort} reads
 * them: {@code "127.0.0.1:8080"}, {@code "localhost:8080"}, {@code "[::1]:8080"},
 * {@code ":8080"} (for {@code listen}: every interface; for {@code dial}: the local
 * system). Port 0 makes {@code listen} pick a free port (read it back with
 * {@link Listener#addr()}). The port is a decimal number from 0 to 65535. A malformed
 * address fails with Go's message, for example
 * {@code "listen tcp: address 1234: missing port in address"}, and so does a host name
 * that does not resolve ({@code "dial tcp: lookup nosuch.invalid: no such host"}).
 *
 * <p><b>Errors</b> read as Go's {@code net.OpError} prints them:
 * {@code "dial tcp 127.0.0.1:1: connect: connection refused"} (a
 * {@link java.net.ConnectException}), {@code "listen tcp 127.0.0.1:80: bind: address
 * already in use"} (a {@link java.net.BindException}), {@code "read tcp
 * 127.0.0.1:8080->127.0.0.1:5555: i/o timeout"} (a {@link DeadlineExceededException}),
 * {@code "accept tcp [::]:8080: use of closed network connection"} (a
 * {@link NetClosedException}).
 *
 * <p><b>Blocking.</b> A goroutine blocked in {@code dial}, {@link Listener#accept()},
 * {@link Conn#read} or {@link Conn#write} parks on the runtime's network poller (wait
 * reason {@code IO wait} in goroutine dumps) and does not hold a carrier thread. Any
 * other thread (a platform thread, a virtual thread that is not a goroutine) may make
 * the same calls: it blocks until the operation can proceed.
 */
public final class Net {

    private Net() {
    }

    /**
     * Go's {@code net.Listen(network, address)}: a TCP listener bound to
     * {@code address}, with {@code SO_REUSEADDR} set (as Go sets it), so that the
     * address can be listened on again as soon as the listener is closed.
     *
     * @param network {@code "tcp"}, {@code "tcp4"} or {@code "tcp6"}
     * @param address {@code host:port}; an empty host listens on every interface
     * @return the listener, already listening
     * @throws java.net.BindException when the address is in use or not local
     * @throws IOException for an unknown network or a malformed or unresolvable
     *                     address, with Go's message
     * @throws NullPointerException if an argument is {@code null}
     */
    public static Listener listen(String network, String address) throws IOException {
        Objects.requireNonNull(network, "network must not be null");
        Objects.requireNonNull(address, "address must not be null");
        return Providers.get().net().listen(network, address);
    }

    /**
     * Go's {@code net.Dial(network, address)}: connects to {@code address}. When the
     * host resolves to several addresses they are tried in turn, IPv4 first, and the
     * first error is reported if none connects.
     *
     * @param network {@code "tcp"}, {@code "tcp4"} or {@code "tcp6"}
     * @param address {@code host:port}; an empty host means the local system
     * @return the connection
     * @throws java.net.ConnectException when the peer refuses the connection
     * @throws IOException for an unknown network, a malformed or unresolvable address
     *                     or any other failure, with Go's message
     * @throws NullPointerException if an argument is {@code null}
     */
    public static Conn dial(String network, String address) throws IOException {
        Objects.requireNonNull(network, "network must not be null");
        Objects.requireNonNull(address, "address must not be null");
        return Providers.get().net().dial(network, address, 0, null);
    }

    /**
     * Go's {@code net.DialTimeout(network, address, timeout)}: {@link #dial} that gives
     * up after {@code timeout}, name resolution and every address tried included. As
     * in Go, a zero timeout means no timeout; a negative one is already spent.
     *
     * @param network {@code "tcp"}, {@code "tcp4"} or {@code "tcp6"}
     * @param address {@code host:port}
     * @param timeout how long connecting may take; zero: no limit
     * @return the connection
     * @throws DeadlineExceededException when the timeout passes first (or has already
     *                                   passed): {@code "dial tcp 10.0.0.1:80: i/o timeout"}
     * @throws IOException as {@link #dial}
     * @throws NullPointerException if an argument is {@code null}
     */
    public static Conn dialTimeout(String network, String address, Duration timeout) throws IOException {
        Objects.requireNonNull(network, "network must not be null");
        Objects.requireNonNull(address, "address must not be null");
        long ns = Durations.nanos(timeout);
        return Providers.get().net().dial(network, address, ns, null);
    }

    /**
     * Go's {@code (&net.Dialer{}).DialContext(ctx, network, address)}: {@link #dial}
     * that gives up when {@code ctx} is canceled or its deadline passes. Once the
     * connection is made, the context no longer affects it.
     *
     * @param ctx the context
     * @param network {@code "tcp"}, {@code "tcp4"} or {@code "tcp6"}
     * @param address {@code host:port}
     * @return the connection
     * @throws DeadlineExceededException when the context's deadline passes first (or
     *                                   has already passed); its cause is
     *                                   {@link Context#DEADLINE_EXCEEDED}
     * @throws IOException with Go's message {@code "dial tcp 10.0.0.1:80: operation was
     *                     canceled"} and cause {@link Context#CANCELED} when the context
     *                     is canceled first (or already was); as {@link #dial} otherwise
     * @throws NullPointerException if an argument is {@code null}
     */
    public static Conn dialContext(Context ctx, String network, String address) throws IOException {
        Objects.requireNonNull(ctx, "ctx must not be null");
        Objects.requireNonNull(network, "network must not be null");
        Objects.requireNonNull(address, "address must not be null");
        return Providers.get().net().dial(network, address, 0, ctx);
    }
}
