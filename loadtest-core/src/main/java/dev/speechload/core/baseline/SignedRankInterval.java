package dev.speechload.core.baseline;

import java.util.Arrays;

/**
 * The Hodges-Lehmann estimate of a location shift with its exact Wilcoxon signed-rank confidence
 * interval, for paired differences. A/B comparisons take it on the log ratios
 * {@code ln(B_i / A_i)} of their pairs, so the estimate and the bounds are ratios B/A.
 *
 * <p>Why this and not a bootstrap of the median ratio: an A/B comparison has few pairs (6 to 10),
 * and a percentile bootstrap on so few values gives intervals that are too narrow (it can only
 * resample the values it saw), so it would raise false alarms. The signed-rank interval is exact
 * for any number of pairs, assuming only that the differences are symmetric about their centre,
 * and the Hodges-Lehmann estimate (the median of the Walsh averages {@code (d_i + d_j) / 2},
 * {@code i <= j}) is barely moved by one pair a burst of foreign work hit. The interval is
 * {@code [W_(c), W_(M+1-c)]} of the {@code M = n(n+1)/2} sorted Walsh averages, with {@code c}
 * the largest rank whose tail {@code P(T+ <= c-1)} stays within {@code (1 - confidence) / 2};
 * its exact coverage ({@link Interval#coverage()}) is at least the confidence asked for. With 5
 * or fewer pairs no interval reaches 95 %: {@link #of} then returns null.
 *
 * <p>Pure, deterministic and thread-safe.
 */
final class SignedRankInterval {

    /** Two-sided confidence A/B verdicts ask for. */
    public static final double CONFIDENCE = 0.95;

    private SignedRankInterval() {}

    /**
     * A shift with its interval, on the scale of the inputs (log ratios give log bounds; see
     * {@link #ofRatios}).
     *
     * @param estimate the Hodges-Lehmann estimate
     * @param lower    lower bound
     * @param upper    upper bound, &gt;= lower
     * @param coverage the interval's exact two-sided coverage, &gt;= the confidence asked for
     */
    public record Interval(double estimate, double lower, double upper, double coverage) {}

    /**
     * The estimate and interval of the paired ratios {@code candidate[i] / reference[i]}, as ratios.
     *
     * @param reference A's values, all &gt; 0 and finite
     * @param candidate B's values, as many, all &gt; 0 and finite
     * @return the interval of B/A, or null when there are too few pairs for {@code confidence}
     * @throws IllegalArgumentException on different lengths or a value that is not positive and finite
     */
    public static Interval ofRatios(double[] reference, double[] candidate, double confidence) {
        if (reference.length != candidate.length) {
            throw new IllegalArgumentException(
                    "paired values need as many of each side, had " + reference.length + " and " + candidate.length);
        }
        double[] logs = new double[reference.length];
        for (int i = 0; i < logs.length; i++) {
            if (!(reference[i] > 0)
                    || !(candidate[i] > 0)
                    || Double.isInfinite(reference[i])
                    || Double.isInfinite(candidate[i])) {
                throw new IllegalArgumentException("a paired ratio needs positive finite values, pair " + (i + 1)
                        + " had " + reference[i] + " and " + candidate[i]);
            }
            logs[i] = Math.log(candidate[i] / reference[i]);
        }
        Interval log = of(logs, confidence);
        return log == null
                ? null
                : new Interval(Math.exp(log.estimate()), Math.exp(log.lower()), Math.exp(log.upper()), log.coverage());
    }

    /**
     * The estimate and interval of the centre of {@code differences}.
     *
     * @param differences at least one finite value
     * @param confidence  two-sided, in (0, 1)
     * @return null when no interval of at least that coverage exists for so few values
     */
    public static Interval of(double[] differences, double confidence) {
        if (differences.length == 0) {
            throw new IllegalArgumentException("a signed-rank interval needs at least one difference");
        }
        if (!(confidence > 0 && confidence < 1)) {
            throw new IllegalArgumentException("confidence must be in (0, 1), was " + confidence);
        }
        for (double d : differences) {
            if (!Double.isFinite(d)) {
                throw new IllegalArgumentException("differences must be finite, one was " + d);
            }
        }
        int n = differences.length;
        double[] walsh = walshAverages(differences);
        double estimate = median(walsh);
        double[] cdf = signedRankCdf(n);
        double tail = (1 - confidence) / 2;
        int c = 0;
        while (c < cdf.length && cdf[c] <= tail) {
            c++;
        }
        // c is the largest rank with P(T+ <= c-1) <= tail; the interval is W_(c) .. W_(M+1-c), 1-based.
        if (c == 0) {
            return null;
        }
        int m = walsh.length;
        double coverage = 1 - 2 * cdf[c - 1];
        return new Interval(estimate, walsh[c - 1], walsh[m - c], coverage);
    }

    /** The sorted averages {@code (d_i + d_j) / 2} for every {@code i <= j}. */
    static double[] walshAverages(double[] d) {
        int n = d.length;
        double[] out = new double[n * (n + 1) / 2];
        int k = 0;
        for (int i = 0; i < n; i++) {
            for (int j = i; j < n; j++) {
                out[k++] = (d[i] + d[j]) / 2;
            }
        }
        Arrays.sort(out);
        return out;
    }

    /**
     * {@code P(T+ <= k)} for {@code k = 0 .. n(n+1)/2} under the null hypothesis: each of the
     * {@code 2^n} sign patterns equally likely, counted by the number of subsets of {1..n} with each sum.
     */
    static double[] signedRankCdf(int n) {
        int max = n * (n + 1) / 2;
        double[] ways = new double[max + 1];
        ways[0] = 1;
        for (int rank = 1; rank <= n; rank++) {
            for (int s = max; s >= rank; s--) {
                ways[s] += ways[s - rank];
            }
        }
        double total = Math.pow(2, n);
        double[] cdf = new double[max + 1];
        double sum = 0;
        for (int s = 0; s <= max; s++) {
            sum += ways[s];
            cdf[s] = sum / total;
        }
        return cdf;
    }

    private static double median(double[] sorted) {
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}
