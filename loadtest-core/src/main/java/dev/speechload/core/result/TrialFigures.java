package dev.speechload.core.result;

import java.util.Map;

/**
 * The headline figures of one trial, so a verdict can rest on the spread of trials rather than
 * on one number.
 *
 * @param latencyP99Nanos metric name to that trial's p99
 * @param latencyP50Nanos metric name to that trial's p50
 */
public record TrialFigures(
        int trial,
        double throughputPerSecond,
        Map<String, Long> latencyP50Nanos,
        Map<String, Long> latencyP99Nanos,
        double errorRatio,
        long memoryGrowthBytes,
        double memorySlopeBytesPerSecond) {

    public TrialFigures {
        latencyP50Nanos = latencyP50Nanos == null ? Map.of() : Map.copyOf(latencyP50Nanos);
        latencyP99Nanos = latencyP99Nanos == null ? Map.of() : Map.copyOf(latencyP99Nanos);
    }
}
