package dev.speechload.core.baseline;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * A percentile-bootstrap confidence interval for {@code median(current) / median(baseline)}, used
 * to judge a metric measured in several trials on both sides. Each resample draws, with
 * replacement, as many trials as each side has, from each side independently; the interval holds
 * the middle {@code confidence} share of the resampled ratios.
 *
 * <p>Deterministic: the same inputs and seed give the same interval. Pure and thread-safe.
 * See {@code docs/baselines.md} for the false-alarm rate measured with it.
 */
final class BootstrapMedianRatio {

    /** Resamples used by verdicts. */
    public static final int RESAMPLES = 2000;
    /** Two-sided confidence used by verdicts: each bound alone is a 97.5 % one-sided bound. */
    public static final double CONFIDENCE = 0.95;
    /** Seed used by verdicts, so a verdict is a pure function of its inputs. */
    public static final long SEED = 0x5EEC_410ADL;

    private BootstrapMedianRatio() {}

    /**
     * A ratio of medians with its confidence interval.
     *
     * @param estimate median(current) / median(baseline) of the trials as measured
     * @param lower    lower bound of the interval (with very few trials it may even exceed the estimate)
     * @param upper    upper bound, &gt;= lower
     */
    public record Interval(double estimate, double lower, double upper) {}

    /** The interval with the verdicts' settings ({@link #RESAMPLES}, {@link #CONFIDENCE}, {@link #SEED}). */
    public static Interval of(double[] baseline, double[] current) {
        return of(baseline, current, RESAMPLES, CONFIDENCE, SEED);
    }

    /**
     * @param baseline   the baseline's trial values, at least 1, all finite and the median &gt; 0
     * @param current    the current trial values, at least 1, all finite
     * @param resamples  number of bootstrap resamples, &gt;= 100
     * @param confidence two-sided confidence, in (0, 1)
     * @param seed       random seed
     * @throws IllegalArgumentException on empty inputs, non-finite values, or a baseline median of 0
     */
    public static Interval of(double[] baseline, double[] current, int resamples, double confidence, long seed) {
        check(baseline, "baseline");
        check(current, "current");
        if (resamples < 100) {
            throw new IllegalArgumentException("resamples must be >= 100, was " + resamples);
        }
        if (!(confidence > 0 && confidence < 1)) {
            throw new IllegalArgumentException("confidence must be in (0, 1), was " + confidence);
        }
        double baseMedian = median(baseline.clone());
        if (!(baseMedian > 0)) {
            throw new IllegalArgumentException("baseline median must be > 0, was " + baseMedian);
        }
        double estimate = median(current.clone()) / baseMedian;
        SplittableRandom random = new SplittableRandom(seed);
        double[] ratios = new double[resamples];
        double[] b = new double[baseline.length];
        double[] c = new double[current.length];
        int usable = 0;
        for (int r = 0; r < resamples; r++) {
            draw(random, baseline, b);
            draw(random, current, c);
            double mb = median(b);
            if (mb > 0) {
                ratios[usable++] = median(c) / mb;
            }
        }
        if (usable == 0) {
            throw new IllegalArgumentException("every resampled baseline median was 0");
        }
        Arrays.sort(ratios, 0, usable);
        double tail = (1 - confidence) / 2;
        return new Interval(estimate, quantile(ratios, usable, tail), quantile(ratios, usable, 1 - tail));
    }

    /** The median of {@code values} (mean of the two middle values for an even count); sorts the array. */
    static double median(double[] values) {
        Arrays.sort(values);
        int n = values.length;
        return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
    }

    private static void draw(SplittableRandom random, double[] from, double[] into) {
        for (int i = 0; i < into.length; i++) {
            into[i] = from[random.nextInt(from.length)];
        }
    }

    private static double quantile(double[] sorted, int n, double q) {
        int index = (int) Math.floor(q * (n - 1) + 0.5);
        return sorted[Math.max(0, Math.min(n - 1, index))];
    }

    private static void check(double[] values, String name) {
        if (values == null || values.length == 0) {
            throw new IllegalArgumentException(name + " needs at least one trial value");
        }
        for (double v : values) {
            if (!Double.isFinite(v)) {
                throw new IllegalArgumentException(name + " holds a non-finite value: " + v);
            }
        }
    }
}
