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
        Map<String, Long> latencyP95Nanos) {

    public TrialFigures {
        latencyP50Nanos = latencyP50Nanos == null ? Map.of() : Map.copyOf(latencyP50Nanos);
        latencyP99Nanos = latencyP99Nanos == null ? Map.of() : Map.copyOf(latencyP99Nanos);
        latencyCounts = latencyCounts == null ? Map.of() : Map.copyOf(latencyCounts);
        latencyP90Nanos = latencyP90Nanos == null ? Map.of() : Map.copyOf(latencyP90Nanos);
        latencyP95Nanos = latencyP95Nanos == null ? Map.of() : Map.copyOf(latencyP95Nanos);
    }
}
