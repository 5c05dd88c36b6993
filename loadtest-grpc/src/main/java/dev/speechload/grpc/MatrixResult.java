package dev.speechload.grpc;

import java.util.List;
import java.util.Objects;

/**
 * A benchmark matrix: rows are decode-pool sizes, columns channel counts, each cell the key
 * figures of one run. Written to {@code results/<name>-matrix.json}. Immutable.
 *
 * @param schemaVersion  {@link #SCHEMA_VERSION}
 * @param name           the matrix's name (also the file name)
 * @param latencyMetric  which latency the cells' p50/p99 come from, e.g. stt.final_latency
 * @param poolSizes      row labels, in row order
 * @param channelCounts  column labels, in column order
 * @param rows           {@code rows.get(r).get(c)} is pool size r with channel count c
 */
public record MatrixResult(int schemaVersion, String name, String latencyMetric, long startedAtEpochMillis,
        long finishedAtEpochMillis, List<Integer> poolSizes, List<Integer> channelCounts, List<List<Cell>> rows) {

    public static final int SCHEMA_VERSION = 1;

    public MatrixResult {
        Objects.requireNonNull(name, "name");
        poolSizes = List.copyOf(poolSizes);
        channelCounts = List.copyOf(channelCounts);
        rows = rows.stream().map(List::copyOf).toList();
        int columns = channelCounts.size();
        if (rows.size() != poolSizes.size() || rows.stream().anyMatch(r -> r.size() != columns)) {
            throw new IllegalArgumentException("a matrix needs " + poolSizes.size() + " rows of "
                    + channelCounts.size() + " cells");
        }
    }

    /** The cell of {@code poolSize} and {@code channels}; fails naming the labels there are. */
    public Cell cell(int poolSize, int channels) {
        int r = poolSizes.indexOf(poolSize);
        int c = channelCounts.indexOf(channels);
        if (r < 0 || c < 0) {
            throw new IllegalArgumentException("no cell for pool size " + poolSize + " and " + channels
                    + " channels; pool sizes " + poolSizes + ", channel counts " + channelCounts);
        }
        return rows.get(r).get(c);
    }

    /**
     * One run's key figures.
     *
     * @param throughputPerSecond completed sessions per second
     * @param latencyP50Nanos     p50 of the matrix's latency metric; -1 when the run had none
     * @param latencyP99Nanos     p99 of it; -1 when none
     * @param errorRatio          failed / completed, 0..1
     * @param failure             null when the run completed; else why the cell has no figures
     */
    public record Cell(int poolSize, int channels, long completedIterations, double throughputPerSecond,
            long latencyP50Nanos, long latencyP99Nanos, double errorRatio, String failure) {

        static Cell failed(int poolSize, int channels, String why) {
            return new Cell(poolSize, channels, 0, 0, -1, -1, 0, why);
        }
    }
}
