package io.goroutines.impl.net;

import io.goroutines.context.Context;
import io.goroutines.impl.sched.PollDesc;
import io.goroutines.net.Conn;
import io.goroutines.net.DeadlineExceededException;
import io.goroutines.net.Listener;
import io.goroutines.spi.NetSpi;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * Go's {@code net.Listen} and {@code Dialer.DialContext} for TCP (net/dial.go,
 * net/tcpsock_posix.go, net/sock_posix.go, net/fd_unix.go {@code connect}).
 */
public final class NetImpl implements NetSpi {

    private static final NetImpl INSTANCE = new NetImpl();

    /** Go's listen backlog ({@code somaxconn}; the kernel caps it at its own). */
    private static final int BACKLOG = 4096;

    private NetImpl() {
    }

    /** {@return the runtime's net package} */
    public static NetImpl get() {
        return INSTANCE;
    }

    @Override
    public Listener listen(String network, String address) throws IOException {
        Addrs.Network nw = Addrs.network("listen", network);
        InetSocketAddress laddr;
        try {
            Addrs.HostPort hp = Addrs.split(address);
            if (hp.host().isEmpty()) {
                laddr = new InetSocketAddress(hp.port()); // every interface
                if (nw == Addrs.Network.TCP4) {
                    laddr = new InetSocketAddress(InetAddress.getByAddress(new byte[4]), hp.port());
                } else if (nw == Addrs.Network.TCP6) {
                    laddr = new InetSocketAddress(InetAddress.getByAddress(new byte[16]), hp.port());
                }
            } else {
                List<InetAddress> ips = Addrs.resolve(nw, hp.host());
                laddr = new InetSocketAddress(firstIPv4(ips), hp.port()); // Go's listen favors IPv4
            }
        } catch (Addrs.AddrException e) {
            throw new IOException("listen " + network + ": " + e.getMessage());
        }
        String prefix = "listen " + network + " " + (laddr.getAddress().isAnyLocalAddress() && nw == Addrs.Network.TCP
                ? ":" + laddr.getPort() : Addrs.string(laddr));
        ServerSocketChannel ch = null;
        try {
            ch = nw.family == null ? ServerSocketChannel.open() : ServerSocketChannel.open(nw.family);
            ch.setOption(StandardSocketOptions.SO_REUSEADDR, true); // as Go sets on listeners
            try {
                ch.bind(laddr, BACKLOG);
            } catch (IOException e) {
                throw OpErrors.wrap(e, prefix, "bind");
            }
            ch.configureBlocking(false);
            PollDesc pd = PollDesc.open(ch);
            return new TcpListener(new NetFD(network, ch, pd, (InetSocketAddress) ch.getLocalAddress(), null));
        } catch (IOException e) {
            closeQuietly(ch);
            throw e.getMessage() != null && e.getMessage().startsWith(prefix) ? e : OpErrors.wrap(e, prefix, "socket");
        }
    }

    private static InetAddress firstIPv4(List<InetAddress> ips) {
        for (InetAddress a : ips) {
            if (a instanceof java.net.Inet4Address) {
                return a;
            }
        }
        return ips.get(0);
    }

