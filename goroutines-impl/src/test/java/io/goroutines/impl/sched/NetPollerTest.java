package io.goroutines.impl.sched;

import io.goroutines.Chan;
import io.goroutines.Go;
import io.goroutines.GoRuntime;
import io.goroutines.net.DeadlineExceededException;
import io.goroutines.net.NetClosedException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The network poller ({@link PollDesc}, {@link NetPoller}) under raw non-blocking NIO
 * channels: readiness wakes a parked goroutine, a deadline and a close wake it with Go's
 * errors, a deadline already past fails at once, a thread that is not a goroutine
 * blocks and is woken, and many connections at once lose no wake-up.
 */
@Timeout(60)
class NetPollerTest {

    /** A server channel on loopback, non-blocking, with its PollDesc. */
    private record Server(ServerSocketChannel ch, PollDesc pd) {
        static Server open() throws IOException {
            ServerSocketChannel ch = ServerSocketChannel.open();
            ch.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 4096); // 1,000 dial at once
            ch.configureBlocking(false);
            return new Server(ch, PollDesc.open(ch));
        }

        SocketChannel accept() throws IOException {
            pd.prepareRead();
            for (;;) {
                SocketChannel c = ch.accept();
                if (c != null) {
                    c.configureBlocking(false);
                    return c;
                }
                pd.waitRead();
            }
        }

