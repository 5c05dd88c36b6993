package dev.speechload.server.tts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("WavReader")
class WavReaderTests {

  @Test
  void readsMonoPcm16() throws IOException {
    TtsEngine.Pcm pcm = WavReader.read(wav(1, 22_050, 16, new short[] {1, -2, 300}, false));
    assertThat(pcm.sampleRateHz()).isEqualTo(22_050);
    assertThat(pcm.samples()).containsExactly(1, -2, 300);
  }

  @Test
  void averagesStereoToMono() throws IOException {
    TtsEngine.Pcm pcm = WavReader.read(wav(2, 44_100, 16, new short[] {100, 300, -50, -150}, false));
    assertThat(pcm.samples()).containsExactly(200, -100);
  }

  @Test
  void toleratesPlaceholderSizesWrittenToAPipe() throws IOException {
    TtsEngine.Pcm pcm = WavReader.read(wav(1, 22_050, 16, new short[] {5, 6, 7, 8}, true));
    assertThat(pcm.samples()).containsExactly(5, 6, 7, 8);
  }

  @Test
  void rejectsOtherFormatsNamingWhatItFound() {
    assertThatThrownBy(() -> WavReader.read(wav(1, 8_000, 8, new short[] {1}, false)))
        .isInstanceOf(IOException.class)
        .hasMessage("expected 16-bit PCM WAV, found format 1, 8 bits, 1 channels, 8000 Hz");
    assertThatThrownBy(() -> WavReader.read("not a wav at all".getBytes()))
        .isInstanceOf(IOException.class)
        .hasMessage("not a RIFF/WAVE file (16 bytes)");
  }

  static byte[] wav(int channels, int rate, int bits, short[] samples, boolean placeholderSizes) {
    int dataBytes = samples.length * 2;
    ByteBuffer b = ByteBuffer.allocate(44 + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
    b.put("RIFF".getBytes()).putInt(placeholderSizes ? 0x7FFFF024 : 36 + dataBytes)
        .put("WAVE".getBytes()).put("fmt ".getBytes()).putInt(16)
        .putShort((short) 1).putShort((short) channels).putInt(rate)
        .putInt(rate * channels * bits / 8).putShort((short) (channels * bits / 8))
        .putShort((short) bits).put("data".getBytes())
        .putInt(placeholderSizes ? 0x7FFFF000 : dataBytes);
    for (short s : samples) {
      b.putShort(s);
    }
    return b.array();
  }
}
