package dev.speechload.core.baseline;

import dev.speechload.core.result.LatencySummary;
import dev.speechload.core.result.TrialFigures;
import dev.speechload.core.stats.internal.OrderStatistics;
import java.util.Map;

/**
 * The percentiles a latency metric may be judged at, highest first; a metric is judged at the
 * highest one its number of values supports ({@link OrderStatistics#minimumCount}). Not API.
 */
enum Percentile {
    P99(0.99, "p99"),
    P95(0.95, "p95"),
    P90(0.90, "p90"),
    P50(0.50, "p50");

    final double q;
    final String label;
    final long minimumCount;

    Percentile(double q, String label) {
        this.q = q;
        this.label = label;
        this.minimumCount = OrderStatistics.minimumCount(q);
    }

    /** The highest percentile {@code n} values support, null when not even p50 is. */
    static Percentile highestSupported(long n) {
        for (Percentile p : values()) {
            if (n >= p.minimumCount) {
                return p;
            }
        }
        return null;
    }

    /** The percentile labelled {@code label} ("p95"), null when none is. */
    static Percentile of(String label) {
        for (Percentile p : values()) {
            if (p.label.equals(label)) {
                return p;
            }
        }
        return null;
    }

    long of(LatencySummary s) {
        return switch (this) {
            case P99 -> s.p99Nanos();
            case P95 -> s.p95Nanos();
            case P90 -> s.p90Nanos();
            case P50 -> s.p50Nanos();
        };
    }

    /** The baseline's value, null when the file has none (p90 in older files). */
    Long of(Baseline.Latency l) {
        return switch (this) {
            case P99 -> l.p99Nanos();
            case P95 -> l.p95Nanos();
            case P90 -> l.p90Nanos();
            case P50 -> l.p50Nanos();
        };
    }

    Map<String, Long> of(TrialFigures f) {
        return switch (this) {
            case P99 -> f.latencyP99Nanos();
            case P95 -> f.latencyP95Nanos();
            case P90 -> f.latencyP90Nanos();
            case P50 -> f.latencyP50Nanos();
        };
    }
}
