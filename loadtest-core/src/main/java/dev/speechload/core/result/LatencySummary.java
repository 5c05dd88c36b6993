package dev.speechload.core.result;

/**
 * Percentiles and moments of one latency metric, read from its HdrHistogram.
 *
 * @param count         recorded values (warm-up excluded)
 * @param clampedCount  values above the histogram's highest trackable value, recorded as that
 *                      highest value (so maxNanos is a lower bound when this is > 0)
 */
public record LatencySummary(
        long count,
        long minNanos,
        long p50Nanos,
        long p90Nanos,
        long p95Nanos,
        long p99Nanos,
        long p999Nanos,
        long maxNanos,
        double meanNanos,
        double stdevNanos,
        long clampedCount) {

    public LatencySummary {
        if (count < 0 || clampedCount < 0) {
            throw new IllegalArgumentException("count and clampedCount must be >= 0");
        }
        if (count > 0
                && !(minNanos <= p50Nanos
                        && p50Nanos <= p90Nanos
                        && p90Nanos <= p95Nanos
                        && p95Nanos <= p99Nanos
                        && p99Nanos <= p999Nanos
                        && p999Nanos <= maxNanos)) {
            throw new IllegalArgumentException("percentiles out of order: min " + minNanos + ", p50 "
                    + p50Nanos + ", p90 " + p90Nanos + ", p95 " + p95Nanos + ", p99 " + p99Nanos
                    + ", p99.9 " + p999Nanos + ", max " + maxNanos);
        }
    }

    /** A summary of no values. */
    public static LatencySummary empty() {
        return new LatencySummary(0, 0, 0, 0, 0, 0, 0, 0, 0.0, 0.0, 0);
    }
}
