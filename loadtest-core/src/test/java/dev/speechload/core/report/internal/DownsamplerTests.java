package dev.speechload.core.report.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DownsamplerTests {

    @Test
    void keepsEveryBucketsMinimumAndMaximum() {
        int n = 3600;
        double[] xs = new double[n];
        double[] ys = new double[n];
        Random random = new Random(1);
        for (int i = 0; i < n; i++) {
            xs[i] = i;
            ys[i] = 100 + random.nextGaussian();
        }
        ys[1234] = 500; // one spike
        ys[2345] = -50; // one dip
        int buckets = 100;

        Downsampler.Points thin = Downsampler.minMax(new Downsampler.Points(xs, ys), buckets);

        assertThat(thin.size()).isLessThanOrEqualTo(2 * buckets + 2);
        assertThat(Arrays.stream(thin.ys()).max().getAsDouble()).isEqualTo(500);
        assertThat(Arrays.stream(thin.ys()).min().getAsDouble()).isEqualTo(-50);
        assertThat(thin.xs()[0]).isEqualTo(0);
        assertThat(thin.xs()[thin.size() - 1]).isEqualTo(n - 1);
        for (int i = 1; i < thin.size(); i++) {
            assertThat(thin.xs()[i]).as("x order at %d", i).isGreaterThanOrEqualTo(thin.xs()[i - 1]);
        }
        // Each bucket (x range / buckets wide; the end points stand alone) keeps its own extremes.
        for (int b = 0; b < buckets; b++) {
            int from = Math.max(1, (int) Math.ceil((n - 1) * (double) b / buckets));
            int to = Math.min(n - 1, (int) Math.ceil((n - 1) * (double) (b + 1) / buckets));
            double max = Arrays.stream(ys, from, to).max().getAsDouble();
            double min = Arrays.stream(ys, from, to).min().getAsDouble();
            assertThat(thin.ys()).as("bucket %d", b).contains(max, min);
        }
    }

    @Test
    void leavesShortSeriesAlone() {
        Downsampler.Points points = new Downsampler.Points(new double[] {1, 2, 3}, new double[] {5, 6, 7});
        assertThat(Downsampler.minMax(points, 10)).isSameAs(points);
    }
}
