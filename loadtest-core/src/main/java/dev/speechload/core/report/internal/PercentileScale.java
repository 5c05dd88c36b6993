package dev.speechload.core.report.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The x axis of a percentile spectrum, as HdrHistogram's plotter draws it: a percentile p (0..1)
 * sits at {@code log10(1 / (1 - p))}, so 0 %, 90 %, 99 %, 99.9 % are evenly spaced at 0, 1, 2, 3
 * and the tail gets as much room as the body. Stateless and thread-safe.
 */
public final class PercentileScale {

    private PercentileScale() {}

    /**
     * The axis position of percentile {@code p}, 0..1. p = 1 has no finite position: callers
     * place the maximum at {@link #positionOfMax(long)}.
     */
    public static double position(double p) {
        if (!(p >= 0 && p < 1)) {
            throw new IllegalArgumentException("percentile must be in [0, 1), was " + p);
        }
        return Math.log10(1 / (1 - p));
    }

    /** Where the largest of {@code count} values goes: the 1 - 1/count quantile, 0 for one value. */
    public static double positionOfMax(long count) {
        return count <= 1 ? 0 : Math.log10(count);
    }

    /** Tick positions up to {@code maxPosition}: 0 %, 50 %, then 90 %, 99 %, 99.9 %, ... */
    public static List<Double> ticks(double maxPosition) {
        List<Double> ticks = new ArrayList<>();
        ticks.add(0.0);
        ticks.add(Math.log10(2));
        for (int decade = 1; decade <= Math.max(1, (int) Math.ceil(maxPosition - 1e-9)); decade++) {
            ticks.add((double) decade);
        }
        return ticks;
    }

    /** The label of an axis position: "0%", "50%", "90%", "99%", "99.9%", ... */
    public static String label(double position) {
        double p = 100 * (1 - Math.pow(10, -position));
        int decimals = Math.max(0, (int) Math.round(position) - 2);
        if (Math.abs(position - Math.log10(2)) < 1e-9) {
            decimals = 0;
        }
        return String.format(Locale.ROOT, "%." + decimals + "f%%", p);
    }
}
