package dev.speechload.core.report.internal;

import java.util.Objects;

/**
 * One data series of a chart, in the units of its axes.
 *
 * @param name     legend text (escaped when drawn)
 * @param points   x ascending; NaN or infinite points are skipped when drawn
 * @param style    how the points are joined
 * @param colour   a CSS colour literal we chose (never user text), e.g. "#1f6fb4"
 * @param dashed   dashed stroke: baselines and fitted lines
 * @param barWidth width of each bar in x units ({@link Style#BARS} only), > 0
 */
public record Series(
        String name, Downsampler.Points points, Style style, String colour, boolean dashed, double barWidth) {

    /** How points are joined. */
    public enum Style {
        /** Straight segments from point to point. */
        LINE,
        /** Each y holds from the previous x up to its own x (an interval ending at x). */
        STEP,
        /** A bar from 0 to y over [x, x + barWidth). */
        BARS,
        /** A filled dot at each point, nothing joining them. */
        DOTS,
        /** A hollow dot at each point: points shown but left out of what the chart sums up. */
        OPEN_DOTS
    }

    public Series {
        Objects.requireNonNull(points, "points");
        Objects.requireNonNull(style, "style");
        Objects.requireNonNull(colour, "colour");
        name = name == null ? "" : name;
        if (style == Style.BARS && !(barWidth > 0)) {
            throw new IllegalArgumentException("bar width must be > 0, was " + barWidth);
        }
    }

    public static Series line(String name, double[] xs, double[] ys, String colour) {
        return new Series(name, new Downsampler.Points(xs, ys), Style.LINE, colour, false, 0);
    }

    public static Series step(String name, double[] xs, double[] ys, String colour) {
        return new Series(name, new Downsampler.Points(xs, ys), Style.STEP, colour, false, 0);
    }

    public static Series bars(String name, double[] xs, double[] ys, double barWidth, String colour) {
        return new Series(name, new Downsampler.Points(xs, ys), Style.BARS, colour, false, barWidth);
    }

    public static Series dots(String name, double[] xs, double[] ys, String colour) {
        return new Series(name, new Downsampler.Points(xs, ys), Style.DOTS, colour, false, 0);
    }

    public static Series openDots(String name, double[] xs, double[] ys, String colour) {
        return new Series(name, new Downsampler.Points(xs, ys), Style.OPEN_DOTS, colour, false, 0);
    }

    /** True for the styles that draw each point on its own, which downsampling must keep. */
    boolean pointwise() {
        return style == Style.BARS || style == Style.DOTS || style == Style.OPEN_DOTS;
    }

    /** This series drawn dashed. */
    public Series asDashed() {
        return new Series(name, points, style, colour, true, barWidth);
    }
}
