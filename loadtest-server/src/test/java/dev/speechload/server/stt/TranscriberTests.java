package dev.speechload.server.stt;

import static org.assertj.core.api.Assertions.assertThat;

import dev.speechload.server.testing.Pcm;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class TranscriberTests {

    @Test
    void sameAudioGivesTheSameTranscriptWhateverTheSegmentation() {
        byte[] audio = Pcm.speechLike(16_000, 2_000);
        Transcriber whole = new Transcriber(16_000);
        whole.feed(audio, true);
        Transcriber pieces = new Transcriber(16_000);
        int step = 1234 * 2;
        for (int i = 0; i < audio.length; i += step) {
            byte[] part = Arrays.copyOfRange(audio, i, Math.min(audio.length, i + step));
            pieces.feed(part, i + step >= audio.length);
        }
        assertThat(whole.transcript()).isNotBlank().isEqualTo(pieces.transcript());
    }

    @Test
    void silenceGivesNoWords() {
        Transcriber transcriber = new Transcriber(8_000);
        transcriber.feed(Pcm.silence(8_000, 1_000), true);
        assertThat(transcriber.transcript()).isEmpty();
    }

    @Test
    void longerAudioGivesMoreWords() {
        Transcriber short1 = new Transcriber(16_000);
        short1.feed(Pcm.speechLike(16_000, 1_000), true);
        Transcriber long1 = new Transcriber(16_000);
        long1.feed(Pcm.speechLike(16_000, 3_000), true);
        assertThat(long1.transcript().split(" ").length)
                .isGreaterThan(short1.transcript().split(" ").length);
    }
}
