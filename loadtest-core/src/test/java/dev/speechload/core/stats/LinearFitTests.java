package dev.speechload.core.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

class LinearFitTests {

    @Test
    void fitsAnExactLinePerfectly() {
        double[] x = {0, 1, 2, 3, 4, 5};
        double[] y = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            y[i] = 2_000_000 + 150_000 * x[i];
        }
        LinearFit fit = LinearFit.of(x, y);
        assertThat(fit.slope()).isCloseTo(150_000, within(1e-6));
        assertThat(fit.intercept()).isCloseTo(2_000_000, within(1e-6));
        assertThat(fit.rSquared()).isCloseTo(1, within(1e-12));
        assertThat(fit.points()).isEqualTo(6);
    }

    @Test
    void findsTheSlopeUnderNoise() {
        Random random = new Random(42);
        int n = 120;
        double[] x = new double[n];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = i * 0.5;
            y[i] = 50e6 + 100_000 * x[i] + random.nextGaussian() * 200_000;
        }
        LinearFit fit = LinearFit.of(x, y);
        assertThat(fit.slope()).isCloseTo(100_000, within(5_000.0));
        assertThat(fit.rSquared()).isGreaterThan(0.9).isLessThan(1);
    }

    @Test
    void pureNoiseHasALowRSquared() {
        Random random = new Random(7);
        double[] x = new double[200];
        double[] y = new double[200];
        for (int i = 0; i < x.length; i++) {
            x[i] = i;
            y[i] = 50e6 + random.nextGaussian() * 1e6;
        }
        assertThat(LinearFit.of(x, y).rSquared()).isLessThan(0.1);
    }

    @Test
    void aFlatLineHasNoSlopeAndFitsExactly() {
        LinearFit fit = LinearFit.of(new double[] {0, 1, 2}, new double[] {5, 5, 5});
        assertThat(fit.slope()).isZero();
        assertThat(fit.rSquared()).isEqualTo(1);
    }

    @Test
    void fewerThanTwoDistinctXGiveNoSlope() {
        assertThat(LinearFit.of(new double[] {3}, new double[] {9})).isEqualTo(new LinearFit(0, 9, 0, 1));
        assertThat(LinearFit.of(new double[0], new double[0]).points()).isZero();
    }
}
