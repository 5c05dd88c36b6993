package dev.speechload.server.tts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("WavReader")
class WavReaderTests {

    @Test
    void readsMonoPcm16() throws IOException {
        TtsEngine.Pcm pcm = WavReader.read(wav(1, 22_050, 16, new short[] {1, -2, 300}, false), "x.wav");
        assertThat(pcm.sampleRateHz()).isEqualTo(22_050);
        assertThat(pcm.samples()).containsExactly(1, -2, 300);
    }

    @Test
    void averagesStereoToMono() throws IOException {
        TtsEngine.Pcm pcm = WavReader.read(wav(2, 44_100, 16, new short[] {100, 300, -50, -150}, false), "x.wav");
        assertThat(pcm.samples()).containsExactly(200, -100);
    }

    @Test
    void toleratesPlaceholderSizesWrittenToAPipe() throws IOException {
        TtsEngine.Pcm pcm = WavReader.read(wav(1, 22_050, 16, new short[] {5, 6, 7, 8}, true), "x.wav");
        assertThat(pcm.samples()).containsExactly(5, 6, 7, 8);
    }

    @Test
    void rejectsOtherFormatsNamingWhatItFound() {
        assertThatThrownBy(() -> WavReader.read(wav(1, 8_000, 8, new short[] {1}, false), "x.wav"))
                .isInstanceOf(IOException.class)
                .hasMessage("x.wav: expected 16-bit PCM WAV, found format 1, 8 bits, 1 channels, 8000 Hz");
        assertThatThrownBy(() -> WavReader.read("not a wav at all".getBytes(), "x.wav"))
                .isInstanceOf(IOException.class)
                .hasMessage("x.wav: not a RIFF/WAVE file (16 bytes)");
    }

    @Test
    void namesAChunkWhoseSizePointsPastTheEndInsteadOfOverflowing() {
        byte[] good = wav(1, 22_050, 16, new short[] {1, 2}, false);
        byte[] list = ByteBuffer.allocate(good.length + 12)
                .order(ByteOrder.LITTLE_ENDIAN)
                .put(good, 0, 36)
                .put("LIST".getBytes())
                .putInt(0xFFFFFFF0)
                .putInt(7)
                .put(good, 36, good.length - 36)
                .array();
        assertThatThrownBy(() -> WavReader.read(list, "x.wav"))
                .isInstanceOf(IOException.class)
                .hasMessage("x.wav: no data chunk: the chunk at byte 36 declares 4294967280 bytes, past the end"
                        + " of the file (60 bytes); the file is damaged");
    }

    @Test
    void saysAFmtSizeBeyondAnyFmtChunkIsADamagedHeader() {
        for (int size : new int[] {0x7FFFFFF0, 0xFFFFFFF0}) {
            byte[] wav = wav(1, 22_050, 16, new short[] {1, 2}, false);
            ByteBuffer.wrap(wav).order(ByteOrder.LITTLE_ENDIAN).putInt(16, size);
            assertThatThrownBy(() -> WavReader.read(wav, "x.wav"))
                    .hasMessage("x.wav: fmt chunk declares " + Integer.toUnsignedString(size)
                            + " bytes; a WAV fmt chunk holds 16 to 40, so the header is damaged");
        }
    }

    @Test
    void saysATruncatedHeaderEndsInsideTheFmtChunk() {
        byte[] cut = java.util.Arrays.copyOf(wav(1, 22_050, 16, new short[] {1}, false), 26);
        assertThatThrownBy(() -> WavReader.read(cut, "x.wav"))
                .hasMessage("x.wav: the file ends inside the fmt chunk: it declares 16 bytes, only 6 follow");
    }

    @Test
    void refusesAFileAboveTheLimitWithoutReadingIt(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("big.wav");
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.write(wav(1, 22_050, 16, new short[0], true));
            f.setLength(3L << 30);
        }
        assertThatThrownBy(() -> WavReader.read(file))
                .hasMessage(file + ": 3221225472 bytes, more than the 67108864 a WAV file may have here; not read");
    }

    @Test
    void readsAFileNamingItInErrors(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("ok.wav");
        Files.write(file, wav(1, 22_050, 16, new short[] {4, 5}, false));
        assertThat(WavReader.read(file).samples()).containsExactly(4, 5);
        Files.write(file, "not a wav at all".getBytes());
        assertThatThrownBy(() -> WavReader.read(file)).hasMessage(file + ": not a RIFF/WAVE file (16 bytes)");
    }

    static byte[] wav(int channels, int rate, int bits, short[] samples, boolean placeholderSizes) {
        int dataBytes = samples.length * 2;
        ByteBuffer b = ByteBuffer.allocate(44 + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes())
                .putInt(placeholderSizes ? 0x7FFFF024 : 36 + dataBytes)
                .put("WAVE".getBytes())
                .put("fmt ".getBytes())
                .putInt(16)
                .putShort((short) 1)
                .putShort((short) channels)
                .putInt(rate)
                .putInt(rate * channels * bits / 8)
                .putShort((short) (channels * bits / 8))
                .putShort((short) bits)
                .put("data".getBytes())
                .putInt(placeholderSizes ? 0x7FFFF000 : dataBytes);
        for (short s : samples) {
            b.putShort(s);
        }
        return b.array();
    }
}
