package io.goroutines.impl.sched;

import io.goroutines.impl.sched.MpmcUnboundedQueue.Chunk;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * An unbounded, lock-free, multi-producer multi-consumer FIFO queue of non-null
 * elements: the global run queue and the idle P and M lists of {@link Sched}.
 *
 * <h2>Implementation overview</h2>
 * The shape of JCTools' {@code MpmcUnboundedXaddArrayQueue} (whose Unsafe accesses made
 * every JDK 24+ start print {@code sun.misc.Unsafe} warnings), written anew on
 * VarHandles and simplified. The queue is an endless array of slots, cut into chunks of
 * {@code chunkSize} slots linked forward: index {@code i} is slot
 * {@code i % chunkSize} of chunk number {@code i / chunkSize}.
 * <ul>
 *   <li>{@link #offer}: one fetch-and-add on {@code producerIndex} claims index
 *       {@code i} (no retry loop, whatever the number of producers: JCTools' "xadd");
 *       the producer finds chunk {@code i / chunkSize}, appending chunks as needed, and
 *       stores its element there with release.</li>
 *   <li>{@link #poll}: reads {@code consumerIndex} {@code c}; if {@code c} is not below
 *       {@code producerIndex} the queue is empty. Otherwise it reads slot {@code c} and,
 *       when the element is there, claims it by CAS of {@code consumerIndex} from
 *       {@code c} to {@code c + 1}, then clears the slot.</li>
 * </ul>
 * What we do differently from JCTools: chunks are never pooled nor reused, and have no
 * back links. A slot is then written at most twice in its life, so there is no ABA to
 * guard against (no sequence numbers), and the GC reclaims a chunk once the indices, the
 * two chunk hints and every thread have moved past it. A chunk costs one allocation per
 * {@code chunkSize} offers. A producer that finds the producer-chunk hint already past
 * its own chunk (it was descheduled while others filled a whole chunk) walks forward
 * from the consumer chunk instead of walking back (invariant 4).
 *
 * <h2>Invariants</h2>
 * <ol>
 *   <li>{@code consumerIndex <= producerIndex}, and both only grow: a consumer claims
 *       {@code c} only after seeing slot {@code c} filled, so after a producer claimed
 *       {@code c}.</li>
 *   <li>Slot {@code i} is written once by the producer that claimed {@code i} (the
 *       element, release store) and once by the consumer that claimed {@code i}
 *       (null). So a non-null element read at slot {@code i} is index {@code i}'s, and
 *       a CAS of {@code consumerIndex} from {@code i} hands it to one consumer only.</li>
 *   <li>Chunk {@code n + 1} is only ever linked as chunk {@code n}'s {@code next}, by
 *       CAS from null: walking {@code next} from any chunk reaches every later chunk
 *       number exactly once.</li>
 *   <li>{@code consumerChunk} is only set to the chunk of an index some consumer
 *       claimed. Claims follow index order and an index that is claimed but not filled
 *       cannot be consumed, so {@code consumerChunk} is never past the chunk of an index
 *       whose producer has not stored yet. {@code producerChunk} is only a hint: its
 *       chunk is used when it is not past the target chunk.</li>
 * </ol>
 *
 * <h2>Progress and linearizability</h2>
 * An offer is linearized at its fetch-and-add. Offers never wait for one another;
 * appending a chunk is one CAS, and a producer that loses it follows the winner's chunk.
 * A poll that finds its slot claimed but not yet filled spins until the producer stores,
 * the instant between two of that producer's instructions (as JCTools' {@code poll}).
 * {@link #size()} and {@link #isEmpty()} compare the two indices, so an element whose
 * producer claimed a slot counts from the claim on; both are exact at some instant of
 * the call.
 *
 * <h2>Memory order</h2>
 * The fetch-and-add and the CAS are volatile. The element's release store pairs with the
 * consumer's acquire load, so a consumer sees the element as its producer built it.
 * Chunk links are CAS and acquire loads, so a walker sees a chunk's slots array.
 */
final class MpmcUnboundedQueue<E> extends MpmcUnboundedQueueConsumerFields {

    /**
     * One chunk of {@link MpmcUnboundedQueue}: {@code slots.length} consecutive indices, and
     * the link to the next chunk.
     */
    static final class Chunk {

        /** The chunk number: its first index is {@code index * slots.length}. Immutable. */
        final long index;
        /** Written as invariant 2 of {@link MpmcUnboundedQueue} says. */
        private final Object[] slots;
        /** Chunk {@code index + 1}, or null until some thread appends it; set once, by CAS. */
        @SuppressWarnings("unused")
        private volatile Chunk next;

        Chunk(long index, int size) {
            this.index = index;
            this.slots = new Object[size];
        }

        // ---- accessors (JCTools' naming: la = acquire load, so = release store,
        //      sp = plain store) ----

        Object laElement(int slot) {
            return SLOT.getAcquire(slots, slot);
        }

        void soElement(int slot, Object e) {
            SLOT.setRelease(slots, slot, e);
        }

        void spElement(int slot, Object e) {
            slots[slot] = e;
        }

        Chunk laNext() {
            return (Chunk) NEXT.getAcquire(this);
        }

        boolean casNext(Chunk fresh) {
            return NEXT.compareAndSet(this, null, fresh);
        }

        private static final VarHandle SLOT = MethodHandles.arrayElementVarHandle(Object[].class);
        private static final VarHandle NEXT;

        static {
            try {
                NEXT = MethodHandles.lookup().findVarHandle(Chunk.class, "next", Chunk.class);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }
    }

    @SuppressWarnings("unused")
    private long p00, p01, p02, p03, p04, p05, p06, p07, p08, p09, p10, p11, p12, p13, p14, p15;

    /**
     * @param chunkSize slots per chunk, a power of two: the memory one chunk takes (about
     *                  {@code 4 * chunkSize} bytes with compressed references) against how
     *                  often offers allocate one
     */
    MpmcUnboundedQueue(int chunkSize) {
        super(chunkSize);
    }

    /** Adds {@code e} at the tail. Any thread; never blocks, never fails. */
    void offer(E e) {
        if (e == null) {
            throw new NullPointerException();
        }
        long i = getAndIncrementProducerIndex(); // the claim: the offer's linearization point
        long n = i >>> chunkShift;
        Chunk k = lvProducerChunk();
        if (k.index != n) {
            if (k.index > n) {
                // Others claimed a whole chunk past ours and moved the hint: the consumer
                // chunk is never past an unfilled index (invariant 4).
                k = lvConsumerChunk();
            }
            k = walk(k, n);
            if (lvProducerChunk().index < n) {
                soProducerChunk(k); // racy: may move the hint back, which costs a walk only
            }
        }
        k.soElement((int) (i & chunkMask), e);
    }

    /** Takes the head element, or null when the queue is empty. Any thread. */
    E poll() {
        for (;;) {
            long c = lvConsumerIndex();
            Chunk k = lvConsumerChunk(); // after c: a chunk past c's means c is stale
            if (c >= lvProducerIndex()) {
                // consumerIndex was at least c and at most producerIndex when we read the latter
                return null;
            }
            long n = c >>> chunkShift;
            if (k.index > n) {
                continue;
            }
            k = walk(k, n); // c is claimed by a producer: its chunk is needed anyway
            int slot = (int) (c & chunkMask);
            Object e = k.laElement(slot);
            if (e == null) {
                // Either the producer of c has claimed but not stored yet (wait for it), or
                // c is stale: another consumer took and cleared the slot (re-read c).
                Thread.onSpinWait();
                continue;
            }
            if (casConsumerIndex(c, c + 1)) {
                // Benign race: a consumer holding a stale c may still read the element or
                // the null; its CAS from c fails either way.
                k.spElement(slot, null);
                if (slot == 0) {
                    soConsumerChunk(k); // racy: may move the hint back, which costs a walk only
                }
                @SuppressWarnings("unchecked")
                E element = (E) e;
                return element;
            }
        }
    }

    /** Whether the queue is empty at some instant of the call. Any thread. */
    boolean isEmpty() {
        return lvConsumerIndex() >= lvProducerIndex();
    }

    /**
     * The number of elements at some instant of the call (slots claimed by producers
     * and not by consumers), at most {@code Integer.MAX_VALUE}. Any thread.
     */
    int size() {
        for (;;) {
            long c = lvConsumerIndex();
            long p = lvProducerIndex();
            if (c == lvConsumerIndex()) { // so consumerIndex was c when p was read
                return (int) Math.min(p - c, Integer.MAX_VALUE);
            }
        }
    }

    /**
     * The chunk numbered {@code n}, walking forward from {@code k} (numbered at most
     * {@code n}) and appending the chunks that are missing. Any thread.
     */
    private Chunk walk(Chunk k, long n) {
        while (k.index < n) {
            Chunk next = k.laNext();
            if (next == null) {
                Chunk fresh = new Chunk(k.index + 1, chunkMask + 1);
                next = k.casNext(fresh) ? fresh : k.laNext();
            }
            k = next;
        }
        return k;
    }
}

/*
 * Field layout, as JCTools does it: HotSpot places a superclass's fields before its
 * subclass's, so 128 bytes of padding on either side keep the producers' fields and the
 * consumers' fields on cache lines of their own (false sharing between the two ends).
 */

/** Chunk geometry, read-only, then padding. */
abstract class MpmcUnboundedQueuePad0 {

    /** log2 of the chunk size; index {@code i} is in chunk {@code i >>> chunkShift}. */
    final int chunkShift;
    /** Chunk size minus one; index {@code i} is slot {@code i & chunkMask} of its chunk. */
    final int chunkMask;

    @SuppressWarnings("unused")
    private long p00, p01, p02, p03, p04, p05, p06, p07, p08, p09, p10, p11, p12, p13, p14, p15;

    MpmcUnboundedQueuePad0(int chunkSize) {
        chunkShift = Integer.numberOfTrailingZeros(checkChunkSize(chunkSize));
        chunkMask = chunkSize - 1;
    }

    static int checkChunkSize(int chunkSize) {
        if (chunkSize < 2 || Integer.bitCount(chunkSize) != 1) {
            throw new IllegalArgumentException("chunk size must be a power of two, at least 2: " + chunkSize);
        }
        return chunkSize;
    }
}

/** The producers' end. */
abstract class MpmcUnboundedQueueProducerFields extends MpmcUnboundedQueuePad0 {

    /** The next index to claim; fetch-and-add by producers, read by everyone. */
    @SuppressWarnings("unused")
    private volatile long producerIndex;
    /** A recent producer chunk (invariant 4: a hint); written racily by producers. */
    @SuppressWarnings("unused")
    private volatile Chunk producerChunk;

    MpmcUnboundedQueueProducerFields(int chunkSize, Chunk first) {
        super(chunkSize);
        producerChunk = first;
    }

    final long lvProducerIndex() {
        return (long) PRODUCER_INDEX.getVolatile(this);
    }

    final long getAndIncrementProducerIndex() {
        return (long) PRODUCER_INDEX.getAndAdd(this, 1L);
    }

    final Chunk lvProducerChunk() {
        return (Chunk) PRODUCER_CHUNK.getVolatile(this);
    }

    final void soProducerChunk(Chunk k) {
        PRODUCER_CHUNK.setRelease(this, k);
    }

    private static final VarHandle PRODUCER_INDEX;
    private static final VarHandle PRODUCER_CHUNK;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            PRODUCER_INDEX = l.findVarHandle(MpmcUnboundedQueueProducerFields.class, "producerIndex", long.class);
            PRODUCER_CHUNK = l.findVarHandle(MpmcUnboundedQueueProducerFields.class, "producerChunk", Chunk.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}

/** Padding between the two ends. */
abstract class MpmcUnboundedQueuePad1 extends MpmcUnboundedQueueProducerFields {

    @SuppressWarnings("unused")
    private long p00, p01, p02, p03, p04, p05, p06, p07, p08, p09, p10, p11, p12, p13, p14, p15;

    MpmcUnboundedQueuePad1(int chunkSize, Chunk first) {
        super(chunkSize, first);
    }
}

/** The consumers' end. */
abstract class MpmcUnboundedQueueConsumerFields extends MpmcUnboundedQueuePad1 {

    /** The next index to take; CAS by consumers, read by everyone. */
    @SuppressWarnings("unused")
    private volatile long consumerIndex;
    /** The chunk of a claimed index (invariant 4); written racily by consumers. */
    @SuppressWarnings("unused")
    private volatile Chunk consumerChunk;

    MpmcUnboundedQueueConsumerFields(int chunkSize) {
        this(chunkSize, new Chunk(0, checkChunkSize(chunkSize)));
    }

    private MpmcUnboundedQueueConsumerFields(int chunkSize, Chunk first) {
        super(chunkSize, first);
        consumerChunk = first;
    }

    final long lvConsumerIndex() {
        return (long) CONSUMER_INDEX.getVolatile(this);
    }

    final boolean casConsumerIndex(long expect, long update) {
        return CONSUMER_INDEX.compareAndSet(this, expect, update);
    }

    final Chunk lvConsumerChunk() {
        return (Chunk) CONSUMER_CHUNK.getVolatile(this);
    }

    final void soConsumerChunk(Chunk k) {
        CONSUMER_CHUNK.setRelease(this, k);
    }

    private static final VarHandle CONSUMER_INDEX;
    private static final VarHandle CONSUMER_CHUNK;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            CONSUMER_INDEX = l.findVarHandle(MpmcUnboundedQueueConsumerFields.class, "consumerIndex", long.class);
            CONSUMER_CHUNK = l.findVarHandle(MpmcUnboundedQueueConsumerFields.class, "consumerChunk", Chunk.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
