package dev.speechload.server.tts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Runs espeak-ng for real; every test is skipped when it is not installed. */
@DisplayName("EspeakEngine")
@Timeout(60)
class EspeakEngineTests {

    private static EspeakEngine engine() {
        assumeTrue(EspeakEngine.locate().isPresent(), "espeak-ng is not installed");
        return EspeakEngine.create();
    }

    @Test
    void speaksTextAsPcm() throws Exception {
        TtsEngine.Pcm pcm = engine().synthesize("Hello world, this is a test.", null);
        assertThat(pcm.sampleRateHz()).isBetween(8_000, 48_000);
        assertThat(pcm.durationMillis()).isBetween(500L, 10_000L);
        assertThat(peak(pcm.samples())).isGreaterThan(1_000);
    }

    @Test
    void speaksLongerTextForLonger() throws Exception {
        EspeakEngine engine = engine();
        long shortMillis = engine.synthesize("One sentence.", null).durationMillis();
        long longMillis = engine.synthesize("One sentence. ".repeat(5), null).durationMillis();
        assertThat(longMillis).isGreaterThan(3 * shortMillis);
    }

    @Test
    void isDeterministic() throws Exception {
        EspeakEngine engine = engine();
        String text = "Deterministic output, 3.14 😀 你好";
        assertThat(engine.synthesize(text, null).samples())
                .isEqualTo(engine.synthesize(text, null).samples());
    }

    @Test
    void readsTextStartingWithADashAsText() throws Exception {
        assertThat(engine().synthesize("--version -h", null).durationMillis()).isPositive();
    }

    @Test
    void usesTheRequestedVoice() throws Exception {
        EspeakEngine engine = engine();
        assertThat(engine.synthesize("bonjour", "fr").samples())
                .isNotEqualTo(engine.synthesize("bonjour", "en").samples());
    }

    @Test
    void reportsAnUnknownVoiceAsAnIoError() {
        EspeakEngine engine = engine();
        assertThatThrownBy(() -> engine.synthesize("hello", "qqqxyz"))
                .isInstanceOf(IOException.class)
                .hasMessageStartingWith("espeak-ng exited with status");
    }

    @Test
    void explainsHowToInstallEspeakNgWhenItIsMissing() {
        assertThatThrownBy(() -> EspeakEngine.create("/nonexistent/bin:/also/missing"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("TTS engine 'espeak' needs the espeak-ng program, which was not found on the"
                        + " PATH (/nonexistent/bin:/also/missing). Install it (Debian/Ubuntu: apt-get install"
                        + " espeak-ng; Fedora: dnf install espeak-ng; macOS: brew install espeak-ng) or use"
                        + " the engine 'synthetic'.");
    }

    private static int peak(short[] samples) {
        int peak = 0;
        for (short s : samples) {
            peak = Math.max(peak, Math.abs(s));
        }
        return peak;
    }
}
