package dev.speechload.core.stats.internal;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;

/**
 * Distribution-free confidence intervals for a quantile, from order statistics: for {@code n}
 * values and a quantile {@code q}, the number of values below the true quantile is
 * Binomial(n, q), so the sorted values X(l) and X(u) bound it with probability
 * {@code P(l <= B <= u - 1)}. Nothing is assumed about the distribution of the values.
 *
 * <p>The interval is the equal-tailed one: {@code l} is the largest rank with
 * {@code P(B <= l - 1) <= 2.5 %}, {@code u} the smallest with {@code P(B <= u - 1) >= 97.5 %}, so
 * each bound alone holds with at least 97.5 % and both with at least 95 %. A sample supports the
 * quantile only when both ranks exist ({@code 1 <= l}, {@code u <= n}): for high quantiles the
 * upper one is the limit, {@code q^n <= 2.5 %}, that is {@code n >= ln(0.025) / ln(q)}
 * ({@link #minimumCount}: 368 for p99, 72 for p95, 36 for p90, 6 for p50).
 *
 * <p>The binomial CDF is exact for every n: its terms are computed in logs relative to the mode
 * ({@code ln P(k+1) - ln P(k) = ln((n-k)/(k+1)) + ln(q/(1-q))}) over a window of the mode
 * +- 40 standard deviations (+- 40 ranks), outside which every term is below e^-800 of the mode's,
 * and normalised by their sum; the cost is O(sqrt(n)), so n in the billions is cheap and no
 * normal approximation is needed. Pure and thread-safe.
 */
public final class OrderStatistics {

    /** Two-sided confidence of {@link #ranks}: each bound alone is a 97.5 % one-sided bound. */
    public static final double CONFIDENCE = 0.95;

    private static final double TAIL = (1 - CONFIDENCE) / 2;

    private OrderStatistics() {}

    /**
     * The ranks (1-based, of the values sorted ascending) bounding a quantile.
     *
     * @param n     number of values
     * @param q     the quantile, in (0, 1)
     * @param lower rank of the lower bound; 0 when the sample is too small for one
     * @param upper rank of the upper bound; n + 1 when the sample is too small for one
     */
    public record Ranks(long n, double q, long lower, long upper) {

        /** True when both bounds are values of the sample. */
        public boolean supported() {
            return lower >= 1 && upper <= n;
        }
    }

    /**
     * A quantile read from a histogram with its interval.
     *
     * @param n        values in the histogram
     * @param estimate the quantile as HdrHistogram reports it ({@code getValueAtPercentile(100 q)})
     * @param lower    the value at the lower rank, its bucket's lowest equivalent value (0 if unsupported)
     * @param upper    the value at the upper rank, its bucket's highest equivalent value
     *                 ({@code Long.MAX_VALUE} if unsupported)
     */
    public record Bounds(long n, double q, long estimate, long lower, long upper) {

        public boolean supported() {
            return lower > 0 && upper != Long.MAX_VALUE;
        }

        /**
         * Half the width of the interval on a log scale, {@code (ln upper - ln lower) / 2}: about
         * 1.96 standard errors of ln(quantile). Infinite when unsupported.
         */
        public double logHalfWidth() {
            return supported() ? (Math.log(upper) - Math.log(lower)) / 2 : Double.POSITIVE_INFINITY;
        }
    }

    /**
     * The 95 % ranks for the {@code q} quantile of {@code n} values.
     *
     * @throws IllegalArgumentException when n &lt; 0 or q is not in (0, 1)
     */
    public static Ranks ranks(long n, double q) {
        check(q);
        if (n < 0) {
            throw new IllegalArgumentException("n must be >= 0, was " + n);
        }
        if (n == 0) {
            return new Ranks(0, q, 0, 1);
        }
        Cdf cdf = new Cdf(n, q);
        // lower: l - 1 is the largest j with F(j) <= TAIL (j = -1 when even F(0) exceeds it).
        long j = -1;
        long hi = cdf.last;
        for (long k = cdf.first; k <= hi; k++) {
            if (cdf.at(k) <= TAIL) {
                j = k;
            } else {
                break;
            }
        }
        if (j == -1 && cdf.first > 0) {
            j = cdf.first - 1; // everything below the window is ~0
        }
        // upper: u - 1 is the smallest k with F(k) >= 1 - TAIL.
        long u = n + 1;
        for (long k = Math.max(0, j); k <= hi; k++) {
            if (cdf.at(k) >= 1 - TAIL) {
                u = k + 1;
                break;
            }
        }
        if (u == n + 1 && hi < n) {
            u = hi + 1; // the mass beyond the window is ~0, so F(hi) is 1
        }
        return new Ranks(n, q, j + 1, u);
    }

