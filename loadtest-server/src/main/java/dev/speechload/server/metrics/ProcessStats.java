package dev.speechload.server.metrics;

/**
 * One reading of this process's resources, the figures a load test watches for leaks.
 *
 * @param residentMemoryBytes resident set size (VmRSS), or -1 when unknown
 * @param threadCount threads of the process (kernel view, all JVM threads included)
 * @param openFdCount open file descriptors, or -1 when unknown
 * @param cpuSeconds CPU time the process used since it started (all threads, user + system),
 *     seconds, or -1 when unknown; a load generator on the same machine subtracts it from the
 *     machine's busy time to see what other processes used
 */
public record ProcessStats(long residentMemoryBytes, int threadCount, int openFdCount, double cpuSeconds) {

    /** A reading without the CPU time (-1). */
    public ProcessStats(long residentMemoryBytes, int threadCount, int openFdCount) {
        this(residentMemoryBytes, threadCount, openFdCount, -1);
    }
}
