package dev.speechload.core.sample;

/**
 * One reading of a process's resources; -1 where a value could not be read.
 */
public record ResourceReading(long memoryRssBytes, long openFdCount, long threadCount) {
    public static final ResourceReading UNKNOWN = new ResourceReading(-1, -1, -1);
}
