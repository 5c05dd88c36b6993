package dev.speechload.core.result;

/**
 * Successful iterations over the measured time (warm-up excluded): a server that fails fast does
 * not look faster.
 *
 * @param completedIterations        measured iterations that ended, ok or failed (the failed ones
 *                                   are {@code ErrorSummary.failedIterations})
 * @param measuredMillis             wall time of the measured phase
 * @param throughputPerSecond        successful iterations (completed - failed) per second, all
 *                                   channels
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
