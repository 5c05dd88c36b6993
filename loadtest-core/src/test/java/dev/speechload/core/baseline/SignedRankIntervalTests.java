package dev.speechload.core.baseline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Hodges-Lehmann estimate with the exact signed-rank interval")
class SignedRankIntervalTests {

    @Test
    void sixPairsGiveTheExtremeWalshAveragesAtNinetySixPointNinePercent() {
        SignedRankInterval.Interval i = SignedRankInterval.of(new double[] {3, 1, 6, 2, 5, 4}, 0.95);

        // 2^-6 per tail: the only interval of at least 95 % is [min, max] of the Walsh averages.
        assertThat(i.lower()).isEqualTo(1);
        assertThat(i.upper()).isEqualTo(6);
        assertThat(i.coverage()).isCloseTo(1 - 2.0 / 64, within(1e-12));
        assertThat(i.estimate()).isEqualTo(3.5);
    }

    @Test
    void eightPairsDropThreeWalshAveragesAtEachEnd() {
        // P(T+ <= 3) = 5/256 <= 2.5 % < P(T+ <= 4) = 7/256: the interval is W(4) .. W(33) of 36.
        double[] d = {1, 2, 3, 4, 5, 6, 7, 8};
        double[] walsh = SignedRankInterval.walshAverages(d);
        SignedRankInterval.Interval i = SignedRankInterval.of(d, 0.95);

        assertThat(i.lower()).isEqualTo(walsh[3]);
        assertThat(i.upper()).isEqualTo(walsh[32]);
        assertThat(i.coverage()).isCloseTo(1 - 2 * 5.0 / 256, within(1e-12));
    }

    @Test
    void fivePairsCannotReachNinetyFivePercent() {
        assertThat(SignedRankInterval.of(new double[] {1, 2, 3, 4, 5}, 0.95)).isNull();
        assertThat(SignedRankInterval.of(new double[] {1, 2, 3, 4, 5}, 0.90)).isNotNull();
    }

    @Test
    void ratiosAreJudgedOnTheLogScaleAndComeBackAsRatios() {
        double[] a = {100, 200, 50, 80, 120, 90, 110, 70};
        double[] b = new double[a.length];
        for (int k = 0; k < a.length; k++) {
            b[k] = a[k] * 1.10;
        }
        SignedRankInterval.Interval i = SignedRankInterval.ofRatios(a, b, 0.95);

        assertThat(i.estimate()).isCloseTo(1.10, within(1e-9));
        assertThat(i.lower()).isCloseTo(1.10, within(1e-9));
        assertThat(i.upper()).isCloseTo(1.10, within(1e-9));
    }

    @Test
    void theIntervalHoldsTheTrueShiftAsOftenAsItsCoverageSays() {
        // Synthetic pairs with a known +10 % shift and 5 % log-normal noise per trial: the interval
        // must contain 1.10 in at least its nominal share of 4000 comparisons (it is exact for
        // symmetric differences, so the share is close to 96.1 % for 8 pairs).
        SplittableRandom random = new SplittableRandom(7);
        int held = 0;
        int rounds = 4000;
        for (int r = 0; r < rounds; r++) {
            double[] a = new double[8];
            double[] b = new double[8];
            for (int k = 0; k < 8; k++) {
                double machine = Math.exp(0.2 * gaussian(random));
                a[k] = 50 * machine * Math.exp(0.05 * gaussian(random));
                b[k] = 55 * machine * Math.exp(0.05 * gaussian(random));
            }
            SignedRankInterval.Interval i = SignedRankInterval.ofRatios(a, b, 0.95);
            if (i.lower() <= 1.10 && 1.10 <= i.upper()) {
                held++;
            }
        }
        assertThat(held / (double) rounds).isBetween(0.945, 0.975);
    }

    @Test
    void oneWildPairBarelyMovesTheEstimate() {
        double[] d = {0.10, 0.09, 0.11, 0.10, 0.12, 0.08, 0.10, 2.0};
        SignedRankInterval.Interval i = SignedRankInterval.of(d, 0.95);

        assertThat(i.estimate()).isBetween(0.09, 0.12);
    }

    @Test
    void badInputIsRefusedWithWhatWasWrong() {
        assertThatThrownBy(() -> SignedRankInterval.ofRatios(new double[] {1, 2}, new double[] {1}, 0.95))
                .hasMessageContaining("as many");
        assertThatThrownBy(() -> SignedRankInterval.ofRatios(new double[] {1, 0}, new double[] {1, 1}, 0.95))
                .hasMessageContaining("pair 2");
        assertThatThrownBy(() -> SignedRankInterval.of(new double[] {Double.NaN}, 0.95))
                .hasMessageContaining("finite");
    }

    private static double gaussian(SplittableRandom random) {
        double u = 1 - random.nextDouble();
        double v = random.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }
}
