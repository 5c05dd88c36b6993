package dev.speechload.core.report.internal;

import java.util.ArrayList;
import java.util.List;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;

/**
 * Turns histograms into chart points (decoding is {@link dev.speechload.core.stats.internal.HistogramCodec}'s
 * job). Stateless and thread-safe.
 */
public final class Histograms {

    private Histograms() {}

    /**
     * The percentile spectrum: x = {@link PercentileScale#position} of each percentile level,
     * y = the value at that level divided by {@code divisor} (e.g. 1e6 for nanoseconds to ms).
     * Empty for an empty histogram. The 100 % point (the maximum) is placed at
     * {@link PercentileScale#positionOfMax(long)}.
     */
    public static Downsampler.Points spectrum(Histogram histogram, double divisor) {
        long count = histogram.getTotalCount();
        if (count == 0) {
            return new Downsampler.Points(new double[0], new double[0]);
        }
        List<double[]> points = new ArrayList<>();
        double lastX = 0;
        for (HistogramIterationValue v : histogram.percentiles(5)) {
            double p = v.getPercentileLevelIteratedTo() / 100.0;
            double x = p < 1 ? PercentileScale.position(p) : Math.max(lastX, PercentileScale.positionOfMax(count));
            double y = histogram.highestEquivalentValue(v.getValueIteratedTo()) / divisor;
            points.add(new double[] {x, y});
            lastX = x;
            if (p >= 1) {
                break;
            }
        }
        double[] xs = new double[points.size()];
        double[] ys = new double[points.size()];
        for (int i = 0; i < xs.length; i++) {
            xs[i] = points.get(i)[0];
            ys[i] = points.get(i)[1];
        }
        return new Downsampler.Points(xs, ys);
    }

    /** Bars of a distribution: each x is a bin start, y the share of values in it (percent). */
    public record Distribution(double[] binStarts, double[] sharePercent, double binWidth) {}

    /**
     * The distribution of values between the minimum and the 99.9th percentile in about
     * {@code bins} equal bins of a nice width (values above the last bin count in the last bin,
     * so the shares add up to 100 %). Values are divided by {@code divisor} first.
     */
    public static Distribution distribution(Histogram histogram, double divisor, int bins) {
        long count = histogram.getTotalCount();
        if (count == 0) {
            return new Distribution(new double[0], new double[0], 1);
        }
        double lo = histogram.getMinValue() / divisor;
        double hi = histogram.getValueAtPercentile(99.9) / divisor;
        double width = Ticks.niceStep(Math.max((hi - lo) / bins, 1e-9));
        double start = Math.floor(lo / width) * width;
        int n = Math.max(1, (int) Math.ceil((hi - start) / width + 1e-9));
        if (start + n * width <= hi) {
            n++;
        }
        double[] starts = new double[n];
        for (int i = 0; i < n; i++) {
            starts[i] = start + i * width;
        }
        return new Distribution(starts, shares(histogram, divisor, start, width, n), width);
    }

    /**
     * The share (percent) of the histogram's values in each of {@code n} bins of {@code width}
     * from {@code start}; values outside fall into the first or last bin.
     */
    public static double[] shares(Histogram histogram, double divisor, double start, double width, int n) {
        double[] shares = new double[n];
        long count = histogram.getTotalCount();
        if (count == 0) {
            return shares;
        }
        for (HistogramIterationValue v : histogram.recordedValues()) {
            double value = histogram.medianEquivalentValue(v.getValueIteratedTo()) / divisor;
            int bin = (int) Math.floor((value - start) / width);
            shares[Math.max(0, Math.min(n - 1, bin))] += v.getCountAtValueIteratedTo();
        }
        for (int i = 0; i < n; i++) {
            shares[i] = shares[i] * 100.0 / count;
        }
        return shares;
    }
}
