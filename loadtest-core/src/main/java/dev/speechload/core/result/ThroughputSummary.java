package dev.speechload.core.result;

/**
 * Completed iterations over the measured time (warm-up excluded).
 *
 * @param measuredMillis             wall time of the measured phase
 * @param throughputPerSecond        completed (ok + failed) iterations per second, all channels
 * @param perChannelPerSecond        throughputPerSecond divided by the peak active channels
 */
public record ThroughputSummary(
        long completedIterations,
        long measuredMillis,
        double throughputPerSecond,
        double perChannelPerSecond,
        int peakActiveChannels) {

    public ThroughputSummary {
        if (completedIterations < 0 || measuredMillis < 0) {
            throw new IllegalArgumentException("completedIterations and measuredMillis must be >= 0");
        }
    }
}
