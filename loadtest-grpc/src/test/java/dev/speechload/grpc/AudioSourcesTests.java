package dev.speechload.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("AudioSources")
class AudioSourcesTests {

    @Test
    void whiteNoiseIsTheSameForTheSameSeed() {
        Audio a = AudioSources.whiteNoise(Duration.ofMillis(100), 16_000, 42);
        Audio b = AudioSources.whiteNoise(Duration.ofMillis(100), 16_000, 42);
        Audio c = AudioSources.whiteNoise(Duration.ofMillis(100), 16_000, 43);
        assertThat(a.sampleCount()).isEqualTo(1_600);
        assertThat(a.sample(7)).isEqualTo(b.sample(7));
        assertThat(java.util.stream.IntStream.range(0, 100)
                        .filter(i -> a.sample(i) != c.sample(i))
                        .count())
                .isGreaterThan(90);
    }

    @Test
    void silenceIsZero() {
        Audio s = AudioSources.silence(Duration.ofMillis(20), 8_000);
        assertThat(s.sampleCount()).isEqualTo(160);
        assertThat(s.sample(100)).isZero();
    }

    @Test
    void toneStaysWithinHalfScale() {
        Audio t = AudioSources.tone(Duration.ofMillis(10), 16_000, 1_000);
        for (int i = 0; i < t.sampleCount(); i++) {
            assertThat(Math.abs(t.sample(i))).isLessThanOrEqualTo(Short.MAX_VALUE / 2 + 1);
        }
        assertThat(t.sample(4))
                .isEqualTo((short) Math.round(0.5 * Short.MAX_VALUE * Math.sin(2 * Math.PI * 1000 * 4 / 16000.0)));
    }

    @Test
    void loopedAudioRepeatsItsBase() {
        Audio base = AudioSources.whiteNoise(Duration.ofMillis(10), 16_000, 1);
        Audio looped = AudioSources.looped(base, Duration.ofSeconds(2));
        assertThat(looped.durationMillis()).isEqualTo(2_000);
        assertThat(looped.sample(160 * 7 + 13)).isEqualTo(base.sample(13));
        byte[] across = new byte[40];
        looped.copySamples(150, 20, across, 0);
        assertThat((short) ((across[20] & 0xff) | (across[21] << 8))).isEqualTo(base.sample(0));
    }

    @Test
    void rejectsToneAboveNyquist() {
        assertThatThrownBy(() -> AudioSources.tone(Duration.ofSeconds(1), 8_000, 5_000))
                .hasMessage("tone frequency must be between 0 and 4000 Hz (half the sample rate), was 5000.0");
    }

    @Test
    void rejectsSampleRatesOutsideTheContract() {
        assertThatThrownBy(() -> AudioSources.silence(Duration.ofSeconds(1), 96_000))
                .hasMessage("sample rate must be 8000..48000 Hz, was 96000");
    }
}
