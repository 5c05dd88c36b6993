package dev.speechload.core.result;

/**
 * The load generator's own JVM, so a saturated generator can be told from a slow server.
 *
 * @param schedulingLagP99Nanos p99 of (actual start - planned start) of iterations, where the
 *                              engine plans starts; -1 when not measured
 */
public record GeneratorSummary(
        long heapUsedPeakBytes, long gcCount, long gcTimeMillis, int threadCountPeak, long schedulingLagP99Nanos) {}
