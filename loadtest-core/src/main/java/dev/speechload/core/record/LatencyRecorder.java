package dev.speechload.core.record;

import java.util.Objects;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Records one latency metric in nanoseconds into a fixed-size HdrHistogram {@link Recorder}:
 * 1 µs resolution, 3 significant digits, values up to {@link #HIGHEST_TRACKABLE_NANOS}. Values
 * above that are recorded as that highest value and counted ({@link #clampedCount()}), so
 * recording never throws; negative values are recorded as 0.
 *
 * <p>Thread safety: {@link #record} and {@link #recordWithExpectedInterval} are wait-free, take no
 * lock and allocate nothing; any number of threads may call them. {@link #sampleInterval()},
 * {@link #total()} and {@link #copyOfTotal()} belong to one sampling thread (the engine's), which
 * recycles the interval histograms.
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
    private final Recorder recorder;
    private final LongAdder clamped = new LongAdder();
    // Owned by the sampling thread.
    private Histogram interval;
    private final Histogram total;

    /**
     * @param name        unique within a run, e.g. {@code stt.final_latency}
     * @param description what is measured from where to where
     */
    public LatencyRecorder(String name, String description) {
        this.name = Objects.requireNonNull(name, "name");
        this.description = description == null ? "" : description;
        // The explicit-range constructor allocates both buffers now: no resize on the hot path.
        this.recorder = new Recorder(LOWEST_DISCERNIBLE_NANOS, HIGHEST_TRACKABLE_NANOS, SIGNIFICANT_DIGITS);
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

    /** Records one value in nanoseconds. Wait-free, allocation-free, never throws. */
    public void record(long nanos) {
        recorder.recordValue(clamp(nanos));
    }

    /**
     * Records one value and, when it exceeds {@code expectedIntervalNanos}, the values a
     * non-stalled caller would have seen in the meantime (HdrHistogram's coordinated-omission
     * correction). {@code expectedIntervalNanos <= 0} records the value alone.
     */
    public void recordWithExpectedInterval(long nanos, long expectedIntervalNanos) {
        long v = clamp(nanos);
        if (expectedIntervalNanos > 0) {
            recorder.recordValueWithExpectedInterval(v, expectedIntervalNanos);
        } else {
            recorder.recordValue(v);
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
        interval = recorder.getIntervalHistogram(interval);
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

    @Override
    public String toString() {
        return "LatencyRecorder[" + name + "]";
    }
}
