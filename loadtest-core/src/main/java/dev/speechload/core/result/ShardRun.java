package dev.speechload.core.result;

/**
 * One shard's part of a merged result, kept so the report can show each generator's load and
 * measurement health beside the merged figures.
 *
 * @param source                  where the shard's result came from (its file)
 * @param partial                 the shard's run was stopped before it ended (the merge is partial too)
 * @param plannedStartEpochMillis the start the shard was asked for; 0 = none
 * @param actualStartEpochMillis  when its ramp started, by its own clock
 * @param health                  the shard's measurement health; null when its result had none
 * @param healthReason            the sentence of that health; null when none
 */
public record ShardRun(
        String source,
        int index,
        int count,
        boolean partial,
        long plannedStartEpochMillis,
        long actualStartEpochMillis,
        int channels,
        long completedIterations,
        long failedIterations,
        double throughputPerSecond,
        HealthStatus health,
        String healthReason) {}
