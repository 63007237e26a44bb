package io.goroutines.impl.net;

import io.goroutines.net.Conn;
import io.goroutines.net.Listener;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Instant;

/**
 * Go's {@code TCPListener} on a non-blocking {@link ServerSocketChannel}; accept is
 * Go's internal/poll/fd_unix.go {@code FD.Accept} loop.
 */
final class TcpListener implements Listener {

    private final NetFD fd;
    private final ServerSocketChannel ch;

    TcpListener(NetFD fd) {
        this.fd = fd;
        this.ch = (ServerSocketChannel) fd.ch;
    }

    @Override
    public Conn accept() throws IOException {
        String prefix = OpErrors.prefix("accept", fd.net, null, fd.laddr);
        SocketChannel c;
        try {
            fd.readLock();
            try {
                fd.pd.prepareRead();
                for (;;) {
                    boolean intr = NetFD.clearInterrupt();
                    try {
                        c = ch.accept();
                    } finally {
                        NetFD.restoreInterrupt(intr);
                    }
                    if (c != null) {
                        break;
                    }
                    fd.pd.waitRead();
                }
            } finally {
                fd.readUnlock();
            }
        } catch (IOException e) {
            throw OpErrors.wrap(e, prefix, "accept");
        }
        try {
            return NetImpl.newConn(fd.net, c);
        } catch (IOException e) {
            throw OpErrors.wrap(e, prefix, "accept");
        }
    }

    @Override
    public InetSocketAddress addr() {
        return fd.laddr;
    }

    @Override
    public void setDeadline(Instant t) {
        fd.pd.setDeadline(Deadlines.of(t), true, true);
    }

    @Override
    public void close() {
        fd.close();
    }

    @Override
    public String toString() {
        return "TCPListener[" + fd.net + " " + Addrs.string(fd.laddr) + "]";
    }
}
