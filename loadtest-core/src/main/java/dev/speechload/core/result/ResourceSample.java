package dev.speechload.core.result;

/**
 * One reading of the server's resources; -1 where a value could not be read.
 *
 * @param phase "before", "load" or "after"
 */
public record ResourceSample(
        long offsetMillis, String phase, long memoryRssBytes, long openFdCount, long threadCount) {}
