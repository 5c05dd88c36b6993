package dev.speechload.core.report.internal;

import dev.speechload.core.result.RunResult;
import dev.speechload.core.result.ShardRun;
import dev.speechload.core.result.Sharding;
import java.util.List;

/**
 * The per-shard table of a merged result's page: each load generator's part, start and health
 * beside the merged figures, so one slow or unhealthy shard is visible.
 *
 * @param summary one line: how many shards, the planned start, how far apart they started
 */
public record ShardTable(String summary, List<Row> rows) {

    /** One shard; {@code startOffset} is its actual start minus the planned one (or the earliest shard's). */
    public record Row(
            String shard,
            String source,
            String channels,
            String completed,
            String failed,
            String throughput,
            String startOffset,
            HealthView health,
            String healthReason,
            boolean partial) {}

    /** The table of a merged result; null for any other result (no section on the page). */
    static ShardTable of(RunResult r) {
        Sharding s = r.sharding();
        if (s == null || !s.merged() || s.shards().isEmpty()) {
            return null;
        }
        long reference = s.plannedStartEpochMillis() != 0 ? s.plannedStartEpochMillis() : s.actualStartEpochMillis();
        String summary = s.shards().size() + " of " + s.count() + " shards merged"
                + (s.plannedStartEpochMillis() != 0
                        ? "; planned start " + Format.time(s.plannedStartEpochMillis())
                        : "; no common start was set")
                + "; they started within " + s.startSpreadMillis()
                + " ms of each other (each by its own clock)";
        List<Row> rows = s.shards().stream().map(x -> row(x, reference)).toList();
        return new ShardTable(summary, rows);
    }

    private static Row row(ShardRun x, long reference) {
        long offset = x.actualStartEpochMillis() - reference;
        return new Row(
                x.index() + "/" + x.count(),
                x.source(),
                Format.count(x.channels()),
                Format.count(x.completedIterations()),
                Format.count(x.failedIterations()),
                Format.number(x.throughputPerSecond()),
                (offset >= 0 ? "+" : "") + offset + " ms",
                HealthView.of(x.health()),
                x.healthReason() == null ? "" : x.healthReason(),
                x.partial());
    }
}
