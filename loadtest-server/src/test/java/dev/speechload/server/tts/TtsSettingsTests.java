package dev.speechload.server.tts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("TtsSettings")
class TtsSettingsTests {

    @Test
    void hasDocumentedDefaults() {
        assertThat(TtsSettings.defaults())
                .isEqualTo(new TtsSettings(200, 20_000, Duration.ofSeconds(10), "synthetic", 0.05, 16_000));
    }

    @Test
    void copiesWithOneComponentChanged() {
        TtsSettings settings = TtsSettings.defaults()
                .withMaxChars(50)
                .withEngine("espeak")
                .withChunkTimeout(Duration.ofSeconds(2))
                .withMaxTextChars(1_000)
                .withRealTimeFactor(0)
                .withSampleRateHz(22_050);
        assertThat(settings).isEqualTo(new TtsSettings(50, 1_000, Duration.ofSeconds(2), "espeak", 0, 22_050));
    }

    @Test
    void reportsAllBadComponentsTogether() {
        assertThatThrownBy(() -> new TtsSettings(0, 0, Duration.ZERO, "festival", -1, 1_000))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("TtsSettings: 'maxChars' must be between 1 and 100000, was 0;"
                        + " 'maxTextChars' must be at least 1, was 0;"
                        + " 'chunkTimeout' must be positive and at most PT1H, was PT0S;"
                        + " 'engine' must be synthetic | espeak, was festival;"
                        + " 'realTimeFactor' must be between 0 and 100, was -1.0;"
                        + " 'sampleRateHz' must be between 8000 and 48000, was 1000");
    }

    @Test
    void rejectsMissingAndNonFiniteValues() {
        assertThatThrownBy(() -> new TtsSettings(200, 20_000, null, null, Double.NaN, 16_000))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("TtsSettings: 'chunkTimeout' must be positive and at most PT1H, was null;"
                        + " 'engine' must be synthetic | espeak, was null;"
                        + " 'realTimeFactor' must be between 0 and 100, was NaN");
    }
}
