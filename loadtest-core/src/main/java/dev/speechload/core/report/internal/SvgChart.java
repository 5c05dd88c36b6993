package dev.speechload.core.report.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A small x/y chart rendered as one self-contained SVG string: nice ticks, axis titles with
 * units, line, step, bar and dot series, dashed horizontal reference lines, vertical markers,
 * shaded x bands and y ranges, and a legend when more than one thing is drawn. Every text is
 * escaped. The SVG has a fixed {@code viewBox} and {@code width="100%"}, so it scales to the page.
 *
 * <p>Series longer than the plot is wide are thinned with {@link Downsampler#minMax} for
 * drawing only. The axes always cover every point, reference line and band, so nothing is drawn
 * outside the plot area.
 *
 * <p>Not thread-safe: build, {@link #render()}, discard.
 */
public final class SvgChart {

    /** viewBox width and height, in SVG user units (about pixels at 100 % zoom). */
    public static final int WIDTH = 720;

    public static final int HEIGHT = 300;
    static final int LEFT = 62;
    static final int RIGHT = WIDTH - 14;
    static final int BOTTOM = HEIGHT - 42;
    private static final int FONT = 12;
    private static final double CHAR_WIDTH = 6.6;
    /** Light enough that dots and lines drawn over a shaded range stay readable. */
    private static final String RANGE_OPACITY = "0.18";

    private final String title;
    private final Axis xAxis;
    private final Axis yAxis;
    private final List<Series> series = new ArrayList<>();
    private final List<Reference> references = new ArrayList<>();
    private final List<Marker> markers = new ArrayList<>();
    private final List<Band> bands = new ArrayList<>();
    private final List<Range> ranges = new ArrayList<>();
    private double extendXMin = Double.POSITIVE_INFINITY;
    private double extendXMax = Double.NEGATIVE_INFINITY;
    private double extendYMin = Double.POSITIVE_INFINITY;
    private double extendYMax = Double.NEGATIVE_INFINITY;

    /** A horizontal line at {@code y}, e.g. a baseline's level. */
    public record Reference(double y, String name, String colour, boolean dashed) {}

    /** A vertical line at {@code x} with a short label, e.g. the start of a ramp step. */
    public record Marker(double x, String label) {}

    /** A shaded x range with a label, e.g. the warm-up. */
    public record Band(double fromX, double toX, String label) {}

    /** A shaded y range across the plot with a legend entry, e.g. a confidence interval. */
    public record Range(double fromY, double toY, String name, String colour) {}

    /** The geometry the chart settled on, for tests and callers that add to it. */
    public record Layout(double top, LinearScale x, LinearScale y, List<Double> xTicks, List<Double> yTicks) {}

    /**
     * @param title accessible title of the image (the page shows its own heading)
     */
    public SvgChart(String title, Axis xAxis, Axis yAxis) {
        this.title = title == null ? "" : title;
        this.xAxis = Objects.requireNonNull(xAxis, "xAxis");
        this.yAxis = Objects.requireNonNull(yAxis, "yAxis");
        if (yAxis.kind() != Axis.Kind.LINEAR) {
            throw new IllegalArgumentException("the y axis must be linear, was " + yAxis.kind());
        }
    }

    public SvgChart add(Series s) {
        series.add(Objects.requireNonNull(s, "series"));
        return this;
    }

    /** A horizontal reference line; ignored when {@code y} is not finite. */
    public SvgChart reference(double y, String name, String colour, boolean dashed) {
        if (Double.isFinite(y)) {
            references.add(new Reference(y, name, colour, dashed));
        }
        return this;
    }

    public SvgChart marker(double x, String label) {
        if (Double.isFinite(x)) {
            markers.add(new Marker(x, label));
        }
        return this;
    }

    public SvgChart band(double fromX, double toX, String label) {
        if (Double.isFinite(fromX) && Double.isFinite(toX) && toX > fromX) {
            bands.add(new Band(fromX, toX, label));
        }
        return this;
    }

    /** A shaded y range from {@code fromY} to {@code toY}; ignored unless both are finite and ordered. */
    public SvgChart range(double fromY, double toY, String name, String colour) {
        if (Double.isFinite(fromY) && Double.isFinite(toY) && toY >= fromY) {
            ranges.add(new Range(fromY, toY, name, colour));
        }
        return this;
    }

    /**
     * Widens the x axis to reach {@code x} even where nothing is drawn there, e.g. to show every
     * pair of a comparison when some have no value; ignored when not finite.
     */
    public SvgChart extendX(double x) {
        if (Double.isFinite(x)) {
            extendXMin = Math.min(extendXMin, x);
            extendXMax = Math.max(extendXMax, x);
        }
        return this;
    }

    /**
     * Widens the y axis to reach {@code y} even where nothing is drawn there, e.g. to keep a
     * reference line off the frame; ignored when not finite.
     */
    public SvgChart extendY(double y) {
        if (Double.isFinite(y)) {
            extendYMin = Math.min(extendYMin, y);
            extendYMax = Math.max(extendYMax, y);
        }
        return this;
    }

    /** True when no series has a drawable point. */
    public boolean isEmpty() {
        for (Series s : series) {
            for (int i = 0; i < s.points().size(); i++) {
                if (finite(s.points().xs()[i], s.points().ys()[i])) {
                    return false;
                }
            }
        }
        return true;
    }

    /** The scales and ticks this chart will use. */
    public Layout layout() {
        double top = 14 + 16 * legendRows().size() + 8;
        double xMin = Double.POSITIVE_INFINITY;
        double xMax = Double.NEGATIVE_INFINITY;
        double yMin = Double.POSITIVE_INFINITY;
        double yMax = Double.NEGATIVE_INFINITY;
        for (Series s : series) {
            double[] xs = s.points().xs();
            double[] ys = s.points().ys();
            double extra = s.style() == Series.Style.BARS ? s.barWidth() : 0;
            for (int i = 0; i < xs.length; i++) {
                if (finite(xs[i], ys[i])) {
                    xMin = Math.min(xMin, xs[i]);
                    xMax = Math.max(xMax, xs[i] + extra);
                    yMin = Math.min(yMin, ys[i]);
                    yMax = Math.max(yMax, ys[i]);
                }
            }
            if (s.style() == Series.Style.BARS && xs.length > 0) {
                yMin = Math.min(yMin, 0);
            }
        }
        for (Reference r : references) {
            yMin = Math.min(yMin, r.y());
            yMax = Math.max(yMax, r.y());
        }
        for (Range r : ranges) {
            yMin = Math.min(yMin, r.fromY());
            yMax = Math.max(yMax, r.toY());
        }
        for (Marker m : markers) {
            xMin = Math.min(xMin, m.x());
            xMax = Math.max(xMax, m.x());
        }
        for (Band b : bands) {
            xMin = Math.min(xMin, b.fromX());
            xMax = Math.max(xMax, b.toX());
        }
        xMin = Math.min(xMin, extendXMin);
        xMax = Math.max(xMax, extendXMax);
        yMin = Math.min(yMin, extendYMin);
        yMax = Math.max(yMax, extendYMax);
        if (yAxis.includeZero() && Double.isFinite(yMin)) {
            yMin = Math.min(yMin, 0);
            yMax = Math.max(yMax, 0);
        }
        Ticks yTicks = Ticks.covering(yMin, yMax, 6);
        LinearScale y = new LinearScale(yTicks.min(), yTicks.max(), BOTTOM, top);
        if (xAxis.kind() == Axis.Kind.PERCENTILE) {
            double end = Math.max(2, Math.ceil((Double.isFinite(xMax) ? xMax : 0) - 1e-9));
            LinearScale x = new LinearScale(0, end, LEFT, RIGHT);
            return new Layout(top, x, y, PercentileScale.ticks(end), yTicks.values());
        }
        if (xAxis.kind() == Axis.Kind.INDEX) {
            // Things are drawn within half a step of their number (bars beside it), so rounding finds the numbers.
            long first = Math.min(1, Double.isFinite(xMin) ? Math.round(xMin) : 1);
            long last = Math.max(first, Double.isFinite(xMax) ? Math.round(xMax) : 1);
            LinearScale x = new LinearScale(first - 0.5, last + 0.5, LEFT, RIGHT);
            return new Layout(top, x, y, wholeTicks(first, last), yTicks.values());
        }
        if (xAxis.includeZero() && Double.isFinite(xMin)) {
            xMin = Math.min(xMin, 0);
        }
        Ticks xTicks = Ticks.covering(xMin, xMax, 9);
        LinearScale x = new LinearScale(xTicks.min(), xTicks.max(), LEFT, RIGHT);
        return new Layout(top, x, y, xTicks.values(), yTicks.values());
    }

    /** A tick on every whole number from first to last, or on every k-th when there are more than 20. */
    private static List<Double> wholeTicks(long first, long last) {
        long step = last - first < 20 ? 1 : (long) Math.ceil(Ticks.niceStep((last - first) / 10.0));
        List<Double> ticks = new ArrayList<>();
        for (long v = first; v <= last; v += step) {
            ticks.add((double) v);
        }
        return ticks;
    }

    /** The chart as an {@code <svg>} element. */
    public String render() {
        Layout layout = layout();
        LinearScale x = layout.x();
        LinearScale y = layout.y();
        double top = layout.top();
        StringBuilder out = new StringBuilder(4096);
        out.append("<svg class=\"chart\" viewBox=\"0 0 ")
                .append(WIDTH)
                .append(' ')
                .append(HEIGHT)
                .append("\" width=\"100%\" role=\"img\" font-family=\"sans-serif\" font-size=\"")
                .append(FONT)
                .append("\"><title>")
                .append(Escape.html(title))
                .append("</title>");
        out.append("<rect x=\"").append(LEFT).append("\" y=\"");
        Num.coord(out, top).append("\" width=\"").append(RIGHT - LEFT).append("\" height=\"");
        Num.coord(out, BOTTOM - top).append("\" fill=\"#fbfbfb\" stroke=\"#d0d0d0\"/>");
        for (Band b : bands) {
            double from = x.map(b.fromX());
            out.append("<rect x=\"");
            Num.coord(out, from).append("\" y=\"");
            Num.coord(out, top).append("\" width=\"");
            Num.coord(out, x.map(b.toX()) - from).append("\" height=\"");
            Num.coord(out, BOTTOM - top).append("\" fill=\"#ececec\"/>");
            text(out, from + 4, top + 13, "start", "#666", b.label());
        }
        Ticks yTicks = Ticks.covering(y.domainMin(), y.domainMax(), 6);
        for (double v : layout.yTicks()) {
            double py = y.map(v);
            line(out, LEFT, py, RIGHT, py, "#e3e3e3", null);
            text(out, LEFT - 6, py + 4, "end", "#444", yTicks.label(v));
        }
        for (Range r : ranges) {
            double upper = y.map(r.toY());
            out.append("<rect x=\"").append(LEFT).append("\" y=\"");
            Num.coord(out, upper).append("\" width=\"").append(RIGHT - LEFT).append("\" height=\"");
            Num.coord(out, Math.max(0.5, y.map(r.fromY()) - upper))
                    .append("\" fill=\"")
                    .append(r.colour())
                    .append("\" fill-opacity=\"")
                    .append(RANGE_OPACITY)
                    .append("\"/>");
        }
        Ticks xTicks = xAxis.kind() == Axis.Kind.LINEAR ? Ticks.covering(x.domainMin(), x.domainMax(), 9) : null;
        double labelledUpTo = Double.NEGATIVE_INFINITY;
        for (double v : layout.xTicks()) {
            double px = x.map(v);
            line(out, px, top, px, BOTTOM, "#eeeeee", null);
            line(out, px, BOTTOM, px, BOTTOM + 5, "#888", null);
            String label = switch (xAxis.kind()) {
                case LINEAR -> xTicks.label(v);
                case PERCENTILE -> PercentileScale.label(v);
                case INDEX -> Long.toString(Math.round(v));
            };
            double half = label.length() * CHAR_WIDTH / 2;
            // Keep the last label inside the image, and skip a label that would overlap the previous one.
            double centre = Math.min(px, WIDTH - 2 - half);
            if (centre - half >= labelledUpTo + 4) {
                text(out, centre, BOTTOM + 18, "middle", "#444", label);
                labelledUpTo = centre + half;
            }
        }
        double lastLabelled = Double.NEGATIVE_INFINITY;
        for (Marker m : markers) {
            double px = x.map(m.x());
            line(out, px, top, px, BOTTOM, Palette.MARKER, "2 3");
            if (px - lastLabelled >= 44) {
                text(out, px + 3, BOTTOM - 5, "start", "#666", m.label());
                lastLabelled = px;
            }
        }
        for (Series s : series) {
            drawSeries(out, s, x, y);
        }
        for (Reference r : references) {
            double py = y.map(r.y());
            line(out, LEFT, py, RIGHT, py, r.colour(), r.dashed() ? "7 5" : null);
        }
        out.append("<line x1=\"")
                .append(LEFT)
                .append("\" y1=\"")
                .append(BOTTOM)
                .append("\" x2=\"")
                .append(RIGHT)
                .append("\" y2=\"")
                .append(BOTTOM)
                .append("\" stroke=\"#888\"/>");
        text(out, (LEFT + RIGHT) / 2.0, HEIGHT - 8, "middle", "#222", xAxis.title());
        double mid = (top + BOTTOM) / 2;
        out.append("<text transform=\"rotate(-90 14 ");
        Num.coord(out, mid).append(")\" x=\"14\" y=\"");
        Num.coord(out, mid)
                .append("\" text-anchor=\"middle\" fill=\"#222\">")
                .append(Escape.html(yAxis.title()))
                .append("</text>");
        if (isEmpty()) {
            text(out, (LEFT + RIGHT) / 2.0, mid, "middle", "#888", "no data");
        }
        drawLegend(out);
        return out.append("</svg>").toString();
    }

    private void drawSeries(StringBuilder out, Series s, LinearScale x, LinearScale y) {
        Downsampler.Points points = s.pointwise() ? s.points() : Downsampler.minMax(s.points(), (RIGHT - LEFT) / 2);
        double[] xs = points.xs();
        double[] ys = points.ys();
        String dash = s.dashed() ? " stroke-dasharray=\"7 5\"" : "";
        if (s.style() == Series.Style.BARS) {
            double zero = y.map(0);
            out.append("<g fill=\"").append(s.colour()).append("\" fill-opacity=\"0.75\">");
            for (int i = 0; i < xs.length; i++) {
                if (!finite(xs[i], ys[i])) {
                    continue;
                }
                double left = x.map(xs[i]);
                double width = Math.max(0.5, x.map(xs[i] + s.barWidth()) - left - 0.5);
                double py = y.map(ys[i]);
                out.append("<rect x=\"");
                Num.coord(out, left).append("\" y=\"");
                Num.coord(out, Math.min(py, zero)).append("\" width=\"");
                Num.coord(out, width).append("\" height=\"");
                Num.coord(out, Math.abs(zero - py)).append("\"/>");
            }
            out.append("</g>");
            return;
        }
        if (s.style() == Series.Style.DOTS || s.style() == Series.Style.OPEN_DOTS) {
            // The class tells the pairs' dots from the legend's in the markup (and in tests).
            out.append("<g class=\"")
                    .append(s.style() == Series.Style.OPEN_DOTS ? "dots open" : "dots")
                    .append('"')
                    .append(dotPaint(s.style() == Series.Style.OPEN_DOTS, s.colour()))
                    .append('>');
            for (int i = 0; i < xs.length; i++) {
                if (finite(xs[i], ys[i])) {
                    out.append("<circle cx=\"");
                    Num.coord(out, x.map(xs[i])).append("\" cy=\"");
                    Num.coord(out, y.map(ys[i])).append("\" r=\"4\"/>");
                }
            }
            out.append("</g>");
            return;
        }
        StringBuilder d = new StringBuilder(xs.length * 12);
        int drawn = 0;
        double lastX = 0;
        double lastY = 0;
        for (int i = 0; i < xs.length; i++) {
            if (!finite(xs[i], ys[i])) {
                continue;
            }
            double px = x.map(xs[i]);
            double py = y.map(ys[i]);
            if (drawn == 0) {
                d.append('M');
                Num.coord(d, px).append(' ');
                Num.coord(d, py);
            } else if (s.style() == Series.Style.STEP) {
                d.append('V');
                Num.coord(d, py).append('H');
                Num.coord(d, px);
            } else {
                d.append(drawn == 1 ? "L" : " ");
                Num.coord(d, px).append(' ');
                Num.coord(d, py);
            }
            lastX = px;
            lastY = py;
            drawn++;
        }
        if (drawn == 1) {
            // One point has no segment to draw: show it as a dot.
            out.append("<circle cx=\"");
            Num.coord(out, lastX).append("\" cy=\"");
            Num.coord(out, lastY)
                    .append("\" r=\"3\" fill=\"")
                    .append(s.colour())
                    .append("\"/>");
        } else if (drawn > 1) {
            out.append("<path d=\"")
                    .append(d)
                    .append("\" fill=\"none\" stroke=\"")
                    .append(s.colour())
                    .append("\" stroke-width=\"1.6\" stroke-linejoin=\"round\"")
                    .append(dash)
                    .append("/>");
        }
    }

    /** Fill and stroke attributes of a dot: filled in the colour, or a white dot ringed in it. */
    private static String dotPaint(boolean open, String colour) {
        return open ? " fill=\"#ffffff\" stroke=\"" + colour + "\" stroke-width=\"1.5\"" : " fill=\"" + colour + "\"";
    }

    /** How a legend entry's sample is drawn. */
    private enum Swatch {
        LINE,
        BAR,
        DOT,
        OPEN_DOT,
        RANGE
    }

    private record LegendEntry(String name, String colour, boolean dashed, Swatch swatch) {}

    private List<LegendEntry> legendEntries() {
        List<LegendEntry> entries = new ArrayList<>();
        for (Series s : series) {
            if (!s.name().isEmpty()) {
                Swatch swatch = switch (s.style()) {
                    case BARS -> Swatch.BAR;
                    case DOTS -> Swatch.DOT;
                    case OPEN_DOTS -> Swatch.OPEN_DOT;
                    case LINE, STEP -> Swatch.LINE;
                };
                entries.add(new LegendEntry(s.name(), s.colour(), s.dashed(), swatch));
            }
        }
        for (Reference r : references) {
            if (r.name() != null && !r.name().isEmpty()) {
                entries.add(new LegendEntry(r.name(), r.colour(), r.dashed(), Swatch.LINE));
            }
        }
        for (Range r : ranges) {
            if (r.name() != null && !r.name().isEmpty()) {
                entries.add(new LegendEntry(r.name(), r.colour(), false, Swatch.RANGE));
            }
        }
        return entries;
    }

    /** Legend entries per row; none when a single series would only repeat the axis title. */
    private List<List<LegendEntry>> legendRows() {
        List<LegendEntry> entries = legendEntries();
        List<List<LegendEntry>> rows = new ArrayList<>();
        if (entries.size() < 2) {
            return rows;
        }
        double used = 0;
        List<LegendEntry> row = new ArrayList<>();
        for (LegendEntry e : entries) {
            double width = entryWidth(e);
            if (!row.isEmpty() && used + width > RIGHT - LEFT) {
                rows.add(row);
                row = new ArrayList<>();
                used = 0;
            }
            row.add(e);
            used += width;
        }
        rows.add(row);
        return rows;
    }

    private static double entryWidth(LegendEntry e) {
        return 22 + Math.min(e.name().length(), 60) * CHAR_WIDTH + 18;
    }

    private void drawLegend(StringBuilder out) {
        double rowY = 16;
        for (List<LegendEntry> row : legendRows()) {
            double px = LEFT;
            for (LegendEntry e : row) {
                drawSwatch(out, e, px, rowY);
                String name = e.name().length() > 60 ? e.name().substring(0, 59) + "\u2026" : e.name();
                text(out, px + 22, rowY, "start", "#222", name);
                px += entryWidth(e);
            }
            rowY += 16;
        }
    }

    private static void drawSwatch(StringBuilder out, LegendEntry e, double px, double rowY) {
        switch (e.swatch()) {
            case BAR, RANGE -> {
                out.append("<rect x=\"");
                Num.coord(out, px).append("\" y=\"");
                Num.coord(out, rowY - 9)
                        .append("\" width=\"16\" height=\"10\" fill=\"")
                        .append(e.colour())
                        .append("\" fill-opacity=\"")
                        .append(e.swatch() == Swatch.BAR ? "0.75" : RANGE_OPACITY)
                        .append("\"/>");
            }
            case DOT, OPEN_DOT -> {
                out.append("<circle cx=\"");
                Num.coord(out, px + 8).append("\" cy=\"");
                Num.coord(out, rowY - 4)
                        .append("\" r=\"4\"")
                        .append(dotPaint(e.swatch() == Swatch.OPEN_DOT, e.colour()))
                        .append("/>");
            }
            case LINE -> line(out, px, rowY - 4, px + 16, rowY - 4, e.colour(), e.dashed() ? "5 3" : null, 2);
        }
    }

    private static void line(
            StringBuilder out, double x1, double y1, double x2, double y2, String colour, String dash) {
        line(out, x1, y1, x2, y2, colour, dash, 1);
    }

    private static void line(
            StringBuilder out, double x1, double y1, double x2, double y2, String colour, String dash, double width) {
        out.append("<line x1=\"");
        Num.coord(out, x1).append("\" y1=\"");
        Num.coord(out, y1).append("\" x2=\"");
        Num.coord(out, x2).append("\" y2=\"");
        Num.coord(out, y2).append("\" stroke=\"").append(colour).append('"');
        if (width != 1) {
            out.append(" stroke-width=\"");
            Num.coord(out, width).append('"');
        }
        if (dash != null) {
            out.append(" stroke-dasharray=\"").append(dash).append('"');
        }
        out.append("/>");
    }

    private static void text(StringBuilder out, double x, double y, String anchor, String colour, String text) {
        out.append("<text x=\"");
        Num.coord(out, x).append("\" y=\"");
        Num.coord(out, y)
                .append("\" text-anchor=\"")
                .append(anchor)
                .append("\" fill=\"")
                .append(colour)
                .append("\">")
                .append(Escape.html(text))
                .append("</text>");
    }

    private static boolean finite(double x, double y) {
        return Double.isFinite(x) && Double.isFinite(y);
    }
}