    @Override
    public Conn dial(String network, String address, long timeoutNanos, Context ctx) throws IOException {
        long start = System.nanoTime();
        Addrs.Network nw = Addrs.network("dial", network);
        // Go's Dialer.deadline: the earlier of now+Timeout and the context's deadline
        long deadline = timeoutNanos == 0 ? 0 : Deadlines.fromNow(start, timeoutNanos);
        if (ctx != null) {
            Optional<java.time.Instant> cd = ctx.deadline();
            if (cd.isPresent()) {
                long d = Deadlines.of(cd.get());
                if (d != 0 && (deadline == 0 || d - deadline < 0)) {
                    deadline = d;
                }
            }
        }
        List<InetAddress> ips;
        int port;
        try {
            Addrs.HostPort hp = Addrs.split(address);
            port = hp.port();
            if (hp.host().isEmpty()) {
                // Go: dialing ":port" reaches the local system
                ips = List.of(nw == Addrs.Network.TCP6
                        ? InetAddress.getByAddress(new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1})
                        : InetAddress.getByAddress(new byte[] {127, 0, 0, 1}));
            } else {
                ips = Addrs.resolve(nw, hp.host());
            }
        } catch (Addrs.AddrException e) {
            throw new IOException("dial " + network + ": " + e.getMessage());
        }
        // Go's dialSerial: each address in turn, the first error reported
        IOException first = null;
        for (InetAddress ip : ips) {
            InetSocketAddress ra = new InetSocketAddress(ip, port);
            String prefix = OpErrors.prefix("dial", network, null, ra);
            if (ctx != null && ctx.err() != null) {
                throw contextError(prefix, ctx.err());
            }
            if (deadline != 0 && deadline - System.nanoTime() <= 0) {
                throw first != null ? first : new DeadlineExceededException(prefix);
            }
            try {
                return connect(network, nw, ra, deadline, ctx, prefix);
            } catch (DeadlineExceededException e) {
                throw first != null ? first : e;
            } catch (IOException e) {
                if (first == null) {
                    first = e;
                }
                if (ctx != null && ctx.err() != null) {
                    throw first;
                }
            }
        }
        throw first;
    }

    /** Go's errCanceled / DeadlineExceeded mapping of a context's error ({@code mapErr} in net/net.go). */
    private static IOException contextError(String prefix, Exception err) {
        IOException e = err == Context.DEADLINE_EXCEEDED
                ? new DeadlineExceededException(prefix)
                : new IOException(prefix + ": operation was canceled");
        e.initCause(err);
        return e;
    }

    /** Go's netFD.connect: a non-blocking connect, then wait for writability until done. */
    private static Conn connect(String network, Addrs.Network nw, InetSocketAddress ra, long deadline,
                                Context ctx, String prefix) throws IOException {
        SocketChannel ch = nw.family == null ? SocketChannel.open() : SocketChannel.open(nw.family);
        PollDesc pd = null;
        Interrupter interrupter = null;
        try {
            ch.configureBlocking(false);
            pd = PollDesc.open(ch);
            if (deadline != 0) {
                pd.setDeadline(deadline, true, true);
            }
            if (ctx != null) {
                interrupter = new Interrupter(pd);
                interrupter.stop = Context.afterFunc(ctx, interrupter);
            }
            boolean intr = NetFD.clearInterrupt();
            boolean done;
            try {
                done = ch.connect(ra);
            } finally {
                NetFD.restoreInterrupt(intr);
            }
            if (!done) {
                pd.prepareWrite();
                for (;;) {
                    intr = NetFD.clearInterrupt();
                    try {
                        done = ch.finishConnect();
                    } finally {
                        NetFD.restoreInterrupt(intr);
                    }
                    if (done) {
                        break;
                    }
                    pd.waitWrite();
                }
            }
            if (interrupter != null && interrupter.finish()) {
                throw contextError(prefix, ctx.err());
            }
            pd.setDeadline(0, true, true);
            ch.setOption(StandardSocketOptions.TCP_NODELAY, true); // as Go sets on every TCP conn
            ch.setOption(StandardSocketOptions.SO_KEEPALIVE, true);
            return new TcpConn(new NetFD(network, ch, pd,
                    (InetSocketAddress) ch.getLocalAddress(), (InetSocketAddress) ch.getRemoteAddress()));
        } catch (IOException e) {
            boolean canceled = interrupter != null && interrupter.finish();
            if (pd != null) {
                pd.evict();
            }
            closeQuietly(ch);
            if (pd != null) {
                pd.close();
            }
            if ((canceled || e instanceof DeadlineExceededException) && ctx != null && ctx.err() != null) {
                throw contextError(prefix, ctx.err());
            }
            throw e.getMessage() != null && e.getMessage().startsWith(prefix) ? e : OpErrors.wrap(e, prefix, "connect");
        }
    }

    /** An accepted channel as a {@link Conn}: non-blocking, registered with the poller, Go's socket options. */
    static Conn newConn(String network, SocketChannel c) throws IOException {
        try {
            c.configureBlocking(false);
            c.setOption(StandardSocketOptions.TCP_NODELAY, true);
            c.setOption(StandardSocketOptions.SO_KEEPALIVE, true);
            InetSocketAddress la = (InetSocketAddress) c.getLocalAddress();
            InetSocketAddress ra = (InetSocketAddress) c.getRemoteAddress();
            return new TcpConn(new NetFD(network, c, PollDesc.open(c), la, ra));
        } catch (IOException e) {
            closeQuietly(c);
            throw e;
        }
    }

    private static void closeQuietly(java.nio.channels.Channel ch) {
        if (ch != null) {
            try {
                ch.close();
            } catch (IOException ignored) {
                // nothing more to do
            }
        }
    }

    /**
     * Go's connect watcher goroutine: when the context is done while connecting, sets a
     * deadline in the past so that the wait ends; {@link #finish()} tells whether it did.
     */
    private static final class Interrupter implements Runnable {
        private final PollDesc pd;
        BooleanSupplier stop;
        private boolean finished;
        private boolean fired;

        Interrupter(PollDesc pd) {
            this.pd = pd;
        }

        @Override
        public synchronized void run() {
            if (!finished) {
                fired = true;
                pd.setDeadline(Deadlines.past(System.nanoTime()), true, true);
            }
        }

        /** Stops watching; true when the context's end already interrupted the connect. */
        boolean finish() {
            if (stop != null) {
                stop.getAsBoolean();
            }
            synchronized (this) {
                finished = true;
                return fired;
            }
        }
    }
}
