package io.goroutines.impl;

import io.goroutines.Chan;
import io.goroutines.SchedStats;
import io.goroutines.impl.chan.HChan;
import io.goroutines.impl.chan.SelectImpl;
import io.goroutines.impl.debug.RuntimeMBean;
import io.goroutines.impl.diag.Diagnostics;
import io.goroutines.impl.panic.DeferStack;
import io.goroutines.impl.panic.GoexitSignal;
import io.goroutines.impl.sched.G;
import io.goroutines.impl.sched.GoroutineDump;
import io.goroutines.impl.sched.GoroutineProfile;
import io.goroutines.impl.sched.GoroutineThreadFactory;
import io.goroutines.impl.sched.PanicReport;
import io.goroutines.impl.sched.Sched;
import io.goroutines.impl.context.Contexts;
import io.goroutines.impl.net.NetImpl;
import io.goroutines.spi.ContextSpi;
import io.goroutines.spi.NetSpi;
import io.goroutines.spi.SyncSpi;
import io.goroutines.spi.TimeSpi;
import io.goroutines.impl.sync.SyncImpl;
import io.goroutines.impl.time.TimeImpl;
import io.goroutines.spi.GoroutinesProvider;
import io.goroutines.spi.SelectSpi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

import java.util.concurrent.ThreadFactory;
import java.util.function.Supplier;

/**
 * The runtime behind {@code goroutines-api}, found by {@link java.util.ServiceLoader}
 * (META-INF/services/io.goroutines.spi.GoroutinesProvider). It only routes each API
 * call to the package that implements it: {@code sched} (goroutines, GOMAXPROCS, dumps,
 * the goroutine profile and panic reports), {@code panic} (defer/panic/recover),
 * {@code chan} (channels and select), {@code time}, {@code sync}, {@code context},
 * {@code net}, and {@code debug} (the JMX MBean).
 */
public final class GoroutinesRuntime implements GoroutinesProvider {

    private static final Logger log = LoggerFactory.getLogger("io.goroutines");

    private final Sched sched = Sched.get();
    private final ContextSpi contexts = new Contexts();
    private final ThreadFactory threadFactory = new GoroutineThreadFactory(sched);

    /** Made by {@link java.util.ServiceLoader}: binds the API to this JVM's scheduler. */
    public GoroutinesRuntime() {
        // Through SLF4J when a provider is bound, else on stderr as Go prints it (ADR 0016).
        sched.lifecycle().onUnrecoveredPanic((gp, panic) ->
                Diagnostics.report(log, Level.ERROR, PanicReport.format(gp, panic).stripTrailing(), null));
        RuntimeMBean.registerLater(sched); // io.goroutines:type=Runtime, for JMX tools
    }

    private DeferStack defers() {
        G gp = sched.currentG();
        return gp != null ? gp.defers() : DeferStack.forCurrentThread();
    }

    @Override
    public void go(String name, Runnable body) {
        sched.lifecycle().newproc(name, body);
    }

    @Override
    public void defer(Runnable call) {
        defers().defer(call);
    }

    @Override
    public Object recover() {
        return defers().recover();
    }

    @Override
    public <R> R func(Supplier<R> body) {
        return defers().func(body);
    }

    @Override
    public void main(Runnable body) {
        sched.programs().runMain(body);
    }

    @Override
    public ThreadFactory threadFactory() {
        return threadFactory;
    }

    @Override
    public int gomaxprocs(int n) {
        return sched.procs().gomaxprocs(n);
    }

    @Override
    public int setMaxThreads(int n) {
        return sched.setMaxThreads(n);
    }

    @Override
    public int numCPU() {
        return Runtime.getRuntime().availableProcessors();
    }

    @Override
    public int numGoroutine() {
        return sched.lifecycle().numGoroutine();
    }

    @Override
    public void gosched() {
        sched.gosched();
    }

    @Override
    public void goexit() {
        if (sched.currentG() == null) {
            throw new IllegalStateException("GoRuntime.goexit() called outside a goroutine: "
                    + "it ends the calling goroutine, so call it from code started by Go.go or Go.main");
        }
        throw new GoexitSignal();
    }

    @Override
    public String stack(boolean all) {
        return GoroutineDump.stack(sched, all);
    }

    @Override
    public String goroutineProfile() {
        return GoroutineProfile.write(sched);
    }

    @Override
    public String scheduler() {
        return sched.mode();
    }

    @Override
    public SchedStats schedStats() {
        return sched.counters().stats();
    }

    @Override
    public void startTrace(java.nio.file.Path file) {
        try {
            sched.tracing().startTrace(file);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot create the execution trace file " + file + ": " + e, e);
        }
    }

    @Override
    public void stopTrace() {
        try {
            sched.tracing().stopTrace();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot write the execution trace: " + e, e);
        }
    }

    @Override
    public <T> Chan<T> makeChan(int capacity) {
        return new HChan<>(capacity);
    }

    @Override
    public SelectSpi newSelect() {
        return new SelectImpl();
    }

    @Override
    public TimeSpi time() {
        return TimeImpl.get();
    }

    @Override
    public SyncSpi sync() {
        return SyncImpl.get();
    }

    @Override
    public ContextSpi contexts() {
        return contexts;
    }

    @Override
    public NetSpi net() {
        return NetImpl.get();
    }
}