        void close() throws IOException {
            pd.evict();
            ch.close();
            pd.close();
        }
    }

    /** A connected client channel and its descriptor (one per channel, as in Go). */
    private record Client(SocketChannel ch, PollDesc pd) {
        void close() throws IOException {
            pd.evict();
            ch.close();
            pd.close();
        }
    }

    private static Client dial(InetSocketAddress addr) throws IOException {
        SocketChannel c = SocketChannel.open();
        c.configureBlocking(false);
        c.connect(addr);
        PollDesc pd = PollDesc.open(c);
        pd.prepareWrite();
        while (!c.finishConnect()) {
            pd.waitWrite();
        }
        return new Client(c, pd);
    }

    private static int read(SocketChannel c, PollDesc pd, ByteBuffer b) throws IOException {
        pd.prepareRead();
        for (;;) {
            int n = c.read(b);
            if (n != 0) {
                return n;
            }
            pd.waitRead();
        }
    }

    @Test
    void readinessWakesAParkedGoroutineThatShowsIoWait() throws Exception {
        Server s = Server.open();
        try {
            Go.main(() -> {
                try {
                    Chan<String> got = Chan.make(1);
                    Client client = dial((InetSocketAddress) s.ch().getLocalAddress());
                    SocketChannel conn = s.accept();
                    PollDesc pd = PollDesc.open(conn);
                    Go.go(() -> {
                        try {
                            ByteBuffer b = ByteBuffer.allocate(16);
                            read(conn, pd, b);
                            got.send(new String(b.array(), 0, b.position()));
                        } catch (IOException e) {
                            got.send(e.toString());
                        }
                    });
                    // the reader parks in IO wait before anything is written
                    yieldUntilSomeoneWaitsOnIo();
                    assertTrue(GoRuntime.stack(true).contains("[IO wait]"), GoRuntime.stack(true));
                    client.ch().write(ByteBuffer.wrap("hello".getBytes()));
                    assertEquals("hello", got.recv());
                    client.close();
                    conn.close();
                    pd.close();
                } catch (IOException e) {
                    throw new AssertionError(e);
                }
            });
        } finally {
            s.close();
        }
    }

    @Test
    void deadlineAndCloseWakeAParkedReaderWithGosErrors() throws Exception {
        Server s = Server.open();
        try {
            Go.main(() -> {
                try {
                    Client client = dial((InetSocketAddress) s.ch().getLocalAddress());
                    SocketChannel conn = s.accept();
                    PollDesc pd = PollDesc.open(conn);
                    pd.setDeadline(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(50), true, false);
                    IOException e = assertThrows(IOException.class, () -> read(conn, pd, ByteBuffer.allocate(4)));
                    assertTrue(e instanceof DeadlineExceededException, e.toString());
                    assertEquals("i/o timeout", e.getMessage());
                    // already past: fails at once; moved: usable again
                    pd.setDeadline(System.nanoTime() - 1, true, false);
                    assertThrows(DeadlineExceededException.class, pd::prepareRead);
                    pd.setDeadline(0, true, false);
                    client.ch().write(ByteBuffer.wrap(new byte[] {7}));
                    ByteBuffer one = ByteBuffer.allocate(1);
                    assertEquals(1, read(conn, pd, one));
                    // close from another goroutine wakes the parked reader
                    Chan<Throwable> failed = Chan.make(1);
                    Go.go(() -> {
                        try {
                            read(conn, pd, ByteBuffer.allocate(4));
                            failed.send(new AssertionError("read returned"));
                        } catch (Throwable t) {
                            failed.send(t);
                        }
                    });
                    yieldUntilSomeoneWaitsOnIo();
                    pd.evict();
                    Throwable t = failed.recv();
                    assertTrue(t instanceof NetClosedException, String.valueOf(t));
                    assertEquals("use of closed network connection", t.getMessage());
                    conn.close();
                    pd.close();
                    client.close();
                } catch (IOException e) {
                    throw new AssertionError(e);
                }
            });
        } finally {
            s.close();
        }
    }

    @Test
    void threadThatIsNotAGoroutineBlocksAndIsWoken() throws Exception {
        Server s = Server.open();
        try {
            CompletableFuture<SocketChannel> accepted = new CompletableFuture<>();
            Thread t = Thread.ofPlatform().start(() -> {
                try {
                    accepted.complete(s.accept());
                } catch (Throwable e) {
                    accepted.completeExceptionally(e);
                }
            });
            try (SocketChannel client = SocketChannel.open((InetSocketAddress) s.ch().getLocalAddress())) {
                SocketChannel conn = accepted.get(20, TimeUnit.SECONDS);
                conn.close();
                assertTrue(client.isConnected());
            }
            t.join(TimeUnit.SECONDS.toMillis(20));
        } finally {
            s.close();
        }
    }

    @Test
    void thousandConnectionsEchoWithoutALostWakeup() throws Exception {
        int n = 1000;
        Server s = Server.open();
        try {
            Go.main(() -> {
                try {
                    InetSocketAddress addr = (InetSocketAddress) s.ch().getLocalAddress();
                    Go.go(() -> {
                        try {
                            for (int i = 0; i < n; i++) {
                                SocketChannel conn = s.accept();
                                Go.go(() -> echoOnce(conn));
                            }
                        } catch (IOException e) {
                            throw new AssertionError(e);
                        }
                    });
                    Chan<Integer> done = Chan.make(n);
                    for (int i = 0; i < n; i++) {
                        int id = i;
                        Go.go(() -> {
                            try {
                                Client cl = dial(addr);
                                SocketChannel c = cl.ch();
                                PollDesc pd = cl.pd();
                                ByteBuffer out = ByteBuffer.allocate(4).putInt(id).flip();
                                while (out.hasRemaining()) {
                                    c.write(out);
                                }
                                ByteBuffer in = ByteBuffer.allocate(4);
                                while (in.hasRemaining()) {
                                    if (read(c, pd, in) < 0) {
                                        break;
                                    }
                                }
                                done.send(in.flip().getInt());
                                cl.close();
                            } catch (IOException e) {
                                done.send(-1);
                            }
                        });
                    }
                    long sum = 0;
                    for (int i = 0; i < n; i++) {
                        sum += done.recv();
                    }
                    assertEquals((long) n * (n - 1) / 2, sum);
                } catch (IOException e) {
                    throw new AssertionError(e);
                }
            });
        } finally {
            s.close();
        }
    }

    @Test
    void executionTraceAttributesPollerWakeupsToNetpoll(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        java.nio.file.Path file = dir.resolve("trace.json");
        Server s = Server.open();
        GoRuntime.startTrace(file);
        try {
            Go.main(() -> {
                try {
                    Client client = dial((InetSocketAddress) s.ch().getLocalAddress());
                    SocketChannel conn = s.accept();
                    PollDesc pd = PollDesc.open(conn);
                    Chan<Integer> got = Chan.make(1);
                    for (int round = 0; round < 20; round++) {
                        Go.go(() -> {
                            try {
                                got.send(read(conn, pd, ByteBuffer.allocate(1)));
                            } catch (IOException e) {
                                got.send(-1);
                            }
                        });
                        yieldUntilSomeoneWaitsOnIo();
                        client.ch().write(ByteBuffer.wrap(new byte[] {1}));
                        assertEquals(1, got.recv());
                    }
                    client.close();
                    conn.close();
                    pd.close();
                } catch (IOException e) {
                    throw new AssertionError(e);
                }
            });
        } finally {
            GoRuntime.stopTrace();
            s.close();
        }
        String json = java.nio.file.Files.readString(file);
        assertTrue(json.contains("\"netpoll\""), "a wake-up attributed to the poller in the trace");
    }

    /** Yields (at most 2,000 times) until a goroutine shows {@code [IO wait]} in the dump. */
    private static void yieldUntilSomeoneWaitsOnIo() {
        for (int i = 0; i < 2000 && !GoRuntime.stack(true).contains("[IO wait]"); i++) {
            GoRuntime.gosched();
        }
    }

    private static void echoOnce(SocketChannel conn) {
        try {
            PollDesc pd = PollDesc.open(conn);
            ByteBuffer b = ByteBuffer.allocate(4);
            while (b.hasRemaining()) {
                if (read(conn, pd, b) < 0) {
                    break;
                }
            }
            b.flip();
            while (b.hasRemaining()) {
                conn.write(b);
            }
            pd.close();
            conn.close();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
