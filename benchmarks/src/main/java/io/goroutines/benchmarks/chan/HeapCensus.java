package io.goroutines.benchmarks.chan;

import java.lang.management.ManagementFactory;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import javax.management.JMException;
import javax.management.ObjectName;

/*
 * What N parked tasks keep alive, class by class, and how large their frozen stacks are:
 * the breakdown behind ParkedGoroutineMemory's one figure per kind (--census).
 *
 * The class census is the difference of two class histograms (the JVM's
 * GC.class_histogram diagnostic command, which runs a full GC first), one taken before
 * the N start and one while they are parked, divided by N. Classes that changed by less
 * than one instance per 20 tasks and less than 2 bytes per task are left out (the
 * harness's own noise).
 *
 * The stack census reads, for a sample of the parked threads, the size in words of each
 * stack chunk (jdk.internal.vm.StackChunk) their continuation holds: the frames frozen at
 * the park, plus the chunk's own metadata words. It needs
 * --add-opens java.base/jdk.internal.vm=ALL-UNNAMED and --add-opens
 * java.base/java.lang=ALL-UNNAMED; without them it says so and prints nothing else.
 */
final class HeapCensus {

    /** Threads sampled for the stack census. */
    private static final int STACK_SAMPLES = 2_000;

    private HeapCensus() {
    }

    /** Bytes and instances of each class on the heap after a full GC. */
    static Map<String, long[]> classHistogram() {
        String text;
        try {
            text = (String) ManagementFactory.getPlatformMBeanServer().invoke(
                    new ObjectName("com.sun.management:type=DiagnosticCommand"), "gcClassHistogram",
                    new Object[] {new String[0]}, new String[] {String[].class.getName()});
        } catch (JMException e) {
            throw new IllegalStateException("the JVM's GC.class_histogram command failed: " + e, e);
        }
        Map<String, long[]> m = new HashMap<>();
        for (String line : text.split("\n")) {
            // "   1:   1000000   368000000  jdk.internal.vm.StackChunk (java.base@25)"
            String[] p = line.trim().split("\\s+");
            if (p.length >= 4 && p[0].endsWith(":") && p[1].matches("[0-9]+")) {
                String name = normalize(p[3]);
                long[] v = m.computeIfAbsent(name, k -> new long[2]);
                v[0] += Long.parseLong(p[1]);
                v[1] += Long.parseLong(p[2]);
            }
        }
        return m;
    }

    /** Lambda classes carry an address in their name that changes from run to run. */
    private static String normalize(String className) {
        int i = className.indexOf("$$Lambda");
        return i < 0 ? className : className.substring(0, i) + "$$Lambda";
    }

    /** Prints what changed from {@code before} to {@code after}, per task, largest first. */
    static void printDiff(String what, Map<String, long[]> before, Map<String, long[]> after, int n) {
        record Row(String name, long instances, long bytes) {
        }
        List<Row> rows = new ArrayList<>();
        long total = 0;
        Map<String, long[]> all = new TreeMap<>(before);
        all.putAll(after);
        for (String k : all.keySet()) {
            long[] b = before.getOrDefault(k, new long[2]);
            long[] a = after.getOrDefault(k, new long[2]);
            long di = a[0] - b[0];
            long db = a[1] - b[1];
            total += db;
            if (Math.abs(di) * 20 >= n || Math.abs(db) >= 2L * n) {
                rows.add(new Row(k, di, db));
            }
        }
        rows.sort((x, y) -> Long.compare(y.bytes, x.bytes));
        System.out.printf(Locale.ROOT, "  census of %s (class histogram difference, per task):%n", what);
        System.out.printf(Locale.ROOT, "    %-58s %9s %9s %9s%n", "class", "instances", "bytes", "each");
        for (Row r : rows) {
            System.out.printf(Locale.ROOT, "    %-58s %9.3f %9.1f %9.1f%n", r.name,
                    (double) r.instances / n, (double) r.bytes / n,
                    r.instances == 0 ? 0.0 : (double) r.bytes / r.instances);
        }
        System.out.printf(Locale.ROOT, "    %-58s %9s %9.1f%n", "total", "", (double) total / n);
    }

    /**
     * Prints how many words the stack chunks of a sample of {@code threads} hold: a
     * histogram "words x count", one entry per chain of chunks.
     */
    static void printStackChunks(String what, Thread[] threads) {
        Field cont;
        Field tail;
        Field size;
        Field parent;
        try {
            cont = field("java.lang.VirtualThread", "cont");
            tail = field("jdk.internal.vm.Continuation", "tail");
            size = field("jdk.internal.vm.StackChunk", "size");
            parent = field("jdk.internal.vm.StackChunk", "parent");
        } catch (ReflectiveOperationException | RuntimeException e) {
            System.out.println("  stack chunks of " + what + ": not readable (run with --add-opens "
                    + "java.base/java.lang=ALL-UNNAMED --add-opens java.base/jdk.internal.vm=ALL-UNNAMED): " + e);
            return;
        }
        Map<String, Integer> hist = new TreeMap<>();
        int step = Math.max(1, threads.length / STACK_SAMPLES);
        try {
            for (int i = 0; i < threads.length; i += step) {
                StringBuilder chain = new StringBuilder();
                for (Object c = tail.get(cont.get(threads[i])); c != null; c = parent.get(c)) {
                    chain.append(chain.isEmpty() ? "" : "+").append(size.getInt(c));
                }
                hist.merge(chain.toString(), 1, Integer::sum);
            }
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
        StringBuilder out = new StringBuilder();
        hist.forEach((words, count) -> out.append(out.isEmpty() ? "" : ", ").append(words).append(" x ").append(count));
        System.out.printf(Locale.ROOT, "  stack chunks of %s (words, x threads, of %,d sampled): %s%n",
                what, (threads.length + step - 1) / step, out);
    }

    private static Field field(String className, String name) throws ReflectiveOperationException {
        Field f = Class.forName(className).getDeclaredField(name);
        f.setAccessible(true);
        return f;
    }
}