    /** {@code P(B <= k)} for B ~ Binomial(n, q), exact (see the class comment). */
    public static double binomialCdf(long k, long n, double q) {
        check(q);
        if (k < 0) {
            return 0;
        }
        if (k >= n) {
            return 1;
        }
        return new Cdf(n, q).at(k);
    }

    /**
     * The fewest values that support the {@code q} quantile: the least n whose 95 % ranks are both
     * in the sample.
     */
    public static long minimumCount(double q) {
        check(q);
        double limit = Math.log(TAIL);
        long n = (long) Math.ceil(Math.max(limit / Math.log(q), limit / Math.log(1 - q)));
        // Make it exact against floating-point rounding of the closed form.
        while (n > 1 && ranks(n - 1, q).supported()) {
            n--;
        }
        while (!ranks(n, q).supported()) {
            n++;
        }
        return n;
    }

    /** The highest of {@code quantiles} (tried in the given order) that {@code n} values support, or NaN. */
    public static double highestSupported(long n, double... quantiles) {
        for (double q : quantiles) {
            if (n >= minimumCount(q)) {
                return q;
            }
        }
        return Double.NaN;
    }

    /**
     * The q quantile of a histogram with its 95 % interval. Values at ranks are read by walking the
     * recorded buckets (not through {@code getValueAtPercentile(100 k / n)}, whose rounding up of
     * {@code k / n * n} can land one rank off); the lower bound takes its bucket's lowest equivalent
     * value and the upper its highest, so the histogram's precision only widens the interval.
     */
    public static Bounds bounds(Histogram histogram, double q) {
        check(q);
        long n = histogram.getTotalCount();
        long estimate = n == 0 ? 0 : histogram.getValueAtPercentile(100 * q);
        Ranks r = ranks(n, q);
        long lower = r.lower() >= 1 ? histogram.lowestEquivalentValue(valueAtRank(histogram, r.lower())) : 0;
        long upper =
                r.upper() <= n ? histogram.highestEquivalentValue(valueAtRank(histogram, r.upper())) : Long.MAX_VALUE;
        return new Bounds(n, q, estimate, lower, upper);
    }

    /** The value (as recorded, its bucket's representative) at 1-based rank k of the sorted values. */
    public static long valueAtRank(Histogram histogram, long k) {
        long n = histogram.getTotalCount();
        if (k < 1 || k > n) {
            throw new IllegalArgumentException("rank " + k + " is outside 1.." + n);
        }
        long seen = 0;
        for (HistogramIterationValue v : histogram.recordedValues()) {
            seen += v.getCountAtValueIteratedTo();
            if (seen >= k) {
                return v.getValueIteratedTo();
            }
        }
        return histogram.getMaxValue();
    }

    private static void check(double q) {
        if (!(q > 0 && q < 1)) {
            throw new IllegalArgumentException("quantile must be in (0, 1), was " + q);
        }
    }

    /** The binomial CDF over a window around the mode; F(k) for k below the window is 0, above it 1. */
    private static final class Cdf {
        final long first;
        final long last;
        private final double[] cumulative;

        Cdf(long n, double q) {
            long mode = Math.min(n, (long) Math.floor((n + 1) * q));
            long width = (long) Math.ceil(40 * Math.sqrt(n * q * (1 - q))) + 40;
            first = Math.max(0, mode - width);
            last = Math.min(n, mode + width);
            int size = Math.toIntExact(last - first + 1);
            double[] logTerms = new double[size];
            double logOdds = Math.log(q) - Math.log1p(-q);
            int m = Math.toIntExact(mode - first);
            for (int i = m + 1; i < size; i++) {
                long k = first + i - 1;
                logTerms[i] = logTerms[i - 1] + Math.log((double) (n - k) / (k + 1)) + logOdds;
            }
            for (int i = m - 1; i >= 0; i--) {
                long k = first + i; // ln P(k) = ln P(k+1) - ln((n-k)/(k+1)) - logOdds
                logTerms[i] = logTerms[i + 1] - Math.log((double) (n - k) / (k + 1)) - logOdds;
            }
            cumulative = new double[size];
            double sum = 0;
            for (int i = 0; i < size; i++) {
                sum += Math.exp(logTerms[i]);
                cumulative[i] = sum;
            }
            for (int i = 0; i < size; i++) {
                cumulative[i] /= sum;
            }
        }

        double at(long k) {
            if (k < first) {
                return 0;
            }
            if (k >= last) {
                return 1;
            }
            return cumulative[Math.toIntExact(k - first)];
        }
    }
}
