package dev.speechload.core.report;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * One figure measured over a grid of settings, e.g. throughput for every (connection pool size,
 * channel count) pair of a benchmark matrix. Reports draw it as a table whose cells are shaded
 * from worst to best.
 *
 * @param title          what the matrix shows, e.g. "Throughput by pool size and channels"
 * @param rowLabel       what the rows vary, e.g. "pool size"
 * @param columnLabel    what the columns vary, e.g. "channels"
 * @param unit           unit of the cells as stored and shown, e.g. "/s", "ms"
 * @param higherIsBetter true for throughput-like figures, false for latency-like ones
 * @param rows           the row settings, top to bottom
 * @param columns        the column settings, left to right
 * @param cells          {@code cells.get(row).get(column)}; a null cell was not measured
 */
public record MatrixResult(
        String title,
        String rowLabel,
        String columnLabel,
        String unit,
        boolean higherIsBetter,
        List<Long> rows,
        List<Long> columns,
        List<List<Double>> cells) {

    public MatrixResult {
        Objects.requireNonNull(title, "title");
        rowLabel = rowLabel == null ? "" : rowLabel;
        columnLabel = columnLabel == null ? "" : columnLabel;
        unit = unit == null ? "" : unit;
        rows = List.copyOf(Objects.requireNonNull(rows, "rows"));
        columns = List.copyOf(Objects.requireNonNull(columns, "columns"));
        Objects.requireNonNull(cells, "cells");
        if (cells.size() != rows.size()) {
            throw new IllegalArgumentException(
                    "matrix '" + title + "' has " + rows.size() + " rows but " + cells.size() + " rows of cells");
        }
        List<List<Double>> copy = new ArrayList<>(cells.size());
        for (int r = 0; r < cells.size(); r++) {
            List<Double> row = cells.get(r);
            if (row == null || row.size() != columns.size()) {
                throw new IllegalArgumentException("matrix '" + title + "' row " + r + " has "
                        + (row == null ? "no" : Integer.toString(row.size())) + " cells, expected "
                        + columns.size() + " (one per column)");
            }
            // List.copyOf rejects nulls, and a null cell means "not measured".
            copy.add(Collections.unmodifiableList(new ArrayList<>(row)));
        }
        cells = Collections.unmodifiableList(copy);
    }
}
