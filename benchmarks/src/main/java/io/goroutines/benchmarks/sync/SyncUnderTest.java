package io.goroutines.benchmarks.sync;

import io.goroutines.benchmarks.support.Group;
import io.goroutines.benchmarks.support.GoroutinesRuntimeState;
import io.goroutines.benchmarks.support.TaskRunner;

import io.goroutines.Go;
import io.goroutines.GoRuntime;
import io.goroutines.context.Context;
import io.goroutines.sync.Cond;
import io.goroutines.sync.Mutex;
import io.goroutines.sync.Once;
import io.goroutines.sync.RWMutex;
import io.goroutines.sync.Semaphore;
import io.goroutines.sync.WaitGroup;

import java.util.concurrent.Phaser;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * The two sync implementations the benchmarks of this package compare, chosen by
 * their {@code @Param("impl")} value, and the goroutines that use them:
 * <ul>
 *   <li>{@code goroutines}: our {@link Mutex}, {@link RWMutex}, {@link WaitGroup},
 *       {@link Once}, {@link Cond} and {@link Semaphore} (package
 *       {@code io.goroutines.sync}, on the runtime's semaphores and notify lists),
 *       used by goroutines started with {@link Go#go(Runnable)} on our G/M/P
 *       scheduler;</li>
 *   <li>{@code jdk}: what a Java developer reaches for, used by JDK virtual threads
 *       ({@code Thread.ofVirtual().start(task)}) on the JDK's default scheduler:
 *       <pre>
 *       sync.Mutex       ReentrantLock (non-fair, the default): lock / unlock
 *       sync.RWMutex     ReentrantReadWriteLock (non-fair): readLock / writeLock
 *       sync.WaitGroup   Phaser: Add(1) register, Done arriveAndDeregister,
 *                        Wait awaitAdvance (see {@link JdkWaitGroup})
 *       sync.Once        a volatile flag, double-checked under a ReentrantLock
 *                        (see {@link JdkOnce})
 *       sync.Cond        a Condition of a ReentrantLock: Wait awaitUninterruptibly
 *                        (Go's Wait ignores interrupts too), Broadcast signalAll
 *       x/sync Weighted  java.util.concurrent.Semaphore (non-fair, the default):
 *                        Acquire acquireUninterruptibly(n), TryAcquire tryAcquire(n),
 *                        Release release(n)
 *       </pre>
 *       The JDK's locks are owned by a thread and reentrant, Go's are neither; no
 *       benchmark here relies on either difference (RWMutexUncontended read-locks
 *       twice, which both allow when no writer waits).</li>
 * </ul>
 * JMH runs each {@code @Param} value in its own fork, so a {@code jdk} fork never
 * starts the goroutines runtime, and the calls through the small interfaces below
 * ({@link BenchMutex} and so on) see one implementing class per fork: monomorphic,
 * inlined, the same cost for both sides.
 *
 * <p>Until {@code io.goroutines.sync} is implemented, its operations throw
 * {@code UnsupportedOperationException("not yet implemented: ...")}:
 * {@link #check} runs a benchmark's operations once in {@code @Setup}, so that an
 * impl=goroutines trial fails there, at once, rather than in (or hung inside) the
 * measured goroutines.
 */
enum SyncUnderTest implements TaskRunner {

    GOROUTINES {
        @Override
        public void go(Runnable task) {
            Go.go(task);
        }

        @Override
        public int procs() {
            return GoRuntime.gomaxprocs(0);   // n < 1 only queries GOMAXPROCS
        }

        @Override
        BenchMutex newMutex() {
            return new OursMutex(new Mutex());
        }

        @Override
        BenchRWMutex newRWMutex() {
            return new OursRWMutex(new RWMutex());
        }

        @Override
        BenchWaitGroup newWaitGroup() {
            return new OursWaitGroup(new WaitGroup());
        }

        @Override
        BenchOnce newOnce() {
            return new OursOnce(new Once());
        }

        @Override
        BenchCond newCond() {
            Mutex mu = new Mutex();
            return new OursCond(mu, new Cond(mu));
        }

        @Override
        BenchSemaphore newSemaphore(long size) {
            return new OursSemaphore(new Semaphore(size));
        }

        @Override
        public String diagnostics() {
            return GoroutinesRuntimeState.diagnostics();
        }
    },

    JDK {
        @Override
        BenchMutex newMutex() {
            return new JdkMutex(new ReentrantLock());
        }

        @Override
        BenchRWMutex newRWMutex() {
            ReentrantReadWriteLock rw = new ReentrantReadWriteLock();
            return new JdkRWMutex(rw.readLock(), rw.writeLock());
        }

        @Override
        BenchWaitGroup newWaitGroup() {
            return new JdkWaitGroup();
        }

        @Override
        BenchOnce newOnce() {
            return new JdkOnce();
        }

        @Override
        BenchCond newCond() {
            ReentrantLock rl = new ReentrantLock();
            return new JdkCond(rl, rl.newCondition());
        }

        @Override
        BenchSemaphore newSemaphore(long size) {
            return new JdkSemaphore(new java.util.concurrent.Semaphore(Math.toIntExact(size)));
        }
    };


    /** Go's {@code sync.Mutex} as the benchmarks use it. */
    interface BenchMutex {
        void lock();

        void unlock();
    }

    /** Go's {@code sync.RWMutex} as the benchmarks use it. */
    interface BenchRWMutex {
        void lock();

        void unlock();

        void rLock();

        void rUnlock();
    }

    /** Go's {@code sync.WaitGroup} as the benchmarks use it. */
    interface BenchWaitGroup {
        void add(int delta);

        void done();

        /** Go's {@code wg.Wait()}. */
        void await() throws InterruptedException;
    }

    /** Go's {@code sync.Once} as the benchmarks use it. */
    interface BenchOnce {
        /** Go's {@code once.Do(f)}. */
        void run(Runnable f);
    }

    /** Go's {@code sync.NewCond(&Mutex{})} as the benchmarks use it: the Cond and its locker. */
    interface BenchCond {
        /** Go's {@code c.L.Lock()}. */
        void lock();

        /** Go's {@code c.L.Unlock()}. */
        void unlock();

        /** Go's {@code c.Wait()}. */
        void await();

        /** Go's {@code c.Broadcast()}. */
        void broadcast();
    }

    /** x/sync's {@code semaphore.Weighted} as its benchmarks use it (the {@code weighted} interface). */
    interface BenchSemaphore {
        /** Go's {@code Acquire(context.Background(), n)}. */
        void acquire(long n) throws Exception;

        /** Go's {@code TryAcquire(n)}. */
        boolean tryAcquire(long n);

        /** Go's {@code Release(n)}. */
        void release(long n);
    }

    /**
     * Starts {@code task} as a new goroutine (goroutines) or virtual thread (jdk:
     * {@code Thread.ofVirtual().start(task)}).
     */
    public void go(Runnable task) {
        Thread.ofVirtual().start(task);
    }

    /**
     * Go's {@code runtime.GOMAXPROCS(0)}: GOMAXPROCS for goroutines; for jdk the
     * parallelism of the JDK's virtual-thread scheduler, which defaults to the same
     * number (the available processors).
     */
    public int procs() {
        // The default scheduler's parallelism, as java.lang.VirtualThread computes it.
        return Integer.getInteger("jdk.virtualThreadScheduler.parallelism",
                Runtime.getRuntime().availableProcessors());
    }

    /** Go's {@code var mu sync.Mutex} in this implementation. */
    abstract BenchMutex newMutex();

    /** Go's {@code var rw sync.RWMutex}. */
    abstract BenchRWMutex newRWMutex();

    /** Go's {@code var wg sync.WaitGroup}. */
    abstract BenchWaitGroup newWaitGroup();

    /** Go's {@code var once sync.Once}. */
    abstract BenchOnce newOnce();

    /** Go's {@code NewCond(&Mutex{})}. */
    abstract BenchCond newCond();

    /** x/sync's {@code semaphore.NewWeighted(size)}. */
    abstract BenchSemaphore newSemaphore(long size);

    /** The state of the scheduler, for the message of a hang. */
    public String diagnostics() {
        return "JDK virtual threads on the default scheduler";
    }

    /** The name used by {@code @Param("impl")}. */
    public String paramName() {
        return name().toLowerCase();
    }

    /**
     * The implementation named by a benchmark's {@code impl} parameter. Called from
     * {@code @Setup(Level.Trial)}: for {@code goroutines} it fails fast when the runtime
     * fell back to the JDK's scheduler (typically: the fork lacks
     * {@code --add-opens java.base/java.lang=ALL-UNNAMED}), so that the fallback is
     * never measured under the name goroutines.
     */
    static SyncUnderTest of(String name) {
        switch (name) {
            case "goroutines" -> {
                GoroutinesRuntimeState.requireGmp();
                return GOROUTINES;
            }
            case "jdk" -> {
                return JDK;
            }
            default -> throw new IllegalArgumentException("unknown impl \"" + name
                    + "\": expected goroutines or jdk");
        }
    }

    /**
     * Runs one iteration of what the benchmark {@code method} (a method name of
     * SyncBenchmarks) does, once, in one goroutine of this implementation, and checks
     * that Once ran its function once. Called from {@code @Setup(Level.Trial)} by the
     * JMH thread: a primitive that is not implemented yet ("not yet implemented") or
     * is broken fails the trial here, within {@link TaskRunner#HANG_TIMEOUT_SECONDS}
     * at worst, instead of inside the measurement. Only the primitive the benchmark
     * uses is checked, so that each can be benchmarked as soon as it lands.
     */
    void check(String method) throws InterruptedException {
        String prefix = method.toLowerCase();
        Group.Task op;
        String what;
        if (prefix.startsWith("rwmutex")) {
            what = "RWMutex";
            op = () -> {
                BenchRWMutex rw = newRWMutex();
                rw.rLock();
                rw.rLock();
                rw.rUnlock();
                rw.rUnlock();
                rw.lock();
                rw.unlock();
            };
        } else if (prefix.startsWith("mutex")) {
            what = "Mutex";
            op = () -> {
                BenchMutex mu = newMutex();
                mu.lock();
                mu.unlock();
                mu.lock();
                mu.unlock();
            };
        } else if (prefix.startsWith("waitgroup")) {
            what = "WaitGroup";
            op = () -> {
                BenchWaitGroup wg = newWaitGroup();
                wg.await();
                wg.add(1);
                wg.done();
                wg.await();
                wg.add(1);
                wg.done();
                wg.await();
            };
        } else if (prefix.startsWith("once")) {
            what = "Once";
            op = () -> {
                BenchOnce once = newOnce();
                AtomicInteger runs = new AtomicInteger();
                once.run(runs::incrementAndGet);
                once.run(runs::incrementAndGet);
                if (runs.get() != 1) {
                    throw new IllegalStateException("Once ran its function " + runs.get() + " times");
                }
            };
        } else if (prefix.startsWith("cond")) {
            what = "Cond";
            op = () -> {
                // One waiter, woken by a broadcast sent once it waits (it holds the lock
                // until await releases it, so the broadcaster's lock comes after that).
                BenchCond c = newCond();
                boolean[] woken = {false};
                Group waiter = new Group(this, "set-up check of Cond (the waiter)", 1);
                c.lock();
                waiter.go(() -> {
                    c.lock();
                    c.await();
                    woken[0] = true;
                    c.unlock();
                });
                c.unlock();
                for (;;) {
                    c.lock();
                    c.broadcast();
                    boolean done = woken[0];
                    c.unlock();
                    if (done) {
                        break;
                    }
                    Thread.yield();
                }
                waiter.await();
            };
        } else if (prefix.endsWith("seq")) {
            what = "Semaphore";
            op = () -> {
                BenchSemaphore sem = newSemaphore(2);
                sem.acquire(1);
                if (!sem.tryAcquire(1) || sem.tryAcquire(1)) {
                    throw new IllegalStateException("Semaphore(2) with 1 held: tryAcquire(1) must succeed once");
                }
                sem.release(2);
                sem.acquire(2);
                sem.release(2);
            };
        } else {
            throw new IllegalArgumentException("no set-up check for benchmark method " + method);
        }
        Group g = new Group(this, "set-up check of " + what + " (one iteration of " + method + ")", 1);
        g.go(op);
        g.await();
    }

    // ---- impl=goroutines: thin adapters to io.goroutines.sync ----------------------

    /** Our {@link Mutex}. */
    private record OursMutex(Mutex mu) implements BenchMutex {
        @Override
        public void lock() {
            mu.lock();
        }

        @Override
        public void unlock() {
            mu.unlock();
        }
    }

    /** Our {@link RWMutex}. */
    private record OursRWMutex(RWMutex rw) implements BenchRWMutex {
        @Override
        public void lock() {
            rw.lock();
        }

        @Override
        public void unlock() {
            rw.unlock();
        }

        @Override
        public void rLock() {
            rw.rLock();
        }

        @Override
        public void rUnlock() {
            rw.rUnlock();
        }
    }

    /** Our {@link WaitGroup}. */
    private record OursWaitGroup(WaitGroup wg) implements BenchWaitGroup {
        @Override
        public void add(int delta) {
            wg.add(delta);
        }

        @Override
        public void done() {
            wg.done();
        }

        @Override
        public void await() {
            wg.await();
        }
    }

    /** Our {@link Once}. */
    private record OursOnce(Once once) implements BenchOnce {
        @Override
        public void run(Runnable f) {
            once.run(f);
        }
    }

    /** Our {@link Cond} on our {@link Mutex}. */
    private record OursCond(Mutex mu, Cond c) implements BenchCond {
        @Override
        public void lock() {
            mu.lock();
        }

        @Override
        public void unlock() {
            mu.unlock();
        }

        @Override
        public void await() {
            c.await();
        }

        @Override
        public void broadcast() {
            c.broadcast();
        }
    }

    /** Our {@link Semaphore}, acquired with {@link Context#background()} as x/sync's benchmarks do. */
    private record OursSemaphore(Semaphore sem) implements BenchSemaphore {
        @Override
        public void acquire(long n) throws Exception {
            sem.acquire(Context.background(), n);
        }

        @Override
        public boolean tryAcquire(long n) {
            return sem.tryAcquire(n);
        }

        @Override
        public void release(long n) {
            sem.release(n);
        }
    }

    // ---- impl=jdk: java.util.concurrent -------------------------------------------

    /** {@link ReentrantLock}, non-fair like Go's Mutex in normal mode. */
    private record JdkMutex(ReentrantLock rl) implements BenchMutex {
        @Override
        public void lock() {
            rl.lock();
        }

        @Override
        public void unlock() {
            rl.unlock();
        }
    }

    /**
     * {@link ReentrantReadWriteLock}, non-fair. Its read lock keeps a per-thread hold
     * count (for reentrancy and getReadHoldCount), a cost Go's RWMutex does not have;
     * it is part of what the JDK's type costs. A StampedLock would be closer to Go's
     * semantics (not owned, not reentrant) but is not what Java code uses as a
     * read-write mutex.
     */
    private record JdkRWMutex(ReentrantReadWriteLock.ReadLock read, ReentrantReadWriteLock.WriteLock write)
            implements BenchRWMutex {
        @Override
        public void lock() {
            write.lock();
        }

        @Override
        public void unlock() {
            write.unlock();
        }

        @Override
        public void rLock() {
            read.lock();
        }

        @Override
        public void rUnlock() {
            read.unlock();
        }
    }

    /**
     * Go's WaitGroup on a {@link Phaser}: the JDK has no WaitGroup, and of its
     * synchronizers only Phaser both counts up and down and lets others wait for
     * zero. CountDownLatch cannot count up (WaitGroupUncontended re-arms it every
     * iteration), and a CountDownLatch-like AtomicLong with park/unpark would be a
     * hand-written WaitGroup, not a JDK type.
     * <pre>
     * wg.Add(n)   register() n times (bulkRegister(n) for n &gt; 1)
     * wg.Done()   arriveAndDeregister()
     * wg.Wait()   return if no party is registered, else awaitAdvance(the phase read before)
     * </pre>
     * Wait reads the phase before it reads the parties: if the last Done comes in
     * between, the parties read 0 and Wait returns; if after, the phase has advanced
     * past the one read and awaitAdvance returns at once. Like Go's, it relies on the
     * caller's Add happening before Wait.
     *
     * <p>{@code onAdvance} returns false: a default Phaser terminates when its last
     * party deregisters, after which register() does nothing, whereas a WaitGroup is
     * reusable as soon as its counter is back at zero. Phaser caps parties at 65535;
     * the benchmarks register at most GOMAXPROCS.
     */
    static final class JdkWaitGroup implements BenchWaitGroup {
        private final Phaser phaser = new Phaser() {
            @Override
            protected boolean onAdvance(int phase, int registeredParties) {
                return false;   // never terminate: the group is reused
            }
        };

        @Override
        public void add(int delta) {
            if (delta > 0) {
                if (delta == 1) {
                    phaser.register();
                } else {
                    phaser.bulkRegister(delta);
                }
            } else {
                for (int i = 0; i < -delta; i++) {
                    done();
                }
            }
        }

        @Override
        public void done() {
            phaser.arriveAndDeregister();   // IllegalStateException when no party is registered: Go's panic
        }

        @Override
        public void await() throws InterruptedException {
            int phase = phaser.getPhase();
            if (phaser.getRegisteredParties() == 0) {
                return;
            }
            phaser.awaitAdvanceInterruptibly(phase);
        }
    }

    /**
     * Go's Once as Java writes it: a volatile flag read on the fast path (Go's
     * {@code atomic.LoadUint32(&o.done) == 0}), and on the slow path the flag checked
     * again under a lock, f run, the flag set (Go's doSlow, with its Mutex). The lock
     * is a ReentrantLock rather than a monitor so that, on JDK 21 to 23, a virtual
     * thread waiting for the first call does not pin its carrier. The
     * initialization-on-demand holder idiom is per class, not per instance, so it
     * cannot stand for a {@code var once sync.Once}.
     */
    static final class JdkOnce implements BenchOnce {
        private final ReentrantLock lock = new ReentrantLock();
        /** Set once, after f returned, under lock; read without it on the fast path. */
        private volatile boolean done;

        @Override
        public void run(Runnable f) {
            if (!done) {
                runSlow(f);
            }
        }

        private void runSlow(Runnable f) {
            lock.lock();
            try {
                if (!done) {
                    try {
                        f.run();
                    } finally {
                        done = true;   // a panicking f still counts as done, as in Go
                    }
                }
            } finally {
                lock.unlock();
            }
        }
    }

    /** A {@link Condition} of a {@link ReentrantLock}. */
    private record JdkCond(ReentrantLock rl, Condition cond) implements BenchCond {
        @Override
        public void lock() {
            rl.lock();
        }

        @Override
        public void unlock() {
            rl.unlock();
        }

        @Override
        public void await() {
            cond.awaitUninterruptibly();
        }

        @Override
        public void broadcast() {
            cond.signalAll();
        }
    }

    /** {@link java.util.concurrent.Semaphore}, non-fair (the default). */
    private record JdkSemaphore(java.util.concurrent.Semaphore sem) implements BenchSemaphore {
        @Override
        public void acquire(long n) {
            sem.acquireUninterruptibly(Math.toIntExact(n));
        }

        @Override
        public boolean tryAcquire(long n) {
            return sem.tryAcquire(Math.toIntExact(n));
        }

        @Override
        public void release(long n) {
            sem.release(Math.toIntExact(n));
        }
    }
}
