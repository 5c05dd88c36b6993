package dev.speechload.server.metrics;

/**
 * One reading of this process's resources, the figures a load test watches for leaks.
 *
 * @param residentMemoryBytes resident set size (VmRSS), or -1 when unknown
 * @param threadCount threads of the process (kernel view, all JVM threads included)
 * @param openFdCount open file descriptors, or -1 when unknown
 */
public record ProcessStats(long residentMemoryBytes, int threadCount, int openFdCount) {
}
