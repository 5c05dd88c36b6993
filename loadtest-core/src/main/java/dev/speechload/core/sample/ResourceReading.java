package dev.speechload.core.sample;

import dev.speechload.core.result.ResourceSample;

/**
 * One reading of a process's resources; -1 where a value could not be read. Immutable.
 *
 * @param memoryRssBytes resident set size in bytes, &gt;= 0, or -1 when unknown
 * @param openFdCount    open file descriptors, &gt;= 0, or -1 when unknown
 * @param threadCount    threads of the process (kernel view where available), &gt;= 0, or -1 when unknown
 * @param cpuTimeNanos   CPU time the process used since it started (user + system, all threads,
 *                       plus its child processes), nanoseconds, &gt;= 0, or -1 when unknown; the
 *                       engine subtracts two readings to tell the server's CPU use from other
 *                       processes' on the same machine
 */
public record ResourceReading(long memoryRssBytes, long openFdCount, long threadCount, long cpuTimeNanos) {

    /** Nothing could be read. */
    public static final ResourceReading UNKNOWN = new ResourceReading(-1, -1, -1, -1);

    public ResourceReading {
        if (memoryRssBytes < -1 || openFdCount < -1 || threadCount < -1 || cpuTimeNanos < -1) {
            throw new IllegalArgumentException("resource values must be >= 0, or -1 for unknown; got memoryRssBytes="
                    + memoryRssBytes + ", openFdCount=" + openFdCount + ", threadCount=" + threadCount
                    + ", cpuTimeNanos=" + cpuTimeNanos);
        }
    }

    /** A reading without the CPU time (-1). */
    public ResourceReading(long memoryRssBytes, long openFdCount, long threadCount) {
        this(memoryRssBytes, openFdCount, threadCount, -1);
    }

    /** True when at least one value is known. */
    public boolean anyKnown() {
        return memoryRssBytes >= 0 || openFdCount >= 0 || threadCount >= 0 || cpuTimeNanos >= 0;
    }

    /**
     * This reading as a result sample.
     *
     * @param offsetMillis milliseconds since the run started
     * @param phase        "before", "load" or "after"
     */
    public ResourceSample toSample(long offsetMillis, String phase) {
        return new ResourceSample(offsetMillis, phase, memoryRssBytes, openFdCount, threadCount);
    }
}
