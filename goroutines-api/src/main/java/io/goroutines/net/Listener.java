package io.goroutines.net;

import java.io.Closeable;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Instant;

/**
 * Go's {@code *net.TCPListener}, made by {@link Net#listen}. Safe for use by several
 * threads and goroutines at once.
 */
public interface Listener extends Closeable {

    /**
     * Go's {@code Accept}: waits for the next connection. A goroutine waiting here
     * parks on the network poller ({@code IO wait}); any other thread blocks.
     *
     * @return the accepted connection
     * @throws NetClosedException when the listener is closed, before the call or
     *                            while it waits: {@code "accept tcp 127.0.0.1:8080: use
     *                            of closed network connection"}
     * @throws DeadlineExceededException when the deadline set by {@link #setDeadline}
     *                                   passes (or had passed); the listener stays usable
     * @throws IOException for any other failure
     */
    Conn accept() throws IOException;

    /**
     * Go's {@code Addr}: the address listened on, with the port chosen when 0 was
     * asked for. Still answers after {@link #close()}.
     *
     * @return the local address
     */
    InetSocketAddress addr();

    /**
     * Go's {@code SetDeadline}: the time after which {@link #accept()} fails with
     * {@link DeadlineExceededException}. Applies to an {@code accept} already waiting
     * as well as to later ones; a time already past makes them fail at once; moving
     * the deadline later makes the listener usable again.
     *
     * @param t the deadline, or {@code null} for none
     */
    void setDeadline(Instant t);

    /**
     * Go's {@code Close}: stops listening at once (the port is free to be listened on
     * again, and dials to it are refused) and wakes every {@link #accept()} waiting
     * with {@link NetClosedException}. Connections already accepted stay open.
     * Idempotent; any thread may call it.
     */
    @Override
    void close();
}
