package dev.speechload.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationsTests {

    @Test
    void refusesADurationTooLongToCountInsteadOfSaturating() {
        assertThatThrownBy(() -> Durations.parse("99999999999999999999h"))
                .isInstanceOf(Durations.TooLong.class)
                .hasMessage("'99999999999999999999h' is too long: durations are counted in nanoseconds, at most about"
                        + " 292 years");
        assertThatThrownBy(() -> Durations.parse("PT9999999999999999S")).isInstanceOf(Durations.TooLong.class);
        assertThat(Durations.parse("2000000h")).isEqualTo(java.time.Duration.ofHours(2_000_000));
    }

    @Test
    void parsesUnitsCompoundsAndIso() {
        assertThat(Durations.parse("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(Durations.parse("2s")).isEqualTo(Duration.ofSeconds(2));
        assertThat(Durations.parse("1.5s")).isEqualTo(Duration.ofMillis(1500));
        assertThat(Durations.parse("1m30s")).isEqualTo(Duration.ofSeconds(90));
        assertThat(Durations.parse("2h")).isEqualTo(Duration.ofHours(2));
        assertThat(Durations.parse("PT2S")).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void rejectsTextThatIsNoDuration() {
        assertThatThrownBy(() -> Durations.parse("2 seconds"))
                .hasMessage("'2 seconds' is not a duration such as 500ms, 2s, 1m30s or PT2S");
        assertThatThrownBy(() -> Durations.parse("10")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Durations.parse("-PT1S")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void printsShortForms() {
        assertThat(Durations.format(Duration.ZERO)).isEqualTo("0s");
        assertThat(Durations.format(Duration.ofMillis(250))).isEqualTo("250ms");
        assertThat(Durations.format(Duration.ofMillis(1500))).isEqualTo("1.5s");
        assertThat(Durations.format(Duration.ofSeconds(90))).isEqualTo("1m30s");
        assertThat(Durations.format(Duration.ofHours(2))).isEqualTo("2h");
    }
}
