package dev.speechload.core.report.internal;

import java.util.Arrays;

/**
 * Thins a series for drawing only (statistics are always computed from all samples): the x range
 * is cut into equal buckets, about one per pixel column, and each bucket keeps its lowest and
 * its highest point in time order. Spikes and dips therefore survive, which averaging or
 * every-n-th picking would hide. The first and last points are always kept. Stateless and
 * thread-safe.
 */
public final class Downsampler {

    private Downsampler() {}

    /** Points of a series, x ascending; both arrays have the same length. */
    public record Points(double[] xs, double[] ys) {
        public Points {
            if (xs.length != ys.length) {
                throw new IllegalArgumentException("xs and ys differ in length: " + xs.length + " vs " + ys.length);
            }
        }

        public int size() {
            return xs.length;
        }
    }

    /**
     * At most {@code 2 * buckets} points (plus the two ends) of {@code points}; the input itself
     * when it is already that small.
     *
     * @param buckets number of x buckets, >= 1; use the plot width in pixels or half of it
     */
    public static Points minMax(Points points, int buckets) {
        if (buckets < 1) {
            throw new IllegalArgumentException("buckets must be >= 1, was " + buckets);
        }
        int n = points.size();
        if (n <= 2 * buckets + 2) {
            return points;
        }
        double[] xs = points.xs();
        double[] ys = points.ys();
        double x0 = xs[0];
        double width = xs[n - 1] - x0;
        double[] outX = new double[2 * buckets + 2];
        double[] outY = new double[outX.length];
        int out = 0;
        outX[out] = xs[0];
        outY[out++] = ys[0];
        int i = 1;
        for (int b = 0; b < buckets && i < n - 1; b++) {
            double bucketEnd = b == buckets - 1 ? Double.POSITIVE_INFINITY : x0 + width * (b + 1) / buckets;
            int minAt = -1;
            int maxAt = -1;
            for (; i < n - 1 && (xs[i] < bucketEnd || width == 0); i++) {
                if (minAt < 0 || ys[i] < ys[minAt]) {
                    minAt = i;
                }
                if (maxAt < 0 || ys[i] > ys[maxAt]) {
                    maxAt = i;
                }
            }
            if (minAt < 0) {
                continue;
            }
            int first = Math.min(minAt, maxAt);
            int second = Math.max(minAt, maxAt);
            outX[out] = xs[first];
            outY[out++] = ys[first];
            if (second != first) {
                outX[out] = xs[second];
                outY[out++] = ys[second];
            }
        }
        outX[out] = xs[n - 1];
        outY[out++] = ys[n - 1];
        return new Points(Arrays.copyOf(outX, out), Arrays.copyOf(outY, out));
    }
}
