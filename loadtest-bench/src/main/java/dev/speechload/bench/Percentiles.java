package dev.speechload.bench;

import java.util.Arrays;
import java.util.Locale;
import org.HdrHistogram.Histogram;

/**
 * A latency distribution reduced to the figures the docs quote, in nanoseconds. Immutable.
 *
 * @param count values summarized
 * @param p50Nanos median
 * @param p99Nanos 99th percentile
 * @param p999Nanos 99.9th percentile
 * @param maxNanos largest value
 */
record Percentiles(long count, long p50Nanos, long p99Nanos, long p999Nanos, long maxNanos) {

    /** Exact percentiles (nearest rank) of {@code valuesNanos}; all -1 when it is empty. */
    static Percentiles of(long[] valuesNanos) {
        if (valuesNanos.length == 0) {
            return new Percentiles(0, -1, -1, -1, -1);
        }
        long[] sorted = valuesNanos.clone();
        Arrays.sort(sorted);
        return new Percentiles(
                sorted.length, rank(sorted, 50), rank(sorted, 99), rank(sorted, 99.9), sorted[sorted.length - 1]);
    }

    /** Percentiles of a histogram of nanoseconds (3 significant digits); all -1 when it is empty. */
    static Percentiles of(Histogram h) {
        if (h == null || h.getTotalCount() == 0) {
            return new Percentiles(0, -1, -1, -1, -1);
        }
        return new Percentiles(
                h.getTotalCount(),
                h.getValueAtPercentile(50),
                h.getValueAtPercentile(99),
                h.getValueAtPercentile(99.9),
                h.getMaxValue());
    }

    private static long rank(long[] sorted, double percentile) {
        int index = (int) Math.ceil(percentile / 100 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    /** "n=1000 p50 0.081 ms, p99 0.412 ms, p99.9 0.9 ms, max 1.2 ms". */
    @Override
    public String toString() {
        return String.format(
                Locale.ROOT,
                "n=%d  p50 %s  p99 %s  p99.9 %s  max %s",
                count,
                millis(p50Nanos),
                millis(p99Nanos),
                millis(p999Nanos),
                millis(maxNanos));
    }

    static String millis(long nanos) {
        return nanos < 0 ? "-" : String.format(Locale.ROOT, "%.3f ms", nanos / 1e6);
    }
}
