package io.goroutines.impl.sched;

/**
 * Go's {@code randomOrder} (runtime/proc.go): visits all positions
 * {@code 0..count-1} exactly once in a pseudo-random order, by starting at a random
 * position and stepping by a random stride coprime with {@code count}. Immutable for
 * one {@code count}; shared by all Ms.
 */
final class StealOrder {

    final int count;
    private final int[] coprimes;

    StealOrder(int count) {
        this.count = count;
        int[] c = new int[count];
        int n = 0;
        for (int i = 1; i <= count; i++) {
            if (gcd(i, count) == 1) {
                c[n++] = i;
            }
        }
        this.coprimes = java.util.Arrays.copyOf(c, n);
    }

    /** The first position for the random number {@code r}. */
    int start(int r) {
        return Integer.remainderUnsigned(r, count);
    }

    /** The stride for the random number {@code r}. */
    int stride(int r) {
        return coprimes[Integer.remainderUnsigned(r >>> 8, coprimes.length)];
    }

    private static int gcd(int a, int b) {
        while (b != 0) {
            int t = a % b;
            a = b;
            b = t;
        }
        return a;
    }
}
