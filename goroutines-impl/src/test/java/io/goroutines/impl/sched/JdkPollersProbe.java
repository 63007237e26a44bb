package io.goroutines.impl.sched;

import io.goroutines.Go;
import io.goroutines.sync.WaitGroup;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Child-JVM program of {@link JdkPollersTest}: starts the runtime and JDK virtual-thread
 * socket I/O in the order its argument names, then serves an echo over
 * {@code java.net.Socket} with a goroutine per connection and goroutine clients, and
 * prints {@code echo=OK rounds=N hosting=B} (or the failure) and exits 0 (1 on failure).
 * <ul>
 *   <li>{@code runtime-first}: a goroutine starts the runtime before any socket I/O;</li>
 *   <li>{@code vthread-first}: a JDK virtual thread blocks in a socket read (which
 *       starts the JDK's pollers on the JDK's scheduler) before the runtime starts.</li>
 * </ul>
 */
public final class JdkPollersProbe {

    static final int CONNS = 20;
    static final int ROUNDS = 200;

    public static void main(String[] args) throws Exception {
        String order = args.length > 0 ? args[0] : "runtime-first";
        if (order.equals("vthread-first")) {
            blockInVirtualThreadRead();
        }
        boolean[] ok = {false};
        Go.main(() -> {
            try {
                ok[0] = echo();
            } catch (IOException | InterruptedException e) {
                System.out.println("echo failed: " + e);
            }
        });
        boolean hosting = Sched.get().jdkPollers.hosting();
        System.out.println("echo=" + (ok[0] ? "OK" : "FAILED") + " rounds=" + ROUNDS + " hosting=" + hosting);
        System.exit(ok[0] ? 0 : 1);
    }

    /** A JDK virtual thread (the runtime not started yet) reads a socket that is not readable at first. */
    private static void blockInVirtualThreadRead() throws Exception {
        try (ServerSocket ss = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread vt = Thread.ofVirtual().start(() -> {
                try (Socket s = ss.accept(); InputStream in = s.getInputStream()) {
                    in.read(); // parks in the JDK's poller until the peer writes
                } catch (IOException e) {
                    throw new RuntimeException(e);
                }
            });
            try (Socket c = new Socket(ss.getInetAddress(), ss.getLocalPort())) {
                // Write only once the read parked (in the JDK's poller, which that starts).
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                while (vt.getState() != Thread.State.WAITING) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("the virtual thread never parked in its read");
                    }
                    Thread.onSpinWait();
                }
                c.getOutputStream().write(1);
                if (!vt.join(java.time.Duration.ofSeconds(20))) {
                    throw new IllegalStateException("the virtual thread's read never returned");
                }
            }
        }
    }

    private static boolean echo() throws IOException, InterruptedException {
        AtomicInteger good = new AtomicInteger();
        try (ServerSocket ss = new ServerSocket(0, CONNS, InetAddress.getLoopbackAddress())) {
            Go.go(() -> {
                for (int i = 0; i < CONNS; i++) {
                    Socket s;
                    try {
                        s = ss.accept();
                    } catch (IOException e) {
                        return;
                    }
                    Go.go(() -> {
                        try (s; InputStream in = s.getInputStream(); OutputStream out = s.getOutputStream()) {
                            byte[] buf = new byte[64];
                            int n;
                            while ((n = in.read(buf)) > 0) {
                                out.write(buf, 0, n);
                            }
                        } catch (IOException ignored) {
                            // the client went away
                        }
                    });
                }
            });
            WaitGroup wg = new WaitGroup();
            for (int i = 0; i < CONNS; i++) {
                wg.add(1);
                Go.go(() -> {
                    try (Socket c = new Socket(ss.getInetAddress(), ss.getLocalPort())) {
                        c.setSoTimeout(20_000);
                        InputStream in = c.getInputStream();
                        OutputStream out = c.getOutputStream();
                        for (int r = 0; r < ROUNDS; r++) {
                            out.write(r & 0x7f);
                            if (in.read() != (r & 0x7f)) {
                                return;
                            }
                        }
                        good.incrementAndGet();
                    } catch (IOException e) {
                        System.out.println("client: " + e);
                    } finally {
                        wg.done();
                    }
                });
            }
            Thread waiter = Thread.ofPlatform().daemon().start(() -> {
                try {
                    TimeUnit.SECONDS.sleep(60);
                    System.out.println("echo hung: " + good.get() + " of " + CONNS + " clients done");
                    System.exit(3);
                } catch (InterruptedException ignored) {
                    // done in time
                }
            });
            wg.await();
            waiter.interrupt();
        }
        return good.get() == CONNS;
    }
}
