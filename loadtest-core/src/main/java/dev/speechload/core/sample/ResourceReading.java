package dev.speechload.core.sample;

import dev.speechload.core.result.ResourceSample;

/**
 * One reading of a process's resources; -1 where a value could not be read. Immutable.
 *
 * @param memoryRssBytes resident set size in bytes, &gt;= 0, or -1 when unknown
 * @param openFdCount    open file descriptors, &gt;= 0, or -1 when unknown
 * @param threadCount    threads of the process (kernel view where available), &gt;= 0, or -1 when unknown
 */
public record ResourceReading(long memoryRssBytes, long openFdCount, long threadCount) {

    /** Nothing could be read. */
    public static final ResourceReading UNKNOWN = new ResourceReading(-1, -1, -1);

    public ResourceReading {
        if (memoryRssBytes < -1 || openFdCount < -1 || threadCount < -1) {
            throw new IllegalArgumentException("resource values must be >= 0, or -1 for unknown; got memoryRssBytes="
                    + memoryRssBytes + ", openFdCount=" + openFdCount + ", threadCount=" + threadCount);
        }
    }

    /** True when at least one value is known. */
    public boolean anyKnown() {
        return memoryRssBytes >= 0 || openFdCount >= 0 || threadCount >= 0;
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
