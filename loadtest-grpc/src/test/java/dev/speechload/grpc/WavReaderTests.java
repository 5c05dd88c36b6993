package dev.speechload.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("WavReader")
class WavReaderTests {

    @TempDir
    Path dir;

    /** A WAV header + {@code dataBytes} zero bytes with the given fmt fields. */
    private Path wav(String name, int format, int channels, int rate, int bits, int dataBytes) throws Exception {
        ByteBuffer b = ByteBuffer.allocate(44 + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(36 + dataBytes)
                .put("WAVEfmt ".getBytes(StandardCharsets.US_ASCII)).putInt(16)
                .putShort((short) format).putShort((short) channels).putInt(rate)
                .putInt(rate * channels * bits / 8).putShort((short) (channels * bits / 8)).putShort((short) bits)
                .put("data".getBytes(StandardCharsets.US_ASCII)).putInt(dataBytes);
        Path file = dir.resolve(name);
        Files.write(file, b.array());
        return file;
    }

    @Test
    void readsPcm16MonoWav() throws Exception {
        Audio tone = AudioSources.tone(Duration.ofMillis(250), 16_000, 440);
        Path file = dir.resolve("tone.wav");
        AudioSources.writeWav(tone, file);

        Audio read = WavReader.read(file);

        assertThat(read.sampleRateHz()).isEqualTo(16_000);
        assertThat(read.sampleCount()).isEqualTo(4_000);
        assertThat(read.durationMillis()).isEqualTo(250);
        assertThat(read.sample(40)).isEqualTo(tone.sample(40)).isNotZero();
    }

    @Test
    void skipsChunksBeforeTheData() throws Exception {
        Path file = wav("list.wav", 1, 1, 8_000, 16, 0);
        byte[] head = Files.readAllBytes(file);
        ByteBuffer b = ByteBuffer.allocate(head.length - 8 + 12 + 8 + 4).order(ByteOrder.LITTLE_ENDIAN);
        b.put(head, 0, 36).put("LIST".getBytes(StandardCharsets.US_ASCII)).putInt(3).put(new byte[]{1, 2, 3, 0})
                .put("data".getBytes(StandardCharsets.US_ASCII)).putInt(4).put(new byte[]{1, 0, 2, 0});
        Files.write(file, b.array());

        assertThat(WavReader.read(file).sampleCount()).isEqualTo(2);
    }

    @Test
    void rejects24BitSamplesNamingTheFileAndAConversion() throws Exception {
        Path file = wav("x.wav", 1, 1, 16_000, 24, 6);
        assertThatThrownBy(() -> WavReader.read(file))
                .isInstanceOf(AudioFormatException.class)
                .hasMessage(file + ": 24-bit samples; speechload needs 16-bit PCM mono — convert with: sox " + file
                        + " -b 16 -c 1 -e signed-integer " + dir.resolve("x-pcm16.wav"));
    }

    @Test
    void rejectsStereo() throws Exception {
        Path file = wav("stereo.wav", 1, 2, 16_000, 16, 8);
        assertThatThrownBy(() -> WavReader.read(file))
                .hasMessageStartingWith(file + ": 2 channels; speechload needs 16-bit PCM mono — convert with: sox");
    }

    @Test
    void rejectsFloatSamples() throws Exception {
        Path file = wav("float.wav", 3, 1, 16_000, 32, 8);
        assertThatThrownBy(() -> WavReader.read(file))
                .hasMessageStartingWith(file + ": audio format 3 (IEEE float); speechload needs 16-bit PCM mono (format 1)");
    }

    @Test
    void rejectsASampleRateOutsideTheContract() throws Exception {
        Path file = wav("slow.wav", 1, 1, 4_000, 16, 8);
        assertThatThrownBy(() -> WavReader.read(file))
                .hasMessage(file + ": sample rate 4000 Hz; speechload needs 8000..48000 Hz — resample with: sox "
                        + file + " -r 16000 -b 16 -c 1 " + dir.resolve("slow-pcm16.wav"));
    }

    @Test
    void rejectsAFileThatIsNotRiffWave() throws Exception {
        Path file = dir.resolve("song.mp3");
        Files.write(file, "ID3\u0004\u0000 not a wav".getBytes(StandardCharsets.ISO_8859_1));
        assertThatThrownBy(() -> WavReader.read(file))
                .hasMessage(file + ": not a RIFF/WAVE file (header is 'ID3.. not a '); speechload needs 16-bit PCM mono "
                        + "WAV — convert with: sox " + file + " -b 16 -c 1 -e signed-integer " + dir.resolve("song-pcm16.wav"));
    }

    @Test
    void rejectsAFileWithoutAudio() throws Exception {
        Path file = wav("empty.wav", 1, 1, 16_000, 16, 0);
        byte[] noData = java.util.Arrays.copyOf(Files.readAllBytes(file), 36);
        Files.write(file, noData);
        assertThatThrownBy(() -> WavReader.read(file)).hasMessage(file + ": no data chunk; the file holds no audio");
    }

    @Test
    void rejectsAMissingFile() {
        Path file = dir.resolve("missing.wav");
        assertThatThrownBy(() -> WavReader.read(file)).hasMessage(file + ": no such file");
    }

    @Test
    void readsStreamedEspeakOutputWhoseSizesAreUnknown() {
        assumeTrue(AudioSources.espeakAvailable(), "espeak-ng is not installed");
        Audio speech = AudioSources.speech("hello world");
        assertThat(speech.sampleRateHz()).isEqualTo(22_050);
        assertThat(speech.durationMillis()).isBetween(300L, 5_000L);
    }
}
