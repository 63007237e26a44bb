package io.goroutines.tests;

import com.softwaremill.jox.Channel;
import com.sun.net.httpserver.HttpServer;
import io.goroutines.Chan;
import io.goroutines.Go;
import io.goroutines.GoRuntime;
import io.goroutines.RecvChan;
import io.goroutines.time.Time;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Timer;
import java.util.TimerTask;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Java code inside a goroutine makes threads in every way the JDK offers, and they run.
 * A virtual thread started inside a goroutine inherits the goroutine's G as its
 * scheduler (the JDK gives a new virtual thread its parent's); {@code G.execute} sends
 * such a foreign thread to the JDK's default scheduler. Before that, the G readied
 * itself instead and the child never ran: every case below that starts a virtual
 * thread from a goroutine failed then (see each case's note).
 *
 * <p>Every wait is bounded by {@link #WAIT}, so a child that never runs fails its case
 * within seconds rather than hanging the class.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ForeignThreadsTest {

    private static final Duration WAIT = Duration.ofSeconds(5);

    /** A body that may throw, run as the main goroutine of a {@code Go.main}. */
    private interface Body {
        void run() throws Exception;
    }

    private static void inGoMain(Body body) {
        Go.main(() -> {
            try {
                body.run();
            } catch (RuntimeException | Error e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private static void await(CountDownLatch latch, String what) throws InterruptedException {
        assertTrue(latch.await(WAIT.toMillis(), TimeUnit.MILLISECONDS),
                what + ": " + latch.getCount() + " left after " + WAIT);
    }

    private static void join(Thread t) throws InterruptedException {
        assertTrue(t.join(WAIT), t + " did not end within " + WAIT);
    }

    // ------------------------------------------------------------------ Thread API

    @Test
    void ofVirtualStartJoinSeesTheChildsEffect() {
        inGoMain(() -> {
            AtomicReference<Thread> ranOn = new AtomicReference<>();
            Thread child = Thread.ofVirtual().name("foreign-child").start(() -> ranOn.set(Thread.currentThread()));
            join(child);
            assertEquals(child, ranOn.get());
            assertTrue(ranOn.get().isVirtual());
        });
    }

    @Test
    void thousandStartVirtualThreadChildrenAllRun() {
        inGoMain(() -> {
            int n = 1000;
            CountDownLatch ran = new CountDownLatch(n);
            for (int i = 0; i < n; i++) {
                Thread.startVirtualThread(ran::countDown);
            }
            await(ran, "children of Thread.startVirtualThread");
        });
    }

    @Test
    void childThatSleepsParksAndBlocksOnALockCompletes() {
        inGoMain(() -> {
            // Thread.sleep: woken by the JDK's timer, which resubmits the child.
            Thread sleeper = Thread.ofVirtual().start(() -> {
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            join(sleeper);

            // LockSupport.park, unparked by the goroutine.
            AtomicBoolean released = new AtomicBoolean();
            CountDownLatch parking = new CountDownLatch(1);
            Thread parker = Thread.ofVirtual().start(() -> {
                parking.countDown();
                while (!released.get()) {
                    LockSupport.park(released);
                }
            });
            await(parking, "parker started");
            released.set(true);
            LockSupport.unpark(parker);
            join(parker);

            // A ReentrantLock the goroutine holds until the child waits for it.
            ReentrantLock lock = new ReentrantLock();
            AtomicBoolean childHeldLock = new AtomicBoolean();
            lock.lock();
            Thread locker;
            try {
                locker = Thread.ofVirtual().start(() -> {
                    lock.lock();
                    try {
                        childHeldLock.set(true);
                    } finally {
                        lock.unlock();
                    }
                });
                long deadline = System.nanoTime() + WAIT.toNanos();
                while (!lock.hasQueuedThread(locker) && System.nanoTime() < deadline) {
                    Thread.onSpinWait();
                }
                assertTrue(lock.hasQueuedThread(locker), "child never queued on the lock");
            } finally {
                lock.unlock();
            }
            join(locker);
            assertTrue(childHeldLock.get());
        });
    }

    @Test
    void childThatYieldsAndItsGrandchildComplete() {
        inGoMain(() -> {
            AtomicInteger yields = new AtomicInteger();
            AtomicReference<Thread> grandchild = new AtomicReference<>();
            CountDownLatch grandchildRan = new CountDownLatch(1);
            Thread child = Thread.ofVirtual().start(() -> {
                for (int i = 0; i < 100; i++) {
                    Thread.yield();
                    yields.incrementAndGet();
                }
                GoRuntime.gosched(); // outside a goroutine: a plain yield
                grandchild.set(Thread.ofVirtual().start(grandchildRan::countDown));
            });
            join(child);
            assertEquals(100, yields.get());
            await(grandchildRan, "grandchild");
            join(grandchild.get());
        });
    }

    // ------------------------------------------------------------------ executors, STS

    @Test
    void virtualThreadPerTaskExecutorSubmitAndInvokeAll() {
        inGoMain(() -> {
            ExecutorService ex = Executors.newVirtualThreadPerTaskExecutor();
            try {
                Future<String> f = ex.submit(() -> Thread.currentThread().isVirtual() ? "virtual" : "platform");
                assertEquals("virtual", f.get(WAIT.toMillis(), TimeUnit.MILLISECONDS));

                List<Callable<Integer>> tasks = new ArrayList<>();
                for (int i = 0; i < 10; i++) {
                    int k = i;
                    tasks.add(() -> k * k);
                }
                List<Future<Integer>> done = ex.invokeAll(tasks, WAIT.toMillis(), TimeUnit.MILLISECONDS);
                int sum = 0;
                for (Future<Integer> d : done) {
                    assertTrue(d.isDone() && !d.isCancelled(), "invokeAll timed out on a task");
                    sum += d.resultNow();
                }
                assertEquals(285, sum);
            } finally {
                closeBounded(ex);
            }
        });
    }

    /**
     * {@code StructuredTaskScope} is a preview API whose shape changed in JDK 25, and
     * this project compiles with {@code --release 21}: a child JVM with
     * {@code --enable-preview} runs {@link StructuredTaskScopeProbe}, which picks the
     * running JDK's API by reflection.
     */
    @Test
    void structuredTaskScopeForksRunInAChildJvm() throws Exception {
        StructuredTaskScopeProbe.assertForksSumInChildJvm();
    }

    /**
     * Shuts {@code ex} down and waits for it at most {@link #WAIT}. Not {@code close()},
     * which waits for every task: a task whose thread never ran would hang it.
     */
    private static void closeBounded(ExecutorService ex) throws InterruptedException {
        ex.shutdownNow();
        ex.awaitTermination(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** {@link #closeBounded(ExecutorService)} for an HttpClient, whose close waits for its requests. */
    private static void closeBounded(HttpClient client) throws InterruptedException {
        client.shutdownNow();
        client.awaitTermination(WAIT);
    }

    // ------------------------------------------------------------------ other JDK threads

    /**
     * None of these starts a virtual thread (ForkJoinPool.commonPool's workers and the
     * Timer's thread are platform threads): they worked before the fix too, and are here
     * so that they keep working.
     */
    @Test
    void completableFutureParallelStreamAndJavaUtilTimer() {
        inGoMain(() -> {
            assertEquals(42, CompletableFuture.supplyAsync(() -> 6 * 7).get(WAIT.toMillis(), TimeUnit.MILLISECONDS));
            assertEquals(499_500, IntStream.range(0, 1000).parallel().sum());

            Chan<String> fired = Chan.make();
            Timer timer = sendLater(fired, "fired", 10);
            try {
                // A select with a goroutine timer bounds the wait; the pending timer also
                // keeps checkdead from judging while the Timer thread has not sent yet.
                AtomicReference<String> got = new AtomicReference<>();
                Go.select()
                        .recv(fired, got::set)
                        .recv(Time.after(WAIT), t -> { })
                        .run();
                assertEquals("fired", got.get());
            } finally {
                timer.cancel();
            }
        });
    }

    @Test
    void httpClientSendAndSendAsyncAgainstALocalServer() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/hello", exchange -> {
            byte[] body = ("hello " + exchange.getRequestMethod()).getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream os = exchange.getResponseBody()) {
                os.write(body);
            }
        });
        server.start();
        try {
            URI uri = URI.create("http://" + server.getAddress().getHostString() + ":"
                    + server.getAddress().getPort() + "/hello");
            inGoMain(() -> {
                HttpRequest req = HttpRequest.newBuilder(uri).timeout(WAIT).build();
                HttpClient client = HttpClient.newHttpClient();
                try {
                    HttpResponse<String> r = client.send(req, HttpResponse.BodyHandlers.ofString());
                    assertEquals(200, r.statusCode());
                    assertEquals("hello GET", r.body());
                } finally {
                    closeBounded(client);
                }
                // The client's own executor makes virtual threads, some from this goroutine.
                ExecutorService ex = Executors.newVirtualThreadPerTaskExecutor();
                HttpClient asyncClient = HttpClient.newBuilder().executor(ex).build();
                try {
                    HttpResponse<String> r = asyncClient.sendAsync(req, HttpResponse.BodyHandlers.ofString())
                            .get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
                    assertEquals("hello GET", r.body());
                } finally {
                    closeBounded(asyncClient);
                    closeBounded(ex);
                }
            });
        } finally {
            server.stop(0);
        }
    }

    // ------------------------------------------------------------------ channels

    @Test
    void joxChannelsBetweenAGoroutineAndAChildVirtualThread() {
        inGoMain(() -> {
            Channel<Integer> toChild = Channel.newRendezvousChannel();
            Channel<Integer> toParent = Channel.newRendezvousChannel();
            Thread child = Thread.ofVirtual().start(() -> {
                try {
                    for (int i = 0; i < 100; i++) {
                        toParent.send(toChild.receive() + 1);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            // Jox's blocking calls have no timeout: a watchdog interrupts the goroutine
            // should the child never run.
            Thread self = Thread.currentThread();
            Thread watchdog = Thread.ofPlatform().daemon().start(() -> {
                try {
                    Thread.sleep(WAIT.toMillis());
                    self.interrupt();
                } catch (InterruptedException e) {
                    // the exchange ended in time
                }
            });
            try {
                for (int i = 0; i < 100; i++) {
                    toChild.send(i);
                    assertEquals(i + 1, toParent.receive());
                }
            } finally {
                watchdog.interrupt();
            }
            join(child);
        });
    }

    /**
     * The goroutine's channel and time functions from a child virtual thread. The child
     * is not a goroutine: its {@code Time.sleep} must park and wake the child itself,
     * not the goroutine whose G it inherited as its scheduler.
     */
    @Test
    void goroutinesChannelsAndSleepFromAChildVirtualThread() {
        inGoMain(() -> {
            Time.sleep(Duration.ofMillis(1)); // the goroutine now has a sleep timer of its own
            Chan<Integer> c = Chan.make();
            Thread child = Thread.ofVirtual().start(() -> {
                Time.sleep(Duration.ofMillis(20));
                for (int i = 0; i < 10; i++) {
                    c.send(i);
                }
                c.close();
            });
            // Bounded: a child whose sleep never ends would leave this receive parked.
            RecvChan<Instant> deadline = Time.after(WAIT);
            AtomicInteger sum = new AtomicInteger();
            AtomicBoolean open = new AtomicBoolean(true);
            while (open.get()) {
                Go.select()
                        .recvOk(c, (v, ok) -> {
                            if (ok) {
                                sum.addAndGet(v);
                            } else {
                                open.set(false);
                            }
                        })
                        .recv(deadline, t -> fail("the child did not finish sending within " + WAIT))
                        .run();
            }
            assertEquals(45, sum.get());
            join(child);
        });
    }

    /**
     * The goroutine waits on a channel that only a child virtual thread will send on,
     * after a wait the runtime does not see ({@code Thread.sleep}). Every goroutine is
     * then parked on a channel with no timer pending, which is all checkdead sees: it
     * must not call that a deadlock while the child lives. Bounded by checkdead itself
     * should the child never run.
     */
    @Test
    void goroutineWaitingOnAChildThatSleepsFirstIsNoDeadlock() {
        inGoMain(() -> {
            Chan<String> c = Chan.make();
            Thread child = Thread.ofVirtual().start(() -> {
                try {
                    Thread.sleep(200);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                c.send("after sleep");
            });
            assertEquals("after sleep", c.recv());
            join(child);
        });
    }

    /**
     * As {@link #completableFutureParallelStreamAndJavaUtilTimer} with a plain receive:
     * the goroutine is parked on a channel that only the Timer's platform thread will
     * send on, 200 ms later. That thread, started inside the program and waiting with a
     * deadline, may still end the wait, so checkdead must not call it a deadlock
     * (ADR 0010).
     */
    @Test
    void goroutineWaitingOnAJavaUtilTimerWithAPlainReceive() {
        inGoMain(() -> {
            Chan<String> fired = Chan.make();
            Timer timer = sendLater(fired, "fired", 200);
            try {
                assertEquals("fired", fired.recv());
            } finally {
                timer.cancel();
            }
        });
    }

    /** A daemon java.util.Timer that sends {@code v} on {@code c} from its own platform thread after {@code ms}. */
    private static Timer sendLater(Chan<String> c, String v, long ms) {
        Timer timer = new Timer("foreign-timer", true);
        timer.schedule(new TimerTask() {
            @Override
            public void run() {
                c.send(v);
            }
        }, ms);
        return timer;
    }

    // ------------------------------------------------------------------ thread locals

    private static final InheritableThreadLocal<String> INHERITED = new InheritableThreadLocal<>();

    @Test
    void inheritableThreadLocalReachesVirtualAndPlatformChildren() {
        inGoMain(() -> {
            INHERITED.set("from goroutine");
            try {
                AtomicReference<String> inVirtual = new AtomicReference<>();
                AtomicReference<String> inPlatform = new AtomicReference<>();
                join(Thread.ofVirtual().start(() -> inVirtual.set(INHERITED.get())));
                join(Thread.ofPlatform().start(() -> inPlatform.set(INHERITED.get())));
                assertEquals("from goroutine", inVirtual.get());
                assertEquals("from goroutine", inPlatform.get());
            } finally {
                INHERITED.remove();
            }
        });
    }

    // ------------------------------------------------------------------ not a goroutine

    /** A frame only the foreign children of the test below have. */
    private static void foreignChildParked(CountDownLatch started, CountDownLatch release) {
        started.countDown();
        try {
            release.await(WAIT.toMillis() * 2, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * A child virtual thread is not a goroutine: {@code NumGoroutine} does not count it,
     * the goroutine dump ({@code GoroutineDump}, which lists {@code allgs}) does not show
     * it, and its own {@code GoRuntime.stack} calls it a thread, not a goroutine.
     */
    @Test
    void childVirtualThreadIsNotAGoroutine() {
        inGoMain(() -> {
            int before = GoRuntime.numGoroutine();
            int n = 20;
            CountDownLatch started = new CountDownLatch(n);
            CountDownLatch release = new CountDownLatch(1);
            List<Thread> children = new ArrayList<>();
            try {
                for (int i = 0; i < n; i++) {
                    children.add(Thread.ofVirtual().start(() -> foreignChildParked(started, release)));
                }
                await(started, "children started");
                // Goroutines of earlier test classes may still be ending: at most as many.
                int during = GoRuntime.numGoroutine();
                assertTrue(during <= before, "children counted as goroutines: " + before + " -> " + during);
                String dump = GoRuntime.stack(true);
                assertFalse(dump.contains("foreignChildParked"), "child listed in the goroutine dump:\n" + dump);
                assertTrue(dump.startsWith("goroutine "), dump);

                AtomicReference<String> childStack = new AtomicReference<>();
                join(Thread.ofVirtual().name("foreign-dumper").start(() -> childStack.set(GoRuntime.stack(false))));
                assertNotNull(childStack.get());
                assertTrue(childStack.get().startsWith("thread foreign-dumper [running]:"),
                        "a child's own stack must not call it a goroutine:\n" + childStack.get());
            } finally {
                release.countDown();
            }
            for (Thread t : children) {
                join(t);
            }
        });
    }
}
