package dev.speechload.core.result;

import java.util.Map;

/**
 * The headline figures of one trial, so a verdict can rest on the spread of trials rather than
 * on one number.
 *
 * @param latencyP99Nanos metric name to that trial's p99
 * @param latencyP50Nanos metric name to that trial's p50
 * @param health          that trial's measurement health; null in files written before it existed
 *                        (read as HEALTHY)
 * @param latencyCounts   metric name to the number of values of that trial (a percentile is only
 *                        judged where the count supports it)
 * @param latencyP90Nanos metric name to that trial's p90
 * @param latencyP95Nanos metric name to that trial's p95
 * @param healthFigures   the figures that trial's health was judged on (an A/B comparison compares
 *                        the two trials of a pair by them); null in files written before they were
 *                        kept per trial
 */
public record TrialFigures(
        int trial,
        double throughputPerSecond,
        Map<String, Long> latencyP50Nanos,
        Map<String, Long> latencyP99Nanos,
        double errorRatio,
        long memoryGrowthBytes,
        double memorySlopeBytesPerSecond,
        HealthStatus health,
        Map<String, Long> latencyCounts,
        Map<String, Long> latencyP90Nanos,
        Map<String, Long> latencyP95Nanos,
        HealthFigures healthFigures) {

    /** Figures without per-trial health figures (tests, and results that never had them). */
    public TrialFigures(
            int trial,
            double throughputPerSecond,
            Map<String, Long> latencyP50Nanos,
            Map<String, Long> latencyP99Nanos,
            double errorRatio,
            long memoryGrowthBytes,
            double memorySlopeBytesPerSecond,
            HealthStatus health,
            Map<String, Long> latencyCounts,
            Map<String, Long> latencyP90Nanos,
            Map<String, Long> latencyP95Nanos) {
        this(
                trial,
                throughputPerSecond,
                latencyP50Nanos,
                latencyP99Nanos,
                errorRatio,
                memoryGrowthBytes,
                memorySlopeBytesPerSecond,
                health,
                latencyCounts,
                latencyP90Nanos,
                latencyP95Nanos,
                null);
    }

    public TrialFigures {
        latencyP50Nanos = latencyP50Nanos == null ? Map.of() : Map.copyOf(latencyP50Nanos);
        latencyP99Nanos = latencyP99Nanos == null ? Map.of() : Map.copyOf(latencyP99Nanos);
        latencyCounts = latencyCounts == null ? Map.of() : Map.copyOf(latencyCounts);
        latencyP90Nanos = latencyP90Nanos == null ? Map.of() : Map.copyOf(latencyP90Nanos);
        latencyP95Nanos = latencyP95Nanos == null ? Map.of() : Map.copyOf(latencyP95Nanos);
    }
}
