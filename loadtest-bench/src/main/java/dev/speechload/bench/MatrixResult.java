package dev.speechload.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.ToDoubleFunction;

/**
 * A benchmark matrix: rows are decode-pool sizes, columns channel counts, each cell the key
 * figures of one run. Written to {@code results/matrices/<name>.json}; {@link #toReport()} gives the
 * tables the HTML report draws. Immutable.
 *
 * @param schemaVersion  {@link #SCHEMA_VERSION}
 * @param name           the matrix's name (also the file name)
 * @param latencyMetric  which latency the cells' p50/p99 come from, e.g. stt.final_latency
 * @param poolSizes      row labels, in row order
 * @param channelCounts  column labels, in column order
 * @param rows           {@code rows.get(r).get(c)} is pool size r with channel count c
 */
public record MatrixResult(
        int schemaVersion,
        String name,
        String latencyMetric,
        long startedAtEpochMillis,
        long finishedAtEpochMillis,
        List<Integer> poolSizes,
        List<Integer> channelCounts,
        List<List<Cell>> rows) {

    public static final int SCHEMA_VERSION = 1;

    public MatrixResult {
        Objects.requireNonNull(name, "name");
        poolSizes = List.copyOf(poolSizes);
        channelCounts = List.copyOf(channelCounts);
        rows = rows.stream().map(List::copyOf).toList();
        int columns = channelCounts.size();
        if (rows.size() != poolSizes.size() || rows.stream().anyMatch(r -> r.size() != columns)) {
            throw new IllegalArgumentException(
                    "a matrix needs " + poolSizes.size() + " rows of " + channelCounts.size() + " cells");
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
     * The matrix as the report's tables (rows pool size, columns channels; a cell without figures
     * is null): throughput (sessions/s, higher is better), p50 and p99 of {@link #latencyMetric}
     * (ms) and the error ratio (%, lower is better).
     */
    public List<dev.speechload.core.report.MatrixResult> toReport() {
        return List.of(
                table("Throughput", "sessions/s", true, Cell::throughputPerSecond),
                table(
                        latencyMetric + " p50",
                        "ms",
                        false,
                        c -> c.latencyP50Nanos() < 0 ? Double.NaN : c.latencyP50Nanos() / 1e6),
                table(
                        latencyMetric + " p99",
                        "ms",
                        false,
                        c -> c.latencyP99Nanos() < 0 ? Double.NaN : c.latencyP99Nanos() / 1e6),
                table("Error ratio", "%", false, c -> c.errorRatio() * 100));
    }

    private dev.speechload.core.report.MatrixResult table(
            String title, String unit, boolean higherIsBetter, ToDoubleFunction<Cell> figure) {
        List<List<Double>> cells = new ArrayList<>();
        for (List<Cell> row : rows) {
            List<Double> values = new ArrayList<>();
            for (Cell c : row) {
                double v = c.failure() != null ? Double.NaN : figure.applyAsDouble(c);
                values.add(Double.isNaN(v) ? null : v);
            }
            cells.add(values);
        }
        return new dev.speechload.core.report.MatrixResult(
                title,
                "pool size",
                "channels",
                unit,
                higherIsBetter,
                poolSizes.stream().map(Integer::longValue).toList(),
                channelCounts.stream().map(Integer::longValue).toList(),
                cells);
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
    public record Cell(
            int poolSize,
            int channels,
            long completedIterations,
            double throughputPerSecond,
            long latencyP50Nanos,
            long latencyP99Nanos,
            double errorRatio,
            String failure) {

        static Cell failed(int poolSize, int channels, String why) {
            return new Cell(poolSize, channels, 0, 0, -1, -1, 0, why);
        }
    }
}
