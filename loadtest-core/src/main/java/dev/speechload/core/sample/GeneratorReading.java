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
 */
public record GeneratorReading(long heapUsedBytes, long gcCount, long gcTimeMillis, int threadCount) {

    public GeneratorReading {
        if (heapUsedBytes < 0 || gcCount < 0 || gcTimeMillis < 0 || threadCount < 0) {
            throw new IllegalArgumentException("generator readings must be >= 0; got heapUsedBytes=" + heapUsedBytes
                    + ", gcCount=" + gcCount + ", gcTimeMillis=" + gcTimeMillis + ", threadCount=" + threadCount);
        }
    }

    /** This reading as a result sample; {@code offsetMillis} is milliseconds since the run started. */
    public GeneratorSample toSample(long offsetMillis) {
        return new GeneratorSample(offsetMillis, heapUsedBytes, gcTimeMillis, threadCount);
    }
}
