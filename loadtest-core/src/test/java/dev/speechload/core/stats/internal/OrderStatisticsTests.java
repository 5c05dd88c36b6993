package dev.speechload.core.stats.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.function.DoubleUnaryOperator;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OrderStatisticsTests {

    @Test
    void givesTheTextbookRanksForSmallSamples() {
        // n = 10, median: [X(2), X(9)] with coverage 1 - 2 * 11/1024 = 97.9 %
        assertThat(OrderStatistics.ranks(10, 0.5)).isEqualTo(new OrderStatistics.Ranks(10, 0.5, 2, 9));
        // n = 6, median: [X(1), X(6)], coverage 62/64; n = 5 cannot reach 95 %
        assertThat(OrderStatistics.ranks(6, 0.5)).isEqualTo(new OrderStatistics.Ranks(6, 0.5, 1, 6));
        assertThat(OrderStatistics.ranks(5, 0.5).supported()).isFalse();
        // p99 of 90 values: the upper bound would have to be beyond the maximum
        assertThat(OrderStatistics.ranks(90, 0.99).supported()).isFalse();
        assertThat(OrderStatistics.ranks(90, 0.99).upper()).isEqualTo(91);
    }

    @Test
    void ranksHoldAtLeastNinetyFivePercentOfTheBinomial() {
        for (long n : new long[] {6, 36, 72, 100, 368, 1000, 12_345, 1_000_000}) {
            for (double q : new double[] {0.5, 0.9, 0.95, 0.99}) {
                OrderStatistics.Ranks r = OrderStatistics.ranks(n, q);
                if (!r.supported()) {
                    continue;
                }
                double coverage = OrderStatistics.binomialCdf(r.upper() - 1, n, q)
                        - OrderStatistics.binomialCdf(r.lower() - 1, n, q);
                assertThat(coverage).as("n=%d q=%s", n, q).isGreaterThanOrEqualTo(0.95);
                // and it is the tightest equal-tailed choice: one rank inwards on either side fails its tail
                assertThat(OrderStatistics.binomialCdf(r.lower(), n, q)).isGreaterThan(0.025);
                assertThat(OrderStatistics.binomialCdf(r.upper() - 2, n, q)).isLessThan(0.975);
            }
        }
    }

    @Test
    void computesTheBinomialCdfExactlyAndStablyForLargeN() {
        assertThat(OrderStatistics.binomialCdf(0, 10, 0.5)).isCloseTo(1 / 1024.0, offset(1e-15));
        assertThat(OrderStatistics.binomialCdf(1, 10, 0.5)).isCloseTo(11 / 1024.0, offset(1e-15));
        assertThat(OrderStatistics.binomialCdf(89, 90, 0.99)).isCloseTo(1 - Math.pow(0.99, 90), offset(1e-12));
        // n = 4,000,000, q = 0.99: the mean is 3,960,000 and the sd 199; F(mean) is about one half
        assertThat(OrderStatistics.binomialCdf(3_960_000, 4_000_000, 0.99)).isCloseTo(0.5, offset(0.01));
        assertThat(OrderStatistics.binomialCdf(3_960_000 - 2000, 4_000_000, 0.99))
                .isLessThan(1e-20);
    }

    @ParameterizedTest(name = "p{0}: at least {1} values")
    @CsvSource({"0.99, 368", "0.95, 72", "0.90, 36", "0.50, 6"})
    void knowsTheFewestValuesThatSupportAQuantile(double q, long expected) {
        assertThat(OrderStatistics.minimumCount(q)).isEqualTo(expected);
        assertThat(OrderStatistics.ranks(expected, q).supported()).isTrue();
        assertThat(OrderStatistics.ranks(expected - 1, q).supported()).isFalse();
    }

    @Test
    void picksTheHighestSupportedQuantile() {
        assertThat(OrderStatistics.highestSupported(90, 0.99, 0.95, 0.90, 0.5)).isEqualTo(0.95);
        assertThat(OrderStatistics.highestSupported(40, 0.99, 0.95, 0.90, 0.5)).isEqualTo(0.90);
        assertThat(OrderStatistics.highestSupported(5, 0.99, 0.95, 0.90, 0.5)).isNaN();
    }

    @ParameterizedTest(name = "{0} q={1} n={2}")
    @CsvSource({"uniform, 0.99, 400", "uniform, 0.5, 31", "exponential, 0.95, 100", "exponential, 0.9, 1000"})
    void coversTheTrueQuantileInAboutNinetyFivePercentOfSamples(String distribution, double q, int n) {
        DoubleUnaryOperator inverse = distribution.equals("uniform") ? u -> u : u -> -Math.log1p(-u);
        double truth = inverse.applyAsDouble(q);
        OrderStatistics.Ranks r = OrderStatistics.ranks(n, q);
        SplittableRandom random = new SplittableRandom(42);
        int covered = 0;
        int repetitions = 1000;
        for (int rep = 0; rep < repetitions; rep++) {
            double[] sample = new double[n];
            for (int i = 0; i < n; i++) {
                sample[i] = inverse.applyAsDouble(random.nextDouble());
            }
            Arrays.sort(sample);
            if (sample[(int) r.lower() - 1] <= truth && truth < sample[(int) r.upper() - 1]) {
                covered++;
            }
        }
        // exact intervals are conservative: at least 95 % in expectation, a little more for small n
        assertThat(covered / (double) repetitions).isBetween(0.93, 0.995);
    }

    @Test
    void readsTheBoundsOffAHistogram() {
        Histogram h = new Histogram(3);
        for (int v = 1; v <= 1000; v++) {
            h.recordValue(v * 1000L);
        }
        OrderStatistics.Bounds p99 = OrderStatistics.bounds(h, 0.99);
        OrderStatistics.Ranks r = OrderStatistics.ranks(1000, 0.99);

        assertThat(p99.n()).isEqualTo(1000);
        assertThat(p99.estimate()).isEqualTo(h.getValueAtPercentile(99));
        assertThat(p99.lower()).isBetween(r.lower() * 1000L - 1000, r.lower() * 1000L);
        assertThat(p99.upper()).isBetween(r.upper() * 1000L, r.upper() * 1000L + 1000);
        assertThat(p99.lower()).isLessThan(p99.estimate());
        assertThat(p99.upper()).isGreaterThan(p99.estimate());
        assertThat(p99.logHalfWidth()).isGreaterThan(0).isLessThan(0.05);
        assertThat(OrderStatistics.valueAtRank(h, 1)).isEqualTo(1000);
        assertThat(OrderStatistics.valueAtRank(h, 1000)).isEqualTo(h.getMaxValue());
    }

    @Test
    void saysSoWhenAHistogramIsTooSmallForTheQuantile() {
        Histogram h = new Histogram(3);
        for (int v = 1; v <= 90; v++) {
            h.recordValue(v);
        }
        OrderStatistics.Bounds p99 = OrderStatistics.bounds(h, 0.99);

        assertThat(p99.supported()).isFalse();
        assertThat(p99.logHalfWidth()).isInfinite();
        assertThat(OrderStatistics.bounds(h, 0.95).supported()).isTrue();
    }

    @Test
    void refusesQuantilesOutsideTheOpenInterval() {
        assertThatThrownBy(() -> OrderStatistics.ranks(10, 1.0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> OrderStatistics.ranks(-1, 0.5)).isInstanceOf(IllegalArgumentException.class);
    }
}
