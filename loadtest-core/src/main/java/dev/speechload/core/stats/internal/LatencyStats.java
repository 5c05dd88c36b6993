package dev.speechload.core.stats.internal;

import dev.speechload.core.result.LatencySummary;
import java.util.Collection;
import org.HdrHistogram.Histogram;

/**
 * Percentiles and moments of a latency histogram. Pure functions; thread-safe as long as no one
 * records into the histogram meanwhile.
 */
public final class LatencyStats {

    private LatencyStats() {}

    /**
     * Summarizes {@code histogram} (values in nanoseconds). Percentiles are HdrHistogram's: the
     * highest value equivalent (within the histogram's precision) to the value at that rank.
     *
     * @param clampedCount values that were recorded as the highest trackable value, >= 0
     */
    public static LatencySummary summarize(Histogram histogram, long clampedCount) {
        if (histogram.getTotalCount() == 0) {
            return LatencySummary.empty();
        }
        return new LatencySummary(
                histogram.getTotalCount(),
                histogram.getMinValue(),
                histogram.getValueAtPercentile(50),
                histogram.getValueAtPercentile(90),
                histogram.getValueAtPercentile(95),
                histogram.getValueAtPercentile(99),
                histogram.getValueAtPercentile(99.9),
                histogram.getMaxValue(),
                histogram.getMean(),
                histogram.getStdDeviation(),
                clampedCount);
    }

    /** A new histogram holding every value of {@code histograms} (which stay unchanged). */
    public static Histogram merge(Collection<Histogram> histograms) {
        Histogram merged = null;
        for (Histogram h : histograms) {
            if (merged == null) {
                merged = h.copy();
            } else {
                merged.add(h);
            }
        }
        if (merged == null) {
            throw new IllegalArgumentException("nothing to merge: no histograms given");
        }
        return merged;
    }
}
