package io.goroutines.spi;

import io.goroutines.context.Context;
import io.goroutines.net.Conn;
import io.goroutines.net.Listener;

import java.io.IOException;

/**
 * The runtime side of package {@code io.goroutines.net}: Go's {@code net.Listen} and
 * {@code net.Dialer.DialContext} for TCP. Arguments arrive checked for {@code null}
 * (except where stated); see {@link io.goroutines.net.Net} for the contract. Not for
 * application use.
 */
public interface NetSpi {

    /**
     * Go's {@code net.Listen(network, address)}.
     *
     * @param network {@code tcp}, {@code tcp4} or {@code tcp6} (anything else fails)
     * @param address {@code host:port}
     * @return the listener
     * @throws IOException with Go's message on failure
     */
    Listener listen(String network, String address) throws IOException;

    /**
     * Go's {@code (&net.Dialer{Timeout: timeout}).DialContext(ctx, network, address)}.
     *
     * @param network {@code tcp}, {@code tcp4} or {@code tcp6} (anything else fails)
     * @param address {@code host:port}
     * @param timeoutNanos the dial timeout in nanoseconds (saturated); 0 means none, a
     *                     negative value is already spent
     * @param ctx the context, or {@code null} for none
     * @return the connection
     * @throws IOException with Go's message on failure
     */
    Conn dial(String network, String address, long timeoutNanos, Context ctx) throws IOException;
}
