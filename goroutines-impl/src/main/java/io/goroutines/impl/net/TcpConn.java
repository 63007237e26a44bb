package io.goroutines.impl.net;

import io.goroutines.net.Conn;
import io.goroutines.net.NetClosedException;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.time.Instant;
import java.util.Objects;

/**
 * Go's {@code TCPConn} on a non-blocking {@link SocketChannel}: each read and write is
 * Go's internal/poll/fd_unix.go loop, {@code prepare}, then try the call and wait on
 * the poller whenever it would block.
 */
final class TcpConn implements Conn {

    private final NetFD fd;
    private final SocketChannel ch;
    private final InputStream in = new In();
    private final OutputStream out = new Out();
    /** Set by {@link #closeWrite()}: the JDK then fails writes as closed, Go with EPIPE. */
    private volatile boolean writeShut;

    TcpConn(NetFD fd) {
        this.fd = fd;
        this.ch = (SocketChannel) fd.ch;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        return read(ByteBuffer.wrap(b, off, len));
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        try {
            fd.readLock();
            try {
                if (!dst.hasRemaining()) {
                    return 0; // Go: a read of nothing returns at once
                }
                fd.pd.prepareRead();
                for (;;) {
                    boolean intr = NetFD.clearInterrupt();
                    int n;
                    try {
                        n = ch.read(dst);
                    } finally {
                        NetFD.restoreInterrupt(intr);
                    }
                    if (n != 0) {
                        return n; // bytes, or -1 at end of stream
                    }
                    fd.pd.waitRead();
                }
            } finally {
                fd.readUnlock();
            }
        } catch (IOException e) {
            throw OpErrors.wrap(e, fd.prefix("read"), "read");
        }
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        write(ByteBuffer.wrap(b, off, len));
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
        int total = src.remaining();
        try {
            fd.writeLock();
            try {
                fd.pd.prepareWrite();
                while (src.hasRemaining()) {
                    boolean intr = NetFD.clearInterrupt();
                    int n;
                    try {
                        n = ch.write(src);
                    } finally {
                        NetFD.restoreInterrupt(intr);
                    }
                    if (n == 0) {
                        fd.pd.waitWrite();
                    }
                }
                return total;
            } finally {
                fd.writeUnlock();
            }
        } catch (java.nio.channels.ClosedChannelException e) {
            if (writeShut && !fd.closed()) {
                // Go: a write after CloseWrite fails with EPIPE, the connection is still open
                throw (IOException) new java.net.SocketException(fd.prefix("write") + ": write: broken pipe").initCause(e);
            }
            throw OpErrors.wrap(e, fd.prefix("write"), "write");
        } catch (IOException e) {
            throw OpErrors.wrap(e, fd.prefix("write"), "write");
        }
    }

    @Override
    public InputStream inputStream() {
        return in;
    }

    @Override
    public OutputStream outputStream() {
        return out;
    }

    @Override
    public void setDeadline(Instant t) {
        fd.pd.setDeadline(Deadlines.of(t), true, true);
    }

    @Override
    public void setReadDeadline(Instant t) {
        fd.pd.setDeadline(Deadlines.of(t), true, false);
    }

    @Override
    public void setWriteDeadline(Instant t) {
        fd.pd.setDeadline(Deadlines.of(t), false, true);
    }

    @Override
    public void closeWrite() throws IOException {
        if (fd.closed()) {
            throw new NetClosedException(fd.prefix("close"));
        }
        boolean intr = NetFD.clearInterrupt();
        try {
            ch.shutdownOutput();
            writeShut = true;
        } catch (IOException e) {
            throw OpErrors.wrap(e, fd.prefix("close"), "shutdown");
        } finally {
            NetFD.restoreInterrupt(intr);
        }
    }

    @Override
    public InetSocketAddress localAddr() {
        return fd.laddr;
    }

    @Override
    public InetSocketAddress remoteAddr() {
        return fd.raddr;
    }

    @Override
    public boolean isOpen() {
        return !fd.closed();
    }

    @Override
    public void close() {
        fd.close();
    }

    @Override
    public String toString() {
        return "TCPConn[" + fd.prefix(fd.net).substring(fd.net.length() + 1) + "]";
    }

    /** The stream view: reads through {@link TcpConn#read(byte[], int, int)}. */
    private final class In extends InputStream {
        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = TcpConn.this.read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            return TcpConn.this.read(b, off, len);
        }

        @Override
        public void close() {
            TcpConn.this.close();
        }
    }

    /** The stream view: writes through {@link TcpConn#write(byte[], int, int)}. */
    private final class Out extends OutputStream {
        @Override
        public void write(int b) throws IOException {
            TcpConn.this.write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            TcpConn.this.write(b, off, len);
        }

        @Override
        public void close() {
            TcpConn.this.close();
        }
    }
}
