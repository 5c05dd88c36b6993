package dev.speechload.core.result;

import java.util.List;

/**
 * Which shard of a plan a result holds when several load generators ran it together, or, in a
 * merged result, the shards it was merged from.
 *
 * @param index                   0-based shard index; {@link #MERGED} in a merged result
 * @param count                   shards the plan was split into
 * @param plannedStartEpochMillis the ramp start every shard was asked for ({@code loadtest.startAt});
 *                                0 = none, each started at once
 * @param actualStartEpochMillis  when this shard's ramp started by its own clock; in a merged
 *                                result the earliest shard's
 * @param shards                  a merged result's shards, by index; empty in one shard's result
 */
public record Sharding(
        int index, int count, long plannedStartEpochMillis, long actualStartEpochMillis, List<ShardRun> shards) {

    /** The index of a merged result. */
    public static final int MERGED = -1;

    public Sharding {
        shards = shards == null ? List.of() : List.copyOf(shards);
    }

    /** One shard's result. */
    public static Sharding of(int index, int count, long plannedStartEpochMillis, long actualStartEpochMillis) {
        return new Sharding(index, count, plannedStartEpochMillis, actualStartEpochMillis, List.of());
    }

    /** Whether this names the shards of a merged result. */
    public boolean merged() {
        return index == MERGED;
    }

    /**
     * The shards' actual starts apart, largest minus smallest, each by its own machine's clock (so
     * it holds the clocks' offset too: as far as the results can tell); 0 for one shard.
     */
    public long startSpreadMillis() {
        if (shards.isEmpty()) {
            return 0;
        }
        long min = shards.stream()
                .mapToLong(ShardRun::actualStartEpochMillis)
                .min()
                .orElse(0);
        long max = shards.stream()
                .mapToLong(ShardRun::actualStartEpochMillis)
                .max()
                .orElse(0);
        return max - min;
    }
}
