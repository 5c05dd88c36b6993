package dev.speechload.core.report.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TicksTests {

    @Test
    void coversTheDataWithStepsOfOneTwoOrFiveTimesAPowerOfTen() {
        double[][] ranges = {
            {0, 1}, {0, 7.3}, {13, 987}, {0.0012, 0.0049}, {-3.5, 12}, {180.2, 291.7}, {0, 3600}, {1e6, 9.9e8}
        };
        for (double[] r : ranges) {
            Ticks ticks = Ticks.covering(r[0], r[1], 6);
            assertThat(ticks.min()).as("min for %s..%s", r[0], r[1]).isLessThanOrEqualTo(r[0]);
            assertThat(ticks.max()).as("max for %s..%s", r[0], r[1]).isGreaterThanOrEqualTo(r[1]);
            assertThat(ticks.values()).hasSizeBetween(2, 6);
            double mantissa = ticks.step() / Math.pow(10, Math.floor(Math.log10(ticks.step())));
            assertThat(mantissa).as("step %s", ticks.step()).isIn(1.0, 2.0, 5.0);
            for (double v : ticks.values()) {
                double multiple = v / ticks.step();
                assertThat(Math.abs(multiple - Math.rint(multiple)))
                        .as("tick %s on step %s", v, ticks.step())
                        .isLessThan(1e-6);
            }
        }
    }

    @Test
    void labelsRoundNumbersWithoutFloatingPointDust() {
        Ticks ticks = Ticks.covering(0, 0.7, 8);
        assertThat(ticks.values()).contains(0.3);
        assertThat(ticks.values().stream().map(ticks::label))
                .containsExactly("0", "0.1", "0.2", "0.3", "0.4", "0.5", "0.6", "0.7");
    }

    @Test
    void abbreviatesLargeValues() {
        Ticks ticks = Ticks.covering(0, 48_000, 6);
        assertThat(ticks.values().stream().map(ticks::label)).containsExactly("0", "10k", "20k", "30k", "40k", "50k");
    }

    @Test
    void givesASingleValueOrNoValueAUsableAxis() {
        Ticks zero = Ticks.covering(0, 0, 6);
        assertThat(zero.min()).isEqualTo(0);
        assertThat(zero.max()).isEqualTo(1);

        Ticks single = Ticks.covering(250, 250, 6);
        assertThat(single.min()).isLessThan(250).isGreaterThanOrEqualTo(0);
        assertThat(single.max()).isGreaterThan(250);

        Ticks none = Ticks.covering(Double.NaN, Double.NaN, 6);
        assertThat(none.values()).allSatisfy(v -> assertThat(v).isFinite());
    }

    @Test
    void rejectsFewerThanTwoTicks() {
        assertThatThrownBy(() -> Ticks.covering(0, 1, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxCount must be >= 2, was 1");
    }
}
