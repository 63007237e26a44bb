package io.goroutines.tests;

import io.goroutines.Chan;
import io.goroutines.Go;
import io.goroutines.GoRuntime;
import io.goroutines.RecvChan;
import io.goroutines.context.CancelContext;
import io.goroutines.context.Context;
import io.goroutines.net.Conn;
import io.goroutines.net.DeadlineExceededException;
import io.goroutines.net.Listener;
import io.goroutines.net.Net;
import io.goroutines.net.NetClosedException;
import io.goroutines.time.Time;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.BindException;
import java.net.ConnectException;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Package {@code io.goroutines.net}: ports of Go 1.23's src/net/net_test.go,
 * timeout_test.go and tcpsock_test.go cases that apply to TCP (each names its Go
 * original in a {@code // Go:} comment), plus bad input (unknown network, malformed
 * address, port in use, refused dial, writing to a peer that closed), callers that are
 * not goroutines, and the {@code IO wait} state in goroutine dumps.
 *
 * <p>Timing: Go's 50 ms deadlines are kept; upper bounds are loose (a loaded 2-core
 * machine), lower bounds allow {@link #SLACK} for clock granularity. Every wait is
 * bounded; no test synchronizes by sleeping.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class NetTest {

    /** Lower bounds of timeouts allow this much for the clock (Go's tests allow more). */
    static final Duration SLACK = Duration.ofMillis(5);

    /** The upper bound of any wait for something that should happen soon. */
    static final Duration BOUND = Duration.ofSeconds(10);

    // ================================================================== helpers

    interface Body {
        void run() throws Exception;
    }

    /** Runs {@code body} as the main goroutine and rethrows what it threw. */
    static void inMain(Body body) {
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Go.main(() -> {
            try {
                body.run();
            } catch (Throwable t) {
                thrown.set(t);
            }
        });
        rethrow(thrown.get());
    }

    static void rethrow(Throwable t) {
        if (t instanceof RuntimeException r) {
            throw r;
        }
        if (t instanceof Error e) {
            throw e;
        }
        if (t != null) {
            throw new AssertionError(t);
        }
    }

    /** Failures of goroutines, checked by the test at its end. */
    static final class Failures {
        final ConcurrentLinkedQueue<Throwable> all = new ConcurrentLinkedQueue<>();

        Runnable wrap(Body b) {
            return () -> {
                try {
                    b.run();
                } catch (Throwable t) {
                    all.add(t);
                }
            };
        }

        void check() {
            Throwable first = all.peek();
            if (first != null) {
                AssertionError e = new AssertionError(all.size() + " goroutine(s) failed; first: " + first, first);
                all.stream().skip(1).limit(5).forEach(e::addSuppressed);
                throw e;
            }
        }
    }

    /** A result of an operation run in another goroutine: a value or what it threw. */
    record Result(Object value, Throwable thrown) {
    }

    /** Starts {@code op} in a goroutine; its result arrives on the returned channel. */
    static RecvChan<Result> async(String name, Op op) {
        Chan<Result> c = Chan.make(1);
        Go.go(name, () -> {
            Result r;
            try {
                r = new Result(op.call(), null);
            } catch (Throwable t) {
                r = new Result(null, t);
            }
            c.send(r);
        });
        return c;
    }

    interface Op {
        Object call() throws Exception;
    }

    /** Receives from {@code c}, failing after {@code d}. */
    static <T> T recvWithin(RecvChan<T> c, Duration d, String what) {
        AtomicReference<T> v = new AtomicReference<>();
        boolean[] got = {false};
        Go.select()
                .recv(c, x -> {
                    v.set(x);
                    got[0] = true;
                })
                .recv(Time.after(d), x -> { })
                .run();
        if (!got[0]) {
            fail(what + ": nothing within " + d + "; dump:\n" + GoRuntime.stack(true));
        }
        return v.get();
    }

    /** True if nothing arrives on {@code c} within {@code d}. */
    static boolean silentFor(RecvChan<?> c, Duration d) {
        boolean[] got = {false};
        Go.select().recv(c, x -> got[0] = true).recv(Time.after(d), x -> { }).run();
        return !got[0];
    }

    static Duration since(long startNanos) {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }

    /** A listener on a free loopback port. */
    static Listener localListener() throws IOException {
        return Net.listen("tcp", "127.0.0.1:0");
    }

    static String hostPort(Listener ln) {
        return "127.0.0.1:" + ln.addr().getPort();
    }

    /** Go's transponder/echo server: accepts until closed, echoes each connection until EOF. */
    static void echoServer(Listener ln, Failures failures) {
        Go.go("echo-accept", failures.wrap(() -> {
            for (;;) {
                Conn c;
                try {
                    c = ln.accept();
                } catch (NetClosedException e) {
                    return;
                }
                Go.go("echo", failures.wrap(() -> {
                    try (c) {
                        byte[] buf = new byte[4096];
                        for (int n; (n = c.read(buf, 0, buf.length)) > 0; ) {
                            c.write(buf, 0, n);
                        }
                    }
                }));
            }
        }));
    }

    /** Reads until end of stream. */
    static byte[] readAll(Conn c) throws IOException {
        return c.inputStream().readAllBytes();
    }

    /** A connected pair over a fresh listener (which is closed). */
    static Conn[] pair() throws IOException {
        try (Listener ln = localListener()) {
            RecvChan<Result> acc = async("accept", ln::accept);
            Conn client = Net.dial("tcp", hostPort(ln));
            Result r = recvWithin(acc, BOUND, "accept");
            if (r.thrown() != null) {
                client.close();
                rethrow(r.thrown());
            }
            return new Conn[] {client, (Conn) r.value()};
        }
    }

    static void closeAll(Conn[] cs) {
        for (Conn c : cs) {
            c.close();
        }
    }

    /** Go's isDeadlineExceeded: the error is a timeout and reads as Go's. */
    static void assertTimeout(Throwable t, String prefix) {
        assertInstanceOf(DeadlineExceededException.class, t, () -> "want a timeout, got " + t);
        assertInstanceOf(SocketTimeoutException.class, t);
        assertEquals(prefix + ": i/o timeout", t.getMessage());
    }

    static String rw(String op, Conn c) {
        return op + " tcp " + fmt(c.localAddr()) + "->" + fmt(c.remoteAddr());
    }

    static String fmt(InetSocketAddress a) {
        return a.getAddress() instanceof Inet6Address
                ? "[" + (a.getAddress().isLoopbackAddress() ? "::1" : a.getAddress().getHostAddress()) + "]:" + a.getPort()
                : a.getAddress().getHostAddress() + ":" + a.getPort();
    }

    /**
     * Waits until some goroutine shows {@code [IO wait} in a dump with a frame of
     * {@code method} of this class; false if none does within {@code d}.
     */
    static boolean awaitIOWait(String method, Duration d) {
        long end = System.nanoTime() + d.toNanos();
        while (System.nanoTime() - end < 0) {
            for (String g : GoRuntime.stack(true).split("\n\n")) {
                if (g.contains("[IO wait") && g.contains(NetTest.class.getName() + "." + method)) {
                    return true;
                }
            }
            Time.sleep(Duration.ofMillis(1));
        }
        return false;
    }

    // ================================================================== listen, dial, addresses

    // Go: TestListenCloseListen (net_test.go)
    @Test
    void testListenCloseListen() {
        inMain(() -> {
            Listener ln = localListener();
            String addr = hostPort(ln);
            ln.close();
            // a closed listener refuses dials at once
            assertThrows(ConnectException.class, () -> Net.dial("tcp", addr).close());
            try (Listener again = Net.listen("tcp", addr)) {
                assertEquals(ln.addr(), again.addr());
            }
            assertEquals(addr, hostPort(ln), "addr() answers after close");
        });
    }

    @Test
    void testListenEveryInterfaceAndDialForms() {
        inMain(() -> {
            Failures failures = new Failures();
            try (Listener ln = Net.listen("tcp", ":0")) {
                int port = ln.addr().getPort();
                assertNotEquals(0, port);
                assertTrue(ln.addr().getAddress().isAnyLocalAddress(), ln.addr().toString());
                echoServer(ln, failures);
                for (String a : new String[] {"127.0.0.1:" + port, "localhost:" + port, ":" + port}) {
                    try (Conn c = Net.dial("tcp", a)) {
                        c.write("hi".getBytes(StandardCharsets.US_ASCII), 0, 2);
                        byte[] b = new byte[2];
                        assertEquals(2, c.inputStream().readNBytes(b, 0, 2));
                        assertEquals("hi", new String(b, StandardCharsets.US_ASCII));
                        assertEquals(port, c.remoteAddr().getPort());
                        assertTrue(c.remoteAddr().getAddress().isLoopbackAddress());
                    }
                }
                try (Conn c = Net.dial("tcp4", "127.0.0.1:" + port)) {
                    assertEquals(port, c.remoteAddr().getPort());
                }
            }
            failures.check();
        });
    }

    @Test
    void testAddrsAnswerAfterClose() {
        inMain(() -> {
            Conn[] p = pair();
            InetSocketAddress l = p[0].localAddr();
            InetSocketAddress r = p[0].remoteAddr();
            assertEquals(p[1].localAddr(), r);
            assertEquals(p[1].remoteAddr(), l);
            closeAll(p);
            assertEquals(l, p[0].localAddr());
            assertEquals(r, p[0].remoteAddr());
            assertFalse(p[0].isOpen());
        });
    }

    // Go: TestIPv6LinkLocalUnspecifiedZone-free subset: loopback over tcp6 when the host has IPv6
    @Test
    void testIPv6Loopback() {
        inMain(() -> {
            Listener ln;
            try {
                ln = Net.listen("tcp6", "[::1]:0");
            } catch (IOException e) {
                org.junit.jupiter.api.Assumptions.abort("no IPv6 loopback here: " + e.getMessage());
                return;
            }
            Failures failures = new Failures();
            try (ln) {
                echoServer(ln, failures);
                int port = ln.addr().getPort();
                try (Conn c = Net.dial("tcp", "[::1]:" + port)) {
                    assertInstanceOf(Inet6Address.class, c.remoteAddr().getAddress());
                    c.setReadDeadline(Instant.now().minusSeconds(1));
                    IOException e = assertThrows(IOException.class, () -> c.read(new byte[1], 0, 1));
                    assertTrue(e.getMessage().startsWith("read tcp [::1]:"), e.getMessage());
                    assertTrue(e.getMessage().endsWith("->[::1]:" + port + ": i/o timeout"), e.getMessage());
                }
                IOException e = assertThrows(IOException.class, () -> Net.dial("tcp4", "[::1]:" + port));
                assertEquals("dial tcp4: address ::1: no suitable address found", e.getMessage());
            }
            failures.check();
        });
    }

    // ================================================================== bad input

    // Go: TestDialError / TestListenError's unknown-network cases (error_test.go)
    @Test
    void testUnknownNetwork() {
        inMain(() -> {
            IOException e = assertThrows(IOException.class, () -> Net.listen("tcpx", "127.0.0.1:0"));
            assertEquals("listen tcpx: unknown network tcpx", e.getMessage());
            e = assertThrows(IOException.class, () -> Net.dial("udp", "127.0.0.1:80"));
            assertEquals("dial udp: unknown network udp", e.getMessage());
            e = assertThrows(IOException.class, () -> Net.dialTimeout("unix", "/tmp/x", Duration.ofSeconds(1)));
            assertEquals("dial unix: unknown network unix", e.getMessage());
        });
        assertThrows(NullPointerException.class, () -> Net.listen(null, ":0"));
        assertThrows(NullPointerException.class, () -> Net.dial("tcp", null));
    }

    // Go: TestSplitHostPort's error table (ipsock_test.go / net_test.go), through Listen and Dial
    @Test
    void testMalformedAddress() {
        String[][] cases = {
                {"1234", "address 1234: missing port in address"},
                {"127.0.0.1", "address 127.0.0.1: missing port in address"},
                {"[::1]", "address [::1]: missing port in address"},
                {"[::1]80", "address [::1]80: missing port in address"},
                {"[::1", "address [::1: missing ']' in address"},
                {"::1:80", "address ::1:80: too many colons in address"},
                {"[::1]:80:90", "address [::1]:80:90: too many colons in address"},
                {"[foo]bar]:80", "address [foo]bar]:80: missing port in address"},
                {"foo]:80", "address foo]:80: unexpected ']' in address"},
                {"fe80::1%lo0:80", "address fe80::1%lo0:80: too many colons in address"},
                {"127.0.0.1:99999", "address 99999: invalid port"},
                {"127.0.0.1:nosuchport", "lookup tcp/nosuchport: unknown port"},
        };
        inMain(() -> {
            for (String[] c : cases) {
                IOException e = assertThrows(IOException.class, () -> Net.listen("tcp", c[0]).close(), c[0]);
                assertEquals("listen tcp: " + c[1], e.getMessage());
                e = assertThrows(IOException.class, () -> Net.dial("tcp", c[0]).close(), c[0]);
                assertEquals("dial tcp: " + c[1], e.getMessage());
            }
        });
    }

    @Test
    void testPortInUse() {
        inMain(() -> {
            try (Listener ln = localListener()) {
                BindException e = assertThrows(BindException.class, () -> Net.listen("tcp", hostPort(ln)));
                assertEquals("listen tcp " + hostPort(ln) + ": bind: address already in use", e.getMessage());
            }
        });
    }

    @Test
    void testConnectionRefused() {
        inMain(() -> {
            Listener ln = localListener();
            String addr = hostPort(ln);
            ln.close();
            ConnectException e = assertThrows(ConnectException.class, () -> Net.dial("tcp", addr));
            assertEquals("dial tcp " + addr + ": connect: connection refused", e.getMessage());
            e = assertThrows(ConnectException.class, () -> Net.dialTimeout("tcp", addr, Duration.ofSeconds(5)));
            assertEquals("dial tcp " + addr + ": connect: connection refused", e.getMessage());
        });
    }

    // Go: TestCloseWrite's write-after-peer-close check and the EPIPE/ECONNRESET cases
    @Test
    void testWriteToPeerThatClosed() {
        inMain(() -> {
            Conn[] p = pair();
            try {
                p[1].close();
                byte[] chunk = new byte[64 * 1024];
                p[0].setWriteDeadline(Instant.now().plus(BOUND));
                IOException e = null;
                for (int i = 0; i < 10_000 && e == null; i++) {
                    try {
                        p[0].write(chunk, 0, chunk.length);
                    } catch (IOException x) {
                        e = x;
                    }
                }
                assertTrue(e != null, "writes to a closed peer kept succeeding");
                assertFalse(e instanceof NetClosedException || e instanceof DeadlineExceededException, e.toString());
                String m = e.getMessage();
                assertTrue(m.startsWith(rw("write", p[0]) + ": write: "), m);
                assertTrue(m.endsWith("broken pipe") || m.endsWith("connection reset by peer"), m);
            } finally {
                closeAll(p);
            }
        });
    }

    // ================================================================== data, half close

    // Go: TestTCPConnHalfClose-like round trip (tcpsock_test.go), with CloseWrite
    @Test
    void testHalfCloseEcho() {
        inMain(() -> {
            Conn[] p = pair();
            try {
                byte[] data = new byte[300_000];
                new java.util.Random(1).nextBytes(data);
                RecvChan<Result> server = async("half-close-server", () -> {
                    byte[] got = readAll(p[1]);
                    p[1].write(got, 0, got.length);
                    p[1].close();
                    return got.length;
                });
                RecvChan<Result> writer = async("half-close-writer", () -> {
                    p[0].write(data, 0, data.length);
                    p[0].closeWrite();
                    return null;
                });
                byte[] back = readAll(p[0]);
                Result w = recvWithin(writer, BOUND, "writer");
                rethrow(w.thrown());
                Result s = recvWithin(server, BOUND, "server");
                rethrow(s.thrown());
                assertEquals(data.length, s.value());
                assertArrayEquals(data, back);
            } finally {
                closeAll(p);
            }
        });
    }

    // Go: TestCloseWrite (net_test.go)
    @Test
    void testCloseWrite() {
        inMain(() -> {
            Conn[] p = pair();
            try {
                RecvChan<Result> server = async("close-write-server", () -> {
                    byte[] b = new byte[1];
                    assertEquals(-1, p[1].read(b, 0, 1), "server: want EOF after the client's CloseWrite");
                    p[1].closeWrite();
                    return assertThrows(IOException.class, () -> p[1].write(b, 0, 1), "server: write after CloseWrite");
                });
                p[0].closeWrite();
                byte[] b = new byte[1];
                assertEquals(-1, p[0].read(b, 0, 1), "client: want EOF after the server's CloseWrite");
                IOException e = assertThrows(IOException.class, () -> p[0].write(b, 0, 1));
                assertTrue(e.getMessage().startsWith(rw("write", p[0]) + ": write: "), e.getMessage());
                Result r = recvWithin(server, BOUND, "server");
                rethrow(r.thrown());
                p[0].close();
                NetClosedException c = assertThrows(NetClosedException.class, () -> p[0].closeWrite());
                assertEquals(rw("close", p[0]) + ": use of closed network connection", c.getMessage());
            } finally {
                closeAll(p);
            }
        });
    }

    @Test
    void testStreamsAndByteBuffers() {
        inMain(() -> {
            Conn[] p = pair();
            try {
                OutputStream out = p[0].outputStream();
                assertSame(out, p[0].outputStream());
                out.write('x');
                out.write("yz".getBytes(StandardCharsets.US_ASCII));
                ByteBuffer src = ByteBuffer.wrap("w".getBytes(StandardCharsets.US_ASCII));
                assertEquals(1, p[0].write(src));
                InputStream in = p[1].inputStream();
                assertEquals('x', in.read());
                assertEquals(0, p[1].read(new byte[4], 0, 0), "a read of nothing");
                ByteBuffer dst = ByteBuffer.allocate(3);
                while (dst.hasRemaining()) {
                    assertTrue(p[1].read(dst) > 0);
                }
                assertEquals("yzw", new String(dst.array(), StandardCharsets.US_ASCII));
                assertThrows(IndexOutOfBoundsException.class, () -> p[1].read(new byte[2], 1, 2));
                out.close();
                assertFalse(p[0].isOpen());
                assertEquals(-1, in.read());
            } finally {
                closeAll(p);
            }
        });
    }

    // Go: TestTCPConcurrentAccept / the many-connection echo cases of tcpsock_test.go
    @Test
    void testManyConcurrentEchoRoundTrips() {
        int n = 1000;
        inMain(() -> {
            Failures failures = new Failures();
            try (Listener ln = localListener()) {
                echoServer(ln, failures);
                String addr = hostPort(ln);
                Chan<Integer> done = Chan.make(n);
                AtomicInteger ok = new AtomicInteger();
                for (int i = 0; i < n; i++) {
                    int id = i;
                    Go.go("client", () -> {
                        try (Conn c = Net.dial("tcp", addr)) {
                            c.setDeadline(Instant.now().plusSeconds(30));
                            byte[] msg = ("message " + id).getBytes(StandardCharsets.US_ASCII);
                            for (int round = 0; round < 3; round++) {
                                c.write(msg, 0, msg.length);
                                byte[] got = c.inputStream().readNBytes(msg.length);
                                if (!Arrays.equals(msg, got)) {
                                    throw new AssertionError("client " + id + " got " + new String(got, StandardCharsets.US_ASCII));
                                }
                            }
                            ok.incrementAndGet();
                        } catch (Throwable t) {
                            failures.all.add(t);
                        } finally {
                            done.send(id);
                        }
                    });
                }
                for (int i = 0; i < n; i++) {
                    recvWithin(done, Duration.ofSeconds(40), "client " + i + " of " + n);
                }
                failures.check();
                assertEquals(n, ok.get());
            }
        });
    }

    // ================================================================== close

    static int blockedRead(Conn c) throws IOException {
        return c.read(new byte[16], 0, 16);
    }

    static Conn blockedAccept(Listener ln) throws IOException {
        return ln.accept();
    }

    // Go: TestCloseUnblocksRead (net_test.go)
    @Test
    void testCloseUnblocksRead() {
        inMain(() -> {
            Conn[] p = pair();
            try {
                RecvChan<Result> r = async("reader", () -> blockedRead(p[0]));
                assertTrue(awaitIOWait("blockedRead", BOUND), "the reader never blocked in IO wait");
                p[0].close();
                Result res = recvWithin(r, BOUND, "blocked read after close");
                assertInstanceOf(NetClosedException.class, res.thrown(), String.valueOf(res));
                assertEquals(rw("read", p[0]) + ": use of closed network connection", res.thrown().getMessage());
                NetClosedException later = assertThrows(NetClosedException.class, () -> p[0].read(new byte[1], 0, 1));
                assertEquals(rw("read", p[0]) + ": use of closed network connection", later.getMessage());
                assertThrows(NetClosedException.class, () -> p[0].write(new byte[1], 0, 1));
                assertThrows(NetClosedException.class, () -> p[0].read(new byte[1], 0, 0));
                p[0].close(); // idempotent
                assertEquals(-1, p[1].read(new byte[1], 0, 1), "the peer sees EOF");
            } finally {
                closeAll(p);
            }
        });
    }

    // Go: TestAcceptAfterClose-style: close wakes a blocked Accept and later ones fail (net_test.go TestCloseUnblocksRead for listeners)
    @Test
    void testCloseUnblocksAccept() {
        inMain(() -> {
            Listener ln = localListener();
            RecvChan<Result> a1 = async("acceptor-1", () -> blockedAccept(ln));
            RecvChan<Result> a2 = async("acceptor-2", () -> blockedAccept(ln));
            assertTrue(awaitIOWait("blockedAccept", BOUND), "no acceptor blocked in IO wait");
            ln.close();
            String want = "accept tcp " + hostPort(ln) + ": use of closed network connection";
            for (RecvChan<Result> a : java.util.List.of(a1, a2)) {
                Result r = recvWithin(a, BOUND, "blocked accept after close");
                assertInstanceOf(NetClosedException.class, r.thrown(), String.valueOf(r));
                assertEquals(want, r.thrown().getMessage());
            }
            NetClosedException e = assertThrows(NetClosedException.class, ln::accept);
            assertEquals(want, e.getMessage());
            ln.close();
        });
    }

    // The same from a platform thread: the read blocks the thread; close from a goroutine wakes it
    @Test
    void testPlatformThreadBlockedReadWokenByClose() throws Exception {
        AtomicReference<Conn[]> pr = new AtomicReference<>();
        inMain(() -> pr.set(pair()));
        Conn[] p = pr.get();
        try {
            AtomicReference<Throwable> got = new AtomicReference<>();
            Thread t = Thread.ofPlatform().name("platform-reader").start(() -> {
                try {
                    blockedRead(p[0]);
                } catch (Throwable e) {
                    got.set(e);
                }
            });
            // bounded: let it block, then close from a goroutine
            long end = System.nanoTime() + Duration.ofSeconds(2).toNanos();
            while (t.getState() == Thread.State.RUNNABLE && System.nanoTime() - end < 0) {
                Thread.onSpinWait();
            }
            inMain(() -> p[0].close());
            t.join(BOUND.toMillis());
            assertFalse(t.isAlive(), "the platform thread's read did not end");
            assertInstanceOf(NetClosedException.class, got.get(), String.valueOf(got.get()));
        } finally {
            closeAll(p);
        }
    }

    // Non-goroutine callers: a whole echo exchange from a platform thread
    @Test
    void testPlatformThreadCallers() throws Exception {
        AtomicReference<Throwable> err = new AtomicReference<>();
        Thread t = Thread.ofPlatform().start(() -> {
            try (Listener ln = localListener()) {
                Thread server = Thread.ofPlatform().start(() -> {
                    try (Conn c = ln.accept()) {
                        byte[] b = new byte[5];
                        c.inputStream().readNBytes(b, 0, 5);
                        c.write(b, 0, 5);
                        readAll(c); // holds the connection open until the client closes
                    } catch (Throwable e) {
                        err.compareAndSet(null, e);
                    }
                });
                try (Conn c = Net.dial("tcp", hostPort(ln))) {
                    c.write("hello".getBytes(StandardCharsets.US_ASCII), 0, 5);
                    assertEquals("hello", new String(c.inputStream().readNBytes(5), StandardCharsets.US_ASCII));
                    c.setReadDeadline(Instant.now().plusMillis(50));
                    assertTimeout(assertThrows(IOException.class, () -> readAll(c)), rw("read", c));
                }
                server.join(BOUND.toMillis());
            } catch (Throwable e) {
                err.compareAndSet(null, e);
            }
        });
        t.join(Duration.ofSeconds(30).toMillis());
        assertFalse(t.isAlive());
        rethrow(err.get());
    }

    // An interrupted thread neither closes the connection (as a NIO channel would) nor loses its interrupt status
    @Test
    void testInterruptStatusKeptAndConnStaysOpen() throws Exception {
        AtomicReference<Conn[]> pr = new AtomicReference<>();
        inMain(() -> pr.set(pair()));
        Conn[] p = pr.get();
        try {
            Thread.currentThread().interrupt();
            p[0].write(new byte[] {7}, 0, 1);
            assertEquals(1, p[1].read(new byte[1], 0, 1));
            assertTrue(Thread.interrupted(), "interrupt status kept");
            assertTrue(p[0].isOpen());
            p[1].write(new byte[] {8}, 0, 1);
            byte[] b = new byte[1];
            assertEquals(1, p[0].read(b, 0, 1));
            assertEquals(8, b[0]);
        } finally {
            Thread.interrupted();
            closeAll(p);
        }
    }

    // ================================================================== deadlines

    // Go: TestReadTimeout (timeout_test.go): a deadline already past, then a 50 ms one; each read twice
    @Test
    void testReadTimeout() {
        inMain(() -> {
            Conn[] p = pair();
            try {
                Conn c = p[0];
                for (Duration timeout : new Duration[] {Duration.ofSeconds(-5), Duration.ofMillis(50)}) {
                    c.setReadDeadline(Instant.now().plus(timeout));
                    for (int i = 0; i < 2; i++) {
                        long start = System.nanoTime();
                        IOException e = assertThrows(IOException.class, () -> c.read(new byte[1], 0, 1));
                        assertTimeout(e, rw("read", c));
                        Duration took = since(start);
                        if (timeout.isNegative()) {
                            assertTrue(took.compareTo(Duration.ofSeconds(1)) < 0, "past deadline took " + took);
                        } else if (i == 0) {
                            assertTrue(took.compareTo(timeout.minus(SLACK)) >= 0, "timed out after " + took);
                            assertTrue(took.compareTo(BOUND) < 0, "timed out after " + took);
                        }
                    }
                }
                // after a timeout the connection stays usable once the deadline is moved
                c.setReadDeadline(null);
                p[1].write(new byte[] {42}, 0, 1);
                byte[] b = new byte[1];
                assertEquals(1, c.read(b, 0, 1));
                assertEquals(42, b[0]);
            } finally {
                closeAll(p);
            }
        });
    }

    // Go: TestWriteTimeout (timeout_test.go): the peer never reads
    @Test
    void testWriteTimeout() {
        inMain(() -> {
            Conn[] p = pair();
            try {
                Conn c = p[0];
                byte[] chunk = new byte[256 * 1024];
                for (Duration timeout : new Duration[] {Duration.ofSeconds(-5), Duration.ofMillis(50)}) {
                    c.setWriteDeadline(Instant.now().plus(timeout));
                    long start = System.nanoTime();
                    IOException e = null;
                    for (int i = 0; i < 10_000 && e == null; i++) {
                        try {
                            c.write(chunk, 0, chunk.length);
                        } catch (IOException x) {
                            e = x;
                        }
                    }
                    assertTimeout(e, rw("write", c));
                    assertTrue(since(start).compareTo(BOUND) < 0, "write timed out after " + since(start));
                    // and again at once
                    assertTimeout(assertThrows(IOException.class, () -> c.write(chunk, 0, 1)), rw("write", c));
                }
                // usable again: drain on the other side, write with no deadline
                c.setWriteDeadline(null);
                p[1].setReadDeadline(Instant.now().plus(BOUND));
                RecvChan<Result> drain = async("drain", () -> {
                    byte[] b = new byte[64 * 1024];
                    long total = 0;
                    try {
                        for (int n; (n = p[1].read(b, 0, b.length)) > 0; ) {
                            total += n;
                        }
                    } catch (NetClosedException e) {
                        // closed below
                    }
                    return total;
                });
                c.write(chunk, 0, chunk.length);
                c.closeWrite();
                Result r = recvWithin(drain, BOUND, "drain");
                rethrow(r.thrown());
                assertTrue((Long) r.value() >= chunk.length);
            } finally {
                closeAll(p);
            }
        });
    }

    // Go: TestAcceptTimeout (timeout_test.go)
    @Test
    void testAcceptTimeout() {
        inMain(() -> {
            try (Listener ln = localListener()) {
                String prefix = "accept tcp " + hostPort(ln);
                for (Duration timeout : new Duration[] {Duration.ofSeconds(-5), Duration.ofMillis(10), Duration.ofMillis(50)}) {
                    ln.setDeadline(Instant.now().plus(timeout));
                    for (int i = 0; i < 2; i++) {
                        long start = System.nanoTime();
                        assertTimeout(assertThrows(IOException.class, ln::accept), prefix);
                        if (!timeout.isNegative() && i == 0) {
                            assertTrue(since(start).compareTo(timeout.minus(SLACK)) >= 0, "after " + since(start));
                        }
                    }
                }
                ln.setDeadline(null);
                RecvChan<Result> acc = async("accept", ln::accept);
                try (Conn c = Net.dial("tcp", hostPort(ln))) {
                    Result r = recvWithin(acc, BOUND, "accept after timeouts");
                    rethrow(r.thrown());
                    ((Conn) r.value()).close();
                }
            }
        });
    }

    // Go: TestReadTimeoutMustNotReturn (timeout_test.go): deadlines moved far or removed while a read waits
    @Test
    void testReadTimeoutMustNotReturn() {
        inMain(() -> {
            Conn[] p = pair();
            try {
                Conn c = p[0];
                c.setDeadline(Instant.now().plusMillis(100));
                RecvChan<Result> r = async("reader", () -> blockedRead(c));
                awaitIOWait("blockedRead", Duration.ofMillis(80));
                c.setDeadline(null);
                c.setWriteDeadline(Instant.now().plusSeconds(3600));
                c.setReadDeadline(null);
                assertTrue(silentFor(r, Duration.ofMillis(300)), "read returned although its deadline was removed");
                c.close();
                Result res = recvWithin(r, BOUND, "read after close");
                assertInstanceOf(NetClosedException.class, res.thrown(), String.valueOf(res));
            } finally {
                closeAll(p);
            }
        });
    }

    // Go: SetDeadline's contract (net.go "A deadline can be extended"): a deadline extended while blocked applies
    @Test
    void testDeadlineExtendedWhileBlocked() {
        inMain(() -> {
            Conn[] p = pair();
            try {
                Conn c = p[0];
                long start = System.nanoTime();
                c.setReadDeadline(Instant.now().plusMillis(100));
                RecvChan<Result> r = async("reader", () -> blockedRead(c));
                awaitIOWait("blockedRead", Duration.ofMillis(50));
                c.setReadDeadline(Instant.now().plusMillis(400));
                Result res = recvWithin(r, BOUND, "read with an extended deadline");
                assertTimeout(res.thrown(), rw("read", c));
                Duration took = since(start);
                assertTrue(took.compareTo(Duration.ofMillis(400).minus(SLACK)) >= 0, "timed out after " + took);
            } finally {
                closeAll(p);
            }
        });
    }

    // Go: SetDeadline's contract: a deadline brought forward (or set past) while blocked wakes the read
    @Test
    void testDeadlineShortenedWhileBlocked() {
        inMain(() -> {
            Conn[] p = pair();
            try {
                Conn c = p[0];
                c.setReadDeadline(Instant.now().plusSeconds(3600));
                RecvChan<Result> r = async("reader", () -> blockedRead(c));
                assertTrue(awaitIOWait("blockedRead", BOUND), "the reader never blocked");
                long start = System.nanoTime();
                c.setReadDeadline(Instant.now().plusMillis(50));
                Result res = recvWithin(r, BOUND, "read with a shortened deadline");
                assertTimeout(res.thrown(), rw("read", c));
                assertTrue(since(start).compareTo(Duration.ofSeconds(5)) < 0, "after " + since(start));
                // set in the past while blocked
                c.setReadDeadline(null);
                RecvChan<Result> r2 = async("reader", () -> blockedRead(c));
                assertTrue(awaitIOWait("blockedRead", BOUND), "the second reader never blocked");
                c.setDeadline(Instant.EPOCH);
                assertTimeout(recvWithin(r2, BOUND, "read with a past deadline").thrown(), rw("read", c));
                // far-future and extreme instants are no deadline at all
                c.setReadDeadline(Instant.MAX);
                p[1].write(new byte[] {1}, 0, 1);
                assertEquals(1, c.read(new byte[1], 0, 1));
                c.setReadDeadline(Instant.MIN);
                assertTimeout(assertThrows(IOException.class, () -> c.read(new byte[1], 0, 1)), rw("read", c));
            } finally {
                closeAll(p);
            }
        });
    }

    // Go: TestDialTimeout's spent-timeout case (timeout_test.go) and a zero timeout meaning none
    @Test
    void testDialTimeout() {
        inMain(() -> {
            try (Listener ln = localListener()) {
                String addr = hostPort(ln);
                DeadlineExceededException e = assertThrows(DeadlineExceededException.class,
                        () -> Net.dialTimeout("tcp", addr, Duration.ofMillis(-1)));
                assertEquals("dial tcp " + addr + ": i/o timeout", e.getMessage());
                try (Conn c = Net.dialTimeout("tcp", addr, Duration.ZERO)) {
                    assertEquals(ln.addr().getPort(), c.remoteAddr().getPort());
                }
                try (Conn c = Net.dialTimeout("tcp", addr, Duration.ofSeconds(5))) {
                    assertTrue(c.isOpen());
                }
            }
        });
    }

    // Go: TestDialContextCancel-style cases (dial_test.go): canceled and expired contexts
    @Test
    void testDialContext() {
        inMain(() -> {
            try (Listener ln = localListener()) {
                String addr = hostPort(ln);
                CancelContext canceled = Context.withCancel(Context.background());
                canceled.cancel();
                IOException e = assertThrows(IOException.class, () -> Net.dialContext(canceled, "tcp", addr));
                assertEquals("dial tcp " + addr + ": operation was canceled", e.getMessage());
                assertSame(Context.CANCELED, e.getCause());
                assertFalse(e instanceof DeadlineExceededException);

                try (CancelContext expired = Context.withDeadline(Context.background(), Instant.now().minusSeconds(1))) {
                    DeadlineExceededException d = assertThrows(DeadlineExceededException.class,
                            () -> Net.dialContext(expired, "tcp", addr));
                    assertEquals("dial tcp " + addr + ": i/o timeout", d.getMessage());
                    assertSame(Context.DEADLINE_EXCEEDED, d.getCause());
                }
                try (CancelContext live = Context.withTimeout(Context.background(), Duration.ofSeconds(30));
                     Conn c = Net.dialContext(live, "tcp", addr)) {
                    live.cancel(); // once connected the context no longer matters
                    c.write(new byte[] {1}, 0, 1);
                    assertTrue(c.isOpen());
                }
                try (Conn c = Net.dialContext(Context.background(), "tcp", addr)) {
                    assertTrue(c.isOpen());
                }
            }
        });
    }

    // ================================================================== the poller in dumps

    @Test
    void testBlockedReadShowsIOWait() {
        inMain(() -> {
            Conn[] p = pair();
            try {
                RecvChan<Result> r = async("io-wait-reader", () -> blockedRead(p[0]));
                assertTrue(awaitIOWait("blockedRead", BOUND),
                        "no goroutine in [IO wait] reading; dump:\n" + GoRuntime.stack(true));
                p[1].write(new byte[] {5}, 0, 1);
                Result res = recvWithin(r, BOUND, "read after data");
                rethrow(res.thrown());
                assertEquals(1, res.value());
            } finally {
                closeAll(p);
            }
        });
    }

    /** How many goroutines of a dump are in {@code [IO wait}. */
    static int countIOWait(String dump) {
        int n = 0;
        for (String g : dump.split("\n\n")) {
            if (g.contains("[IO wait")) {
                n++;
            }
        }
        return n;
    }

    // Blocked goroutines park on the poller: with GOMAXPROCS=1 and 200 blocked readers the
    // program keeps running on few threads, and close wakes them all
    @Test
    void testBlockedReadersHoldNoThread() {
        int n = 200;
        int saved = GoRuntime.gomaxprocs(1);
        try {
            inMain(() -> {
                try (Listener ln = localListener()) {
                    Conn[] clients = new Conn[n];
                    Conn[] servers = new Conn[n];
                    for (int i = 0; i < n; i++) {
                        RecvChan<Result> acc = async("accept", ln::accept);
                        clients[i] = Net.dial("tcp", hostPort(ln));
                        Result r = recvWithin(acc, BOUND, "accept " + i);
                        rethrow(r.thrown());
                        servers[i] = (Conn) r.value();
                    }
                    Chan<Result> results = Chan.make(n);
                    for (Conn c : clients) {
                        Go.go("parked-reader", () -> {
                            Result r;
                            try {
                                r = new Result(blockedRead(c), null);
                            } catch (Throwable t) {
                                r = new Result(null, t);
                            }
                            results.send(r);
                        });
                    }
                    long end = System.nanoTime() + BOUND.toNanos();
                    int waiting;
                    while ((waiting = countIOWait(GoRuntime.stack(true))) < n && System.nanoTime() - end < 0) {
                        Time.sleep(Duration.ofMillis(5));
                    }
                    assertEquals(n, waiting, "goroutines in IO wait");
                    int threads = GoRuntime.schedStats().threads();
                    assertTrue(threads < n / 2, "blocked readers hold threads: " + GoRuntime.schedStats());
                    // the one P still runs other goroutines
                    Chan<Integer> ping = Chan.make();
                    Go.go("ping", () -> ping.send(1));
                    assertEquals(1, recvWithin(ping, BOUND, "ping"));
                    for (Conn c : clients) {
                        c.close();
                    }
                    for (int i = 0; i < n; i++) {
                        Result r = recvWithin(results, BOUND, "reader " + i + " after close");
                        assertInstanceOf(NetClosedException.class, r.thrown(), String.valueOf(r));
                    }
                    for (Conn c : servers) {
                        c.close();
                    }
                }
            });
        } finally {
            GoRuntime.gomaxprocs(saved);
        }
    }
}
