package dev.speechload.core.report.internal;

/**
 * One axis of a chart: what it shows and how values map onto it.
 *
 * @param label       what the axis measures, e.g. "RSS"; never null
 * @param unit        unit of the values as drawn, e.g. "MiB", "ms", "s"; empty for plain counts
 * @param kind        {@link Kind#LINEAR}; {@link Kind#PERCENTILE} for values already mapped to
 *                    {@code log10(1 / (1 - p))} by {@link PercentileScale}; or {@link Kind#INDEX}
 *                    for numbered things (pairs, trials) at the whole numbers 1, 2, 3, ...
 * @param includeZero whether the axis must reach 0 (counts, rates); false lets it hug the data
 *                    (memory, where the growth is the point)
 */
public record Axis(String label, String unit, Kind kind, boolean includeZero) {

    /** How data values are placed. */
    public enum Kind {
        LINEAR,
        PERCENTILE,
        INDEX
    }

    public Axis {
        label = label == null ? "" : label;
        unit = unit == null ? "" : unit;
        if (kind == null) {
            throw new IllegalArgumentException("axis kind must not be null");
        }
    }

    /** A linear axis from zero. */
    public static Axis linear(String label, String unit) {
        return new Axis(label, unit, Kind.LINEAR, true);
    }

    /** A linear axis that starts near the smallest value rather than at zero. */
    public static Axis linearFitted(String label, String unit) {
        return new Axis(label, unit, Kind.LINEAR, false);
    }

    /** A percentile axis ({@code 1/(1-p)} on a log scale: 0 %, 50 %, 90 %, 99 %, 99.9 %, ...). */
    public static Axis percentile(String label) {
        return new Axis(label, "", Kind.PERCENTILE, true);
    }

    /**
     * An axis of numbered things (pair 1, 2, 3, ...): a tick on each whole number and half a step
     * of room before the first and after the last, so nothing drawn at them sits on the frame.
     */
    public static Axis index(String label) {
        return new Axis(label, "", Kind.INDEX, false);
    }

    /** "label (unit)" or just the label. */
    public String title() {
        return unit.isEmpty() ? label : label + " (" + unit + ")";
    }
}
