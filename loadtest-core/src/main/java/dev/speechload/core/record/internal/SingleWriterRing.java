package dev.speechload.core.record.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import org.HdrHistogram.Histogram;

/**
 * The values one thread recorded for one metric and nobody has moved into a histogram yet: a ring
 * of {@link #CAPACITY} values. Thread contract: {@link #add} has one writer at a time (the owner
 * of a {@link ThreadIndex} number; owners hand over in happens-before order); {@link #drainTo}
 * may be called by any thread holding the monitor of the ring's {@link HistogramStripe}, which the
 * writer itself takes when the ring is full.
 *
 * <p>Why a ring and not a histogram per thread: a fixed-range HdrHistogram is about 193 KB and a
 * single-writer recorder holds two, so a thousand recording threads would cost 390 MB per metric.
 * The ring costs about 0.8 KB and moves its values into a shared histogram 64 at a time, so the
 * recording thread does two plain stores and one plain load per value and takes a lock once per
 * {@code CAPACITY} values. The written and consumed positions sit 64 bytes apart inside a padded
 * array: rings of different threads end up next to each other on the heap (the garbage collector
 * copies them together), and a shared cache line would make every store contended.
 */
final class SingleWriterRing {

    /** Values held before the writer moves them; a power of two. */
    static final int CAPACITY = 64;

    private static final VarHandle POSITIONS = MethodHandles.arrayElementVarHandle(long[].class);
    // Element offsets in a long[32]: at least 64 bytes from each other and from the array's ends.
    private static final int WRITTEN = 8;
    private static final int CONSUMED = 16;

    private final long[] values = new long[CAPACITY];
    private final long[] positions = new long[32];
    private final HistogramStripe stripe;

    SingleWriterRing(HistogramStripe stripe) {
        this.stripe = stripe;
    }

    HistogramStripe stripe() {
        return stripe;
    }

    /** Writer only: appends {@code value}, first moving the held values to the stripe when full. */
    void add(long value) {
        long written = positions[WRITTEN]; // only the writer stores it
        if (written - (long) POSITIONS.getAcquire(positions, CONSUMED) == CAPACITY) {
            synchronized (stripe) {
                drainTo(stripe.sink());
            }
        }
        values[(int) written & (CAPACITY - 1)] = value;
        POSITIONS.setRelease(positions, WRITTEN, written + 1);
    }

    /**
     * Moves every value published so far into {@code target}. The caller holds the monitor of the
     * ring's stripe: consumers take turns; the writer waits for it only when its ring is full.
     */
    void drainTo(Histogram target) {
        long consumed = positions[CONSUMED]; // only consumers store it, under the monitor
        long written = (long) POSITIONS.getAcquire(positions, WRITTEN);
        for (long p = consumed; p < written; p++) {
            target.recordValue(values[(int) p & (CAPACITY - 1)]);
        }
        // Released after the reads: the writer reuses a slot only once it sees this.
        POSITIONS.setRelease(positions, CONSUMED, written);
    }
}
