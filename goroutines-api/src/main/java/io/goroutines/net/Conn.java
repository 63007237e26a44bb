package io.goroutines.net;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ByteChannel;
import java.time.Instant;

/**
 * Go's {@code *net.TCPConn}: a TCP connection made by {@link Net#dial} or
 * {@link Listener#accept()}. One reader and one writer may use it at once, from any
 * threads or goroutines; {@link #close()} and the deadline setters may be called from
 * anywhere at any time.
 *
 * <p>A goroutine blocked in {@link #read} or {@link #write} parks on the network
 * poller (wait reason {@code IO wait}) and does not hold a carrier thread; another
 * thread blocks. Blocked calls end with {@link NetClosedException} when the connection
 * is closed and with {@link DeadlineExceededException} when their deadline passes.
 * Error messages are Go's, for example
 * {@code "read tcp 127.0.0.1:8080->127.0.0.1:5555: i/o timeout"}. The calls are not
 * interruptible (Go has no interrupts): an interrupted thread keeps waiting and keeps
 * its interrupt status.
 */
public interface Conn extends ByteChannel {

    /**
     * Go's {@code Read}: waits until some bytes arrive and reads at most {@code len}.
     *
     * @param b the buffer
     * @param off where in {@code b} to put the bytes
     * @param len the most bytes to read
     * @return the number of bytes read, 1 to {@code len}; 0 only when {@code len} is 0;
     *         -1 at end of stream (the peer closed or half-closed its side)
     * @throws NetClosedException if this connection is or gets closed
     * @throws DeadlineExceededException if the read deadline passes (or had passed);
     *                                   the connection stays usable
     * @throws IOException for any other failure (for example a reset by the peer)
     * @throws IndexOutOfBoundsException if {@code off} and {@code len} do not fit {@code b}
     */
    int read(byte[] b, int off, int len) throws IOException;

    /**
     * Go's {@code Write}: writes all of {@code len} bytes, waiting as long as the
     * peer does not take them.
     *
     * @param b the bytes
     * @param off where they start in {@code b}
     * @param len how many to write
     * @throws NetClosedException if this connection is or gets closed
     * @throws DeadlineExceededException if the write deadline passes (or had passed);
     *                                   some of the bytes may have been written
     * @throws IOException for any other failure (a peer that closed: broken pipe or
     *                     connection reset)
     * @throws IndexOutOfBoundsException if {@code off} and {@code len} do not fit {@code b}
     */
    void write(byte[] b, int off, int len) throws IOException;

    /**
     * {@link ByteChannel#read(ByteBuffer)} with the contract of
     * {@link #read(byte[], int, int)}.
     */
    @Override
    int read(ByteBuffer dst) throws IOException;

    /**
     * {@link ByteChannel#write(ByteBuffer)} with the contract of
     * {@link #write(byte[], int, int)}: writes all that remains in {@code src}.
     */
    @Override
    int write(ByteBuffer src) throws IOException;

    /**
     * A stream that reads through {@link #read(byte[], int, int)}; closing it closes
     * this connection.
     *
     * @return the same stream on every call
     */
    InputStream inputStream();

    /**
     * A stream that writes through {@link #write(byte[], int, int)} (unbuffered);
     * closing it closes this connection.
     *
     * @return the same stream on every call
     */
    OutputStream outputStream();

    /**
     * Go's {@code SetDeadline}: sets both the read and the write deadline.
     *
     * @param t the deadline, or {@code null} for none
     * @see #setReadDeadline(Instant)
     */
    void setDeadline(Instant t);

    /**
     * Go's {@code SetReadDeadline}: the time after which {@link #read} fails with
     * {@link DeadlineExceededException}. Applies to a read already waiting as well as
     * to later ones; a time already past makes them fail at once; moving it later
     * (or to {@code null}) makes reading possible again.
     *
     * @param t the deadline, or {@code null} for none
     */
    void setReadDeadline(Instant t);

    /**
     * Go's {@code SetWriteDeadline}: as {@link #setReadDeadline(Instant)}, for
     * {@link #write}.
     *
     * @param t the deadline, or {@code null} for none
     */
    void setWriteDeadline(Instant t);

    /**
     * Go's {@code CloseWrite}: shuts down the sending side (the peer reads end of
     * stream once it has read what was sent); reading goes on.
     *
     * @throws NetClosedException if this connection is closed
     * @throws IOException if the shutdown fails
     */
    void closeWrite() throws IOException;

    /**
     * Go's {@code LocalAddr}; still answers after {@link #close()}.
     *
     * @return the local address
     */
    InetSocketAddress localAddr();

    /**
     * Go's {@code RemoteAddr}; still answers after {@link #close()}.
     *
     * @return the peer's address
     */
    InetSocketAddress remoteAddr();

    /**
     * Go's {@code Close}: closes the connection and wakes every read and write
     * blocked on it with {@link NetClosedException}; later calls throw it too.
     * Idempotent; any thread may call it.
     */
    @Override
    void close();
}
