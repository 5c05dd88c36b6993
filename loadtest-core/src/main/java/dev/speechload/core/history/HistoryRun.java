package dev.speechload.core.history;

import dev.speechload.core.result.HealthStatus;
import java.util.Map;
import java.util.Objects;

/**
 * One run in the history.
 *
 * @param id                    the store's id, increasing in append order
 * @param startedAtEpochMillis  when the run started
 * @param gitCommit             the commit it ran, or null outside git
 * @param gitBranch             its branch, or null when unknown
 * @param environment           one line: host, cores, Java, OS
 * @param health                the measurement's health; null in results that did not rate it.
 *                              COMPROMISED runs are kept but never used for change points or baselines
 * @param verdict               the verdict's overall status ({@code PASS}, {@code FAIL}, ...), or null when not judged
 * @param shards                how many load generators the result was merged from: 1 for one generator's run,
 *                              n for the merge of n shards ({@code speechload merge}); shards alone are never appended
 * @param figures               figure name to value, in base units: {@code latency.<metric>.p50|p90|p95|p99|p999|max|mean}
 *                              in nanoseconds, {@code throughput} per second, {@code errors.ratio} 0..1,
 *                              {@code errors.failed} a count, {@code memory.peak} and {@code memory.growth} in
 *                              bytes, {@code memory.slope} in bytes per second, {@code fds.peak}, {@code fds.delta},
 *                              {@code threads.peak}, {@code threads.delta} counts
 */
public record HistoryRun(
        long id,
        String testName,
        long startedAtEpochMillis,
        String gitCommit,
        String gitBranch,
        String environment,
        HealthStatus health,
        String verdict,
        int shards,
        Map<String, Double> figures) {

    public HistoryRun {
        Objects.requireNonNull(testName, "testName");
        figures = figures == null ? Map.of() : Map.copyOf(figures);
    }

    /** Whether the run is the merge of several generators' shards. */
    public boolean merged() {
        return shards > 1;
    }

    /** Whether the run may be used for trends' change points and for baselines (not COMPROMISED). */
    public boolean usable() {
        return health != HealthStatus.COMPROMISED;
    }
}
