package dev.speechload.core.baseline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class BootstrapMedianRatioTests {

    @Test
    void estimatesTheRatioOfMedians() {
        BootstrapMedianRatio.Interval i =
                BootstrapMedianRatio.of(new double[] {10, 11, 9}, new double[] {20, 22, 18, 21});

        assertThat(i.estimate()).isEqualTo(20.5 / 10);
    }

    @Test
    void givesAPointIntervalForIdenticalTrials() {
        BootstrapMedianRatio.Interval i = BootstrapMedianRatio.of(new double[] {5, 5, 5}, new double[] {6, 6, 6});

        assertThat(i.lower()).isEqualTo(1.2);
        assertThat(i.upper()).isEqualTo(1.2);
    }

    @Test
    void boundsTheIntervalByTheExtremeRatios() {
        double[] base = {8, 10, 12, 9, 11};
        double[] now = {7, 16, 9, 17, 15};

        BootstrapMedianRatio.Interval i = BootstrapMedianRatio.of(base, now);

        assertThat(i.lower()).isGreaterThanOrEqualTo(7.0 / 12).isLessThan(1.0);
        assertThat(i.upper()).isLessThanOrEqualTo(17.0 / 8).isGreaterThan(1.5);
        assertThat(i.lower()).isLessThan(i.estimate());
        assertThat(i.upper()).isGreaterThan(i.estimate());
    }

    @Test
    void narrowsWithMoreTrials() {
        double[] base5 = {9.5, 10, 10.5, 9.8, 10.2};
        double[] now5 = {12.5, 13, 13.5, 12.8, 13.2};
        double[] base15 = new double[15];
        double[] now15 = new double[15];
        for (int i = 0; i < 15; i++) {
            base15[i] = base5[i % 5];
            now15[i] = now5[i % 5];
        }

        BootstrapMedianRatio.Interval few = BootstrapMedianRatio.of(base5, now5);
        BootstrapMedianRatio.Interval many = BootstrapMedianRatio.of(base15, now15);

        assertThat(many.upper() - many.lower()).isLessThan(few.upper() - few.lower());
    }

    @Test
    void isDeterministicForASeedAndVariesWithIt() {
        double[] base = {8, 10, 12, 9, 11, 10.5};
        double[] now = {9, 13, 11, 14, 12, 10};

        assertThat(BootstrapMedianRatio.of(base, now)).isEqualTo(BootstrapMedianRatio.of(base, now));
        assertThat(BootstrapMedianRatio.of(base, now, 2000, 0.95, 1))
                .isNotEqualTo(BootstrapMedianRatio.of(base, now, 2000, 0.95, 2));
    }

    @Test
    void rejectsInputsItCannotJudge() {
        assertThatThrownBy(() -> BootstrapMedianRatio.of(new double[0], new double[] {1}))
                .hasMessage("baseline needs at least one trial value");
        assertThatThrownBy(() -> BootstrapMedianRatio.of(new double[] {0, 0, 1}, new double[] {1}))
                .hasMessage("baseline median must be > 0, was 0.0");
        assertThatThrownBy(() -> BootstrapMedianRatio.of(new double[] {1}, new double[] {Double.NaN}))
                .hasMessage("current holds a non-finite value: NaN");
        assertThatThrownBy(() -> BootstrapMedianRatio.of(new double[] {1}, new double[] {1}, 10, 0.95, 1))
                .hasMessage("resamples must be >= 100, was 10");
    }
}
