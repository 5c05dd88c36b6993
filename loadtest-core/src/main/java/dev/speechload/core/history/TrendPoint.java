package dev.speechload.core.history;

import dev.speechload.core.result.HealthStatus;

/**
 * One run's value of one figure.
 *
 * @param gitCommit the run's commit, or null
 * @param health    the run's health, or null when not rated
 * @param value     in the figure's base unit (see {@link HistoryRun#figures()})
 */
public record TrendPoint(long runId, long startedAtEpochMillis, String gitCommit, HealthStatus health, double value) {

    /** Whether change points may use this point (its run was not COMPROMISED). */
    public boolean usable() {
        return health != HealthStatus.COMPROMISED;
    }
}
