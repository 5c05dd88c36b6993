package dev.speechload.core.history;

import java.util.Locale;

/**
 * How a history figure reads to people: its unit and its value in that unit
 * (names: {@link HistoryRun#figures()}). Stateless.
 */
public final class Figures {

    private Figures() {}

    /** The unit a figure is shown in: {@code ms}, {@code /s}, {@code %}, {@code MB}, {@code MB/s} or "" for counts. */
    public static String unit(String metric) {
        if (metric.startsWith("latency.")) {
            return "ms";
        }
        return switch (metric) {
            case "throughput" -> "/s";
            case "errors.ratio" -> "%";
            case "memory.peak", "memory.growth" -> "MB";
            case "memory.slope" -> "MB/s";
            default -> "";
        };
    }

    /** A stored value (base units) in {@link #unit}: nanoseconds to ms, ratio to %, bytes to MB. */
    public static double inUnit(String metric, double value) {
        return switch (unit(metric)) {
            case "ms" -> value / 1e6;
            case "%" -> value * 100;
            case "MB", "MB/s" -> value / (1024.0 * 1024.0);
            default -> value;
        };
    }

    /** The value with its unit, 3 significant digits or more: {@code "12.3 ms"}, {@code "98.0 /s"}, {@code "0.50 %"}. */
    public static String format(String metric, double value) {
        double v = inUnit(metric, value);
        String unit = unit(metric);
        String number = Math.abs(v) >= 100 || v == Math.rint(v) && unit.isEmpty()
                ? String.format(Locale.ROOT, "%.0f", v)
                : Math.abs(v) >= 10 ? String.format(Locale.ROOT, "%.1f", v) : String.format(Locale.ROOT, "%.2f", v);
        return unit.isEmpty() ? number : number + " " + unit;
    }

    /** A relative shift as a signed percentage: {@code "+32.1 %"}. */
    public static String percent(double ratio) {
        return Double.isInfinite(ratio)
                ? (ratio > 0 ? "+inf %" : "-inf %")
                : String.format(Locale.ROOT, "%+.1f %%", ratio * 100);
    }
}
