package dev.speechload.core.report.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class PercentileScaleTests {

    @Test
    void spacesEachNineMoreEvenly() {
        assertThat(PercentileScale.position(0)).isEqualTo(0);
        assertThat(PercentileScale.position(0.9)).isCloseTo(1, within(1e-9));
        assertThat(PercentileScale.position(0.99)).isCloseTo(2, within(1e-9));
        assertThat(PercentileScale.position(0.999)).isCloseTo(3, within(1e-9));
        assertThat(PercentileScale.position(0.5)).isCloseTo(Math.log10(2), within(1e-9));
    }

    @Test
    void labelsTicksAsPercentiles() {
        assertThat(PercentileScale.ticks(3.4).stream().map(PercentileScale::label))
                .containsExactly("0%", "50%", "90%", "99%", "99.9%", "99.99%");
    }

    @Test
    void placesTheMaximumAtTheRankOfTheLastValue() {
        assertThat(PercentileScale.positionOfMax(1000)).isCloseTo(3, within(1e-9));
        assertThat(PercentileScale.positionOfMax(1)).isEqualTo(0);
    }
}
