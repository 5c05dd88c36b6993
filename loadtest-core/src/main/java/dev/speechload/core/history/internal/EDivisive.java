package dev.speechload.core.history.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * E-divisive means (Matteson &amp; James, "A Nonparametric Approach for Multiple Change Point Analysis
 * of Multivariate Data", JASA 2014) with exponent alpha = 1, as MongoDB's and Apache Otava's (Hunter's)
 * performance change-point detection use it: the split that maximises the energy distance between
 * the values before and after it is a candidate; a permutation test decides whether it is real; the
 * search then bisects the segments until no candidate is significant. Stateless; the permutations
 * come from a seeded generator, so one series always gives the same answer.
 */
public final class EDivisive {

    /** A significant split: values {@code [0, index)} and {@code [index, n)} of its segment differ. */
    public record Split(int index, double pValue) {}

    private EDivisive() {}

    /**
     * The change points of a series, in index order.
     *
     * @param values       the series, in time order
     * @param significance a split is kept when its permutation p-value is at most this (0..1)
     * @param permutations permutations per test, &gt;= 1; the smallest p-value possible is 1 / (permutations + 1)
     * @param minSegment   fewest values on each side of a split, &gt;= 2
     * @param seed         the permutations' seed
     */
    public static List<Split> splits(
            double[] values, double significance, int permutations, int minSegment, long seed) {
        if (minSegment < 2 || permutations < 1) {
            throw new IllegalArgumentException(
                    "minSegment must be >= 2 and permutations >= 1, were " + minSegment + " and " + permutations);
        }
        Random random = new Random(seed);
        List<Split> found = new ArrayList<>();
        List<int[]> segments = new ArrayList<>(List.of(new int[] {0, values.length}));
        while (true) {
            // The strongest candidate over every current segment is tested first, as in the paper.
            int[] best = null;
            Candidate bestCandidate = null;
            for (int[] seg : segments) {
                Candidate c = best(Arrays.copyOfRange(values, seg[0], seg[1]), minSegment);
                if (c != null && (bestCandidate == null || c.q > bestCandidate.q)) {
                    bestCandidate = c;
                    best = seg;
                }
            }
            if (bestCandidate == null) {
                break;
            }
            double p = pValue(
                    Arrays.copyOfRange(values, best[0], best[1]), bestCandidate.q, permutations, minSegment, random);
            if (p > significance) {
                break;
            }
            int at = best[0] + bestCandidate.index;
            found.add(new Split(at, p));
            segments.remove(best);
            segments.add(new int[] {best[0], at});
            segments.add(new int[] {at, best[1]});
        }
        found.sort((a, b) -> Integer.compare(a.index(), b.index()));
        return found;
    }

    private record Candidate(int index, double q) {}

    private static double pValue(double[] segment, double observed, int permutations, int minSegment, Random random) {
        double[] shuffled = segment.clone();
        int atLeast = 0;
        for (int i = 0; i < permutations; i++) {
            shuffle(shuffled, random);
            Candidate c = best(shuffled, minSegment);
            if (c != null && c.q >= observed) {
                atLeast++;
            }
        }
        return (atLeast + 1.0) / (permutations + 1.0);
    }

    private static void shuffle(double[] a, Random random) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            double t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }

    /**
     * The split of one segment with the largest scaled energy distance
     * q(tau) = m k / (m + k) * (2 mean|x_i - y_j| - mean|x_i - x_i'| - mean|y_j - y_j'|),
     * x the m values before tau and y the k after; null when the segment is too short to split.
     * O(n^2): the three sums move along with tau instead of being recomputed.
     */
    private static Candidate best(double[] x, int minSegment) {
        int n = x.length;
        if (n < 2 * minSegment) {
            return null;
        }
        double within = 0; // sum over pairs left of tau
        double between = 0; // sum over pairs across tau
        double right = 0; // sum over pairs right of tau
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                right += Math.abs(x[i] - x[j]);
            }
        }
        Candidate best = null;
        for (int tau = 1; tau < n; tau++) {
            // Move x[tau - 1] from the right side to the left.
            double toLeft = 0;
            double toRight = 0;
            for (int i = 0; i < tau - 1; i++) {
                toLeft += Math.abs(x[i] - x[tau - 1]);
            }
            for (int j = tau; j < n; j++) {
                toRight += Math.abs(x[tau - 1] - x[j]);
            }
            within += toLeft;
            right -= toRight;
            between += toRight - toLeft;
            int m = tau;
            int k = n - tau;
            if (m < minSegment || k < minSegment) {
                continue;
            }
            double q = (double) m
                    * k
                    / n
                    * (2 * between / ((double) m * k) - within / (m * (m - 1) / 2.0) - right / (k * (k - 1) / 2.0));
            if (best == null || q > best.q) {
                best = new Candidate(tau, q);
            }
        }
        return best;
    }
}
