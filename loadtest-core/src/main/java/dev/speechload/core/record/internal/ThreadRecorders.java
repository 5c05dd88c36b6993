package dev.speechload.core.record.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;
import java.util.function.Supplier;
import org.HdrHistogram.Histogram;

/**
 * One metric's values, recorded without contention: each recording thread appends to its own
 * {@link SingleWriterRing} (found by its {@link ThreadIndex} number, no per-metric ThreadLocal),
 * and full rings move their values into one of a few {@link HistogramStripe}s. Thread contract:
 * {@link #record} and {@link #recordWithExpectedInterval} from any number of threads;
 * {@link #drainTo} from one sampling thread at a time.
 *
 * <p>Memory: one ring (about 0.8 KB) per thread number that ever recorded this metric, which
 * {@link ThreadIndex} bounds by the peak count of live threads (an ended thread hands its number,
 * and so its ring with any values still in it, to a later thread); plus one fixed-range histogram
 * per stripe that received values. Stripes are a power of two, at least the processor count and at
 * most {@link #MAX_STRIPES}, and rings are dealt to them in turn as threads first record: the first
 * threads of a metric (two on two cores) fill different histograms, so the counts they write do not
 * bounce between the cores' caches.
 */
final class ThreadRecorders {

    static final int MAX_STRIPES = 8;

    private final ThreadIndex threads;
    private final HistogramStripe[] stripes;
    /** Reads and writes a ring slot with the ordering another thread's reading needs. */
    private static final VarHandle SLOT = MethodHandles.arrayElementVarHandle(SingleWriterRing[].class);

    // Indexed by thread number; written under "this": grown by copying, an empty slot filled in place.
    private volatile SingleWriterRing[] rings = new SingleWriterRing[0];
    private int ringsCreated; // guarded by "this"

    ThreadRecorders(ThreadIndex threads, Supplier<Histogram> newHistogram) {
        this.threads = threads;
        int processors = Math.max(1, Runtime.getRuntime().availableProcessors());
        stripes = new HistogramStripe[Math.min(MAX_STRIPES, Integer.highestOneBit(processors * 2 - 1))];
        for (int i = 0; i < stripes.length; i++) {
            stripes[i] = new HistogramStripe(newHistogram);
        }
    }

    /** Any thread: records one value already within the histogram's range. */
    void record(long value) {
        ring().add(value);
    }

    /**
     * Any thread: records {@code value} with HdrHistogram's coordinated-omission correction. Only
     * called for stalled values (above the expected interval), so it takes the stripe's monitor
     * rather than queueing the many values the correction adds.
     */
    void recordWithExpectedInterval(long value, long expectedIntervalNanos) {
        HistogramStripe stripe = ring().stripe();
        synchronized (stripe) {
            stripe.sink().recordValueWithExpectedInterval(value, expectedIntervalNanos);
        }
    }

    /**
     * Sampling thread: moves every value recorded so far (in rings and stripes, including those
     * of threads that ended) into {@code target}. Each value moves exactly once: a value recorded
     * while this runs lands in this call's result or in the next one's.
     */
    void drainTo(Histogram target) {
        SingleWriterRing[] current = rings;
        for (HistogramStripe stripe : stripes) {
            synchronized (stripe) {
                for (int i = 0; i < current.length; i++) {
                    SingleWriterRing ring = (SingleWriterRing) SLOT.getAcquire(current, i);
                    if (ring != null && ring.stripe() == stripe) {
                        ring.drainTo(target);
                    }
                }
                stripe.moveTo(target);
            }
        }
    }

    /** Rings created so far: one per thread number that recorded this metric. */
    synchronized int ringCount() {
        return ringsCreated;
    }

    private SingleWriterRing ring() {
        int index = threads.current();
        SingleWriterRing[] current = rings;
        SingleWriterRing ring;
        if (index < current.length && (ring = current[index]) != null) {
            return ring;
        }
        return createRing(index);
    }

    private synchronized SingleWriterRing createRing(int index) {
        SingleWriterRing[] current = rings;
        if (index < current.length && current[index] != null) {
            return current[index];
        }
        SingleWriterRing ring = new SingleWriterRing(stripes[ringsCreated++ & (stripes.length - 1)]);
        if (index < current.length) {
            // An empty slot of the published table is filled in place: copying the whole table for
            // each new thread cost time and garbage quadratic in the threads (1.4 GB of copies, and
            // young collections of 30-130 ms, while 10,000 virtual SSE readers first recorded).
            SLOT.setRelease(current, index, ring);
        } else {
            SingleWriterRing[] grown = Arrays.copyOf(current, Math.max(index + 1, current.length * 2));
            grown[index] = ring;
            rings = grown;
        }
        return ring;
    }
}
