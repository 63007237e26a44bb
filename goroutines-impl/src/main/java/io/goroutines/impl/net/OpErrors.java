package io.goroutines.impl.net;

import io.goroutines.net.DeadlineExceededException;
import io.goroutines.net.NetClosedException;

import java.io.IOException;
import java.net.BindException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.nio.channels.ClosedChannelException;
import java.util.Locale;

/**
 * Go's {@code net.OpError} text: {@code op net [source->]addr: err}, with the
 * {@code os.SyscallError} prefix ({@code "connect: "}, {@code "read: "}) that Go puts
 * before an errno's text (net/net.go {@code OpError.Error}).
 */
final class OpErrors {

    private OpErrors() {
    }

    /** {@code "read tcp 127.0.0.1:8080->127.0.0.1:5555"}; {@code source} or {@code addr} may be null. */
    static String prefix(String op, String net, InetSocketAddress source, InetSocketAddress addr) {
        StringBuilder s = new StringBuilder(op).append(' ').append(net);
        if (source != null) {
            s.append(' ').append(Addrs.string(source));
        }
        if (addr != null) {
            s.append(source != null ? "->" : " ").append(Addrs.string(addr));
        }
        return s.toString();
    }

    /**
     * {@code e} (from the poller or a channel) as the exception Go's caller would see:
     * closed and timed-out operations become {@link NetClosedException} and
     * {@link DeadlineExceededException} with {@code prefix}; an OS error gets
     * {@code prefix + ": " + syscall + ": "} before its text, in Go's lower case.
     */
    static IOException wrap(IOException e, String prefix, String syscall) {
        IOException w;
        if (e instanceof NetClosedException || e instanceof ClosedChannelException) {
            w = new NetClosedException(prefix);
        } else if (e instanceof DeadlineExceededException) {
            w = new DeadlineExceededException(prefix);
        } else {
            String m = prefix + ": " + syscall + ": " + errnoText(e);
            if (e instanceof ConnectException) {
                w = new ConnectException(m);
            } else if (e instanceof BindException) {
                w = new BindException(m);
            } else if (e instanceof SocketException) {
                w = new SocketException(m);
            } else {
                w = new IOException(m);
            }
        }
        w.initCause(e);
        return w;
    }

    /** The JDK's text of an errno ({@code "Connection refused"}) as Go prints it ({@code "connection refused"}). */
    static String errnoText(IOException e) {
        String m = e.getMessage();
        if (m == null) {
            return e.getClass().getSimpleName();
        }
        m = m.toLowerCase(Locale.ROOT);
        return m.equals("connection reset") ? "connection reset by peer" : m;
    }
}
