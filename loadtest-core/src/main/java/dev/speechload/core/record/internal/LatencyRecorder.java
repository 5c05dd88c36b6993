package dev.speechload.core.record.internal;

import dev.speechload.core.record.LatencyMetric;
import java.util.Objects;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;

/**
 * Records one latency metric in nanoseconds into fixed-size HdrHistograms: 1 µs resolution, 3
 * significant digits, values up to {@link #HIGHEST_TRACKABLE_NANOS}. Values above that are
 * recorded as that highest value and counted ({@link #clampedCount()}), so recording never throws;
 * negative values are recorded as 0.
 *
 * <p>Thread safety: any number of threads may call {@link #record} and
 * {@link #recordWithExpectedInterval}; they allocate nothing after a thread's first value and do
 * not contend: each thread appends to its own small buffer, which it moves into a striped
 * histogram under a lock once per 64 values (see {@link ThreadRecorders}). {@link #sampleInterval()},
 * {@link #total()} and {@link #copyOfTotal()} belong to one sampling thread (the engine's), which
 * merges every thread's values, including those of threads that have ended.
 *
 * <p>Memory: about 0.8 KB per recording thread (bounded by the peak count of threads alive at
 * once, not by how many came and went), plus about 193 KB per histogram: the interval, the total
 * and one per stripe in use (at most {@value ThreadRecorders#MAX_STRIPES}, two on a 2-core machine).
 */
public final class LatencyRecorder implements LatencyMetric {

    /** 1 hour: longer values are clamped. */
    public static final long HIGHEST_TRACKABLE_NANOS = 3_600_000_000_000L;
    /** 1 µs: values below it share the first bucket. */
    public static final long LOWEST_DISCERNIBLE_NANOS = 1_000L;
    /** Significant decimal digits kept for every value. */
    public static final int SIGNIFICANT_DIGITS = 3;

    private final String name;
    private final String description;
    private final ThreadRecorders recorders;
    private final LongAdder clamped = new LongAdder();
    // Owned by the sampling thread.
    private Histogram interval;
    private final Histogram total;

    /**
     * @param name        unique within a run, e.g. {@code stt.final_latency}
     * @param description what is measured from where to where
     */
    public LatencyRecorder(String name, String description) {
        this(name, description, ThreadIndex.SHARED);
    }

    /** For tests: a private thread table, to observe how numbers and rings are reused. */
    LatencyRecorder(String name, String description, ThreadIndex threads) {
        this.name = Objects.requireNonNull(name, "name");
        this.description = description == null ? "" : description;
        // Fixed-range histograms: no resize, so no allocation, on the record path.
        this.recorders = new ThreadRecorders(threads, LatencyRecorder::newHistogram);
        this.total = newHistogram();
    }

    /** An empty histogram with this recorder's range, for merging and decoding. */
    public static Histogram newHistogram() {
        return new Histogram(LOWEST_DISCERNIBLE_NANOS, HIGHEST_TRACKABLE_NANOS, SIGNIFICANT_DIGITS);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String description() {
        return description;
    }

    /** Records one value in nanoseconds. Allocation-free after the thread's first value, never throws. */
    public void record(long nanos) {
        recorders.record(clamp(nanos));
    }

    /**
     * Records one value and, when it exceeds {@code expectedIntervalNanos}, the values a
     * non-stalled caller would have seen in the meantime (HdrHistogram's coordinated-omission
     * correction). {@code expectedIntervalNanos <= 0} records the value alone.
     */
    public void recordWithExpectedInterval(long nanos, long expectedIntervalNanos) {
        long v = clamp(nanos);
        if (expectedIntervalNanos > 0 && v > expectedIntervalNanos) {
            recorders.recordWithExpectedInterval(v, expectedIntervalNanos);
        } else {
            recorders.record(v);
        }
    }

    private long clamp(long nanos) {
        if (nanos < 0) {
            return 0;
        }
        if (nanos > HIGHEST_TRACKABLE_NANOS) {
            clamped.increment();
            return HIGHEST_TRACKABLE_NANOS;
        }
        return nanos;
    }

    /** Values recorded above {@link #HIGHEST_TRACKABLE_NANOS} so far. */
    public long clampedCount() {
        return clamped.sum();
    }

    /**
     * Sampling thread only: the values recorded since the previous call, also added to
     * {@link #total()}. The returned histogram is reused by the next call: read it before then.
     */
    public Histogram sampleInterval() {
        if (interval == null) {
            interval = newHistogram();
        } else {
            interval.reset();
        }
        recorders.drainTo(interval);
        total.add(interval);
        return interval;
    }

    /** Sampling thread only: every value taken by {@link #sampleInterval()} so far (live, do not modify). */
    public Histogram total() {
        return total;
    }

    /** Sampling thread only: an independent copy of {@link #total()}. */
    public Histogram copyOfTotal() {
        return total.copy();
    }

    /** Per-thread buffers this metric holds: one per thread number that recorded into it. */
    int writerCount() {
        return recorders.ringCount();
    }

    @Override
    public String toString() {
        return "LatencyRecorder[" + name + "]";
    }
}
