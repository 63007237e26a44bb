package io.goroutines.impl.sched;

import jdk.internal.vm.ThreadContainer;

import java.util.stream.Stream;

/**
 * The JDK thread container that every goroutine's virtual thread starts in: the JDK's
 * view of Go's {@code allgs} (runtime/proc.go). It lists the goroutines from
 * {@link AllGs}, which the scheduler keeps anyway, instead of the JDK's root container,
 * which tracks every virtual thread in a concurrent set at 32 bytes of node per thread.
 * Registered with the JDK, so {@code jcmd <pid> Thread.dump_to_file} still shows every
 * goroutine, grouped under a container named {@value #NAME}.
 *
 * <p>This class extends a JDK-internal class: it is compiled apart from the rest of the
 * runtime (with {@code --add-exports java.base/jdk.internal.vm=ALL-UNNAMED}, which
 * {@code --release} forbids), and loaded only by {@link VirtualThreads}, after it has
 * exported {@code jdk.internal.vm} to this module at run time. It overrides only what
 * JDK 21 to 25 have in common.
 *
 * <h2>Thread safety</h2>
 * Stateless: {@link #onStart} and {@link #onExit} do nothing (the scheduler adds a G to
 * {@code allgs} before its thread starts and removes it when its body ends), and
 * {@link #threads} is a weakly consistent snapshot of {@code allgs}, less the goroutines
 * of {@code GoRuntime.threadFactory()}: whoever started those chose their container (an
 * executor, a {@code StructuredTaskScope}, the root), which lists them.
 */
final class GoThreadContainer extends ThreadContainer {

    static final String NAME = "goroutines";

    GoThreadContainer() {
        super(true); // shared: any thread may start threads in it
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Stream<Thread> threads() {
        return Sched.get().lifecycle.allGoroutines().stream().map(G::thread).filter(VirtualThreads::inGoroutinesContainer);
    }

    @Override
    public long threadCount() {
        return threads().count();
    }

    @Override
    public String toString() {
        return NAME;
    }
}
