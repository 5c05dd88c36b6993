package dev.speechload.core.result;

/**
 * One sample interval of the load itself (default 1 s).
 *
 * @param offsetMillis   end of the interval, from the start of the run (warm-up included, so
 *                       the ramp is visible)
 * @param rampStep       1-based ramp step in force at the end of the interval (1..rampSteps);
 *                       warm-up intervals carry the step too and are told apart by {@code warmup}
 * @param warmup         true when the interval ended during the warm-up (its values are excluded
 *                       from every statistic)
 * @param completed      iterations that ended in this interval, ok or failed
 * @param errors         of those, the failed ones
 * @param throughputPerSecond successful iterations (completed - errors) per second in this interval
 * @param p50Nanos       of {@link RunResult#SERVICE_TIME} (successful iterations) in this interval,
 *                       0 when none succeeded
 */
public record IntervalSample(
        long offsetMillis,
        int rampStep,
        int activeChannels,
        boolean warmup,
        long completed,
        long errors,
        double throughputPerSecond,
        long p50Nanos,
        long p99Nanos) {}
