package dev.speechload.core.sample;

import dev.speechload.core.result.GeneratorSample;

/**
 * One reading of the load generator's own JVM, so a saturated generator can be told from a slow
 * server. Immutable.
 *
 * @param heapUsedBytes heap in use, bytes (&gt;= 0)
 * @param gcCount       garbage collections since the JVM started, all collectors (&gt;= 0)
 * @param gcTimeMillis  time spent in them since the JVM started, milliseconds (&gt;= 0)
 * @param threadCount   live JVM threads (&gt;= 0)
 * @param cpuTimeNanos  CPU time this JVM used since it started, all threads, nanoseconds
 *                      ({@code com.sun.management.OperatingSystemMXBean#getProcessCpuTime}), or -1
 *                      where the JVM does not offer it
 */
public record GeneratorReading(
        long heapUsedBytes, long gcCount, long gcTimeMillis, int threadCount, long cpuTimeNanos) {

    public GeneratorReading {
        if (heapUsedBytes < 0 || gcCount < 0 || gcTimeMillis < 0 || threadCount < 0 || cpuTimeNanos < -1) {
            throw new IllegalArgumentException("generator readings must be >= 0 (cpuTimeNanos -1 for unknown); got"
                    + " heapUsedBytes=" + heapUsedBytes + ", gcCount=" + gcCount + ", gcTimeMillis=" + gcTimeMillis
                    + ", threadCount=" + threadCount + ", cpuTimeNanos=" + cpuTimeNanos);
        }
    }

    /** A reading without the CPU time (-1). */
    public GeneratorReading(long heapUsedBytes, long gcCount, long gcTimeMillis, int threadCount) {
        this(heapUsedBytes, gcCount, gcTimeMillis, threadCount, -1);
    }

    /** This reading as a result sample; {@code offsetMillis} is milliseconds since the run started. */
    public GeneratorSample toSample(long offsetMillis) {
        return new GeneratorSample(offsetMillis, heapUsedBytes, gcTimeMillis, threadCount);
    }
}
