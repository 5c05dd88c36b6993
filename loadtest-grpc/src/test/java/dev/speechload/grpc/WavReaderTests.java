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
import java.util.Arrays;
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
        b.put("RIFF".getBytes(StandardCharsets.US_ASCII))
                .putInt(36 + dataBytes)
                .put("WAVEfmt ".getBytes(StandardCharsets.US_ASCII))
                .putInt(16)
                .putShort((short) format)
                .putShort((short) channels)
                .putInt(rate)
                .putInt(rate * channels * bits / 8)
                .putShort((short) (channels * bits / 8))
                .putShort((short) bits)
                .put("data".getBytes(StandardCharsets.US_ASCII))
                .putInt(dataBytes);
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
        b.put(head, 0, 36)
                .put("LIST".getBytes(StandardCharsets.US_ASCII))
                .putInt(3)
                .put(new byte[] {1, 2, 3, 0})
                .put("data".getBytes(StandardCharsets.US_ASCII))
                .putInt(4)
                .put(new byte[] {1, 0, 2, 0});
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
                .hasMessageStartingWith(
                        file + ": audio format 3 (IEEE float); speechload needs 16-bit PCM mono (format 1)");
    }

    @Test
    void rejectsASampleRateOutsideTheContract() throws Exception {
        Path file = wav("slow.wav", 1, 1, 4_000, 16, 8);
        assertThatThrownBy(() -> WavReader.read(file))
                .hasMessage(file + ": sample rate 4000 Hz; speechload needs 8000..48000 Hz — resample with: sox " + file
                        + " -r 16000 -b 16 -c 1 " + dir.resolve("slow-pcm16.wav"));
    }

    @Test
    void rejectsAFileThatIsNotRiffWave() throws Exception {
        Path file = dir.resolve("song.mp3");
        Files.write(file, "ID3\u0004\u0000 not a wav".getBytes(StandardCharsets.ISO_8859_1));
        assertThatThrownBy(() -> WavReader.read(file))
                .hasMessage(
                        file + ": not a RIFF/WAVE file (header is 'ID3.. not a '); speechload needs 16-bit PCM mono "
                                + "WAV — convert with: sox " + file + " -b 16 -c 1 -e signed-integer "
                                + dir.resolve("song-pcm16.wav"));
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

    /** RIFF/WAVE, then the chunks as given. */
    private Path riff(String name, byte[]... chunks) throws Exception {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        out.write("RIFF".getBytes(StandardCharsets.US_ASCII));
        out.write(new byte[] {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF});
        out.write("WAVE".getBytes(StandardCharsets.US_ASCII));
        for (byte[] c : chunks) {
            out.write(c);
        }
        Path file = dir.resolve(name);
        Files.write(file, out.toByteArray());
        return file;
    }

    /** A chunk header: the id and a size field (unsigned 32 bits, little-endian). */
    private static byte[] chunk(String id, long size) {
        return ByteBuffer.allocate(8)
                .order(ByteOrder.LITTLE_ENDIAN)
                .put(id.getBytes(StandardCharsets.US_ASCII))
                .putInt((int) size)
                .array();
    }

    /** The 16 bytes of a PCM16 mono fmt body at {@code rate}. */
    private static byte[] pcm16Mono(int rate) {
        return ByteBuffer.allocate(16)
                .order(ByteOrder.LITTLE_ENDIAN)
                .putShort((short) 1)
                .putShort((short) 1)
                .putInt(rate)
                .putInt(rate * 2)
                .putShort((short) 2)
                .putShort((short) 16)
                .array();
    }

    /** A file of {@code lengthBytes} that starts with a PCM16 mono 16 kHz header whose data size is {@code dataSize}; sparse. */
    private Path sparseWav(String name, long lengthBytes, long dataSize) throws Exception {
        Path file = riff(name, chunk("fmt ", 16), pcm16Mono(16_000), chunk("data", dataSize));
        try (java.io.RandomAccessFile f = new java.io.RandomAccessFile(file.toFile(), "rw")) {
            f.setLength(lengthBytes);
        }
        return file;
    }

    private String fix(Path file) {
        String name = file.getFileName().toString();
        return " — convert with: sox " + file + " -b 16 -c 1 -e signed-integer "
                + dir.resolve(name.substring(0, name.lastIndexOf('.')) + "-pcm16.wav");
    }

    @Test
    void namesAChunkWhoseSizePointsPastTheEndInsteadOfOverflowing() throws Exception {
        Path file = riff(
                "huge-list.wav",
                chunk("fmt ", 16),
                pcm16Mono(16_000),
                chunk("LIST", 0xFFFFFFF0L),
                new byte[] {1, 2, 3, 4},
                chunk("data", 4),
                new byte[] {1, 0, 2, 0});

        assertThatThrownBy(() -> WavReader.read(file))
                .isInstanceOf(AudioFormatException.class)
                .hasMessage(file + ": no data chunk: chunk 'LIST' at byte 36 declares 4294967280 bytes, but the file"
                        + " ends 16 bytes later, at byte 60; the file is damaged or truncated" + fix(file));
    }

    @Test
    void saysAFmtSizeBeyondAnyFmtChunkIsADamagedHeader() throws Exception {
        for (long size : new long[] {0xFFFFFFF0L, 0x7FFFFFF0L, 8}) {
            Path file =
                    riff("fmt-" + size + ".wav", chunk("fmt ", size), pcm16Mono(16_000), chunk("data", 4), new byte[] {
                        1, 0, 2, 0
                    });

            assertThatThrownBy(() -> WavReader.read(file))
                    .hasMessage(file + ": fmt chunk at byte 12 declares " + size + " bytes; a WAV fmt chunk holds 16 to"
                            + " 40 bytes, so the header is damaged" + fix(file))
                    .hasMessageNotContaining("bit samples");
        }
    }

    @Test
    void saysATruncatedHeaderEndsInsideTheFmtChunk() throws Exception {
        Path file = riff("cut.wav", chunk("fmt ", 16), Arrays.copyOf(pcm16Mono(16_000), 6));

        assertThatThrownBy(() -> WavReader.read(file))
                .hasMessage(file + ": the file ends inside the fmt chunk: it declares 16 bytes at byte 20, only 6"
                        + " follow; the file is truncated" + fix(file));
    }

    @Test
    void refusesMoreAudioThanTheLimitWithoutReadingIt() throws Exception {
        long length = 600L << 20;
        Path file = sparseWav("long.wav", length, length - 44);

        assertThatThrownBy(() -> WavReader.read(file))
                .hasMessage(file + ": data chunk holds 600.0 MiB (5 h 27 min at 16000 Hz) of audio; speechload keeps a"
                        + " file's audio in memory and reads at most 64.0 MiB (34 min 57 s at 16000 Hz) — cut it, e.g. to"
                        + " its first 10 minutes: sox " + file + " " + dir.resolve("long-pcm16.wav")
                        + " trim 0 600, and"
                        + " play it longer with AudioSources.looped(audio, duration)");
    }

    @Test
    void refusesA3GbSparseFileByItsBytesNotByRunningOutOfMemory() throws Exception {
        Path zeros = dir.resolve("zeros.wav");
        try (java.io.RandomAccessFile f = new java.io.RandomAccessFile(zeros.toFile(), "rw")) {
            f.setLength(3L << 30);
        }
        assertThatThrownBy(() -> WavReader.read(zeros))
                .hasMessage(zeros + ": not a RIFF/WAVE file (its first 12 bytes are zero); speechload needs 16-bit PCM"
                        + " mono WAV" + fix(zeros));

        // A streamed header (data size unknown) over 3 GiB: the bytes present count, and they are too many.
        Path streamed = sparseWav("streamed.wav", 3L << 30, 0xFFFFFFFFL);
        assertThatThrownBy(() -> WavReader.read(streamed))
                .hasMessageStartingWith(streamed + ": data chunk holds 3072.0 MiB (27 h 57 min at 16000 Hz) of audio;"
                        + " speechload keeps a file's audio in memory and reads at most 64.0 MiB");
    }

    @Test
    void readsDevZeroAsWhatItIsNotAsAnEndlessFile() {
        Path zero = Path.of("/dev/zero");
        assumeTrue(Files.exists(zero), "no /dev/zero on this system");

        assertThatThrownBy(() -> WavReader.read(zero))
                .isInstanceOf(AudioFormatException.class)
                .hasMessage("/dev/zero: not a RIFF/WAVE file (its first 12 bytes are zero); speechload needs 16-bit PCM"
                        + " mono WAV — convert with: sox /dev/zero -b 16 -c 1 -e signed-integer /dev/zero-pcm16.wav");
    }

    @Test
    void readsAtMostTheLimitFromAPipeThatTellsNoSize() throws Exception {
        Path fifo = dir.resolve("pipe.wav");
        assumeTrue(mkfifo(fifo), "mkfifo is not available");
        byte[] header = ByteBuffer.allocate(44)
                .order(ByteOrder.LITTLE_ENDIAN)
                .put("RIFF".getBytes(StandardCharsets.US_ASCII))
                .putInt(-1)
                .put("WAVE".getBytes(StandardCharsets.US_ASCII))
                .put(chunk("fmt ", 16))
                .put(pcm16Mono(16_000))
                .put(chunk("data", 0xFFFFFFFFL))
                .array();
        Thread writer = new Thread(() -> {
            try (java.io.OutputStream out = Files.newOutputStream(fifo)) {
                out.write(header);
                byte[] block = new byte[1 << 20];
                for (int i = 0; i < 100; i++) {
                    out.write(block);
                }
            } catch (java.io.IOException e) {
                // The reader stops at its limit and closes the pipe: a broken pipe here is expected.
            }
        });
        writer.setDaemon(true);
        writer.start();

        assertThatThrownBy(() -> WavReader.read(fifo))
                .hasMessageStartingWith(fifo + ": data chunk holds more than 64.0 MiB of audio; speechload keeps a"
                        + " file's audio in memory and reads at most 64.0 MiB (34 min 57 s at 16000 Hz)");
        writer.join(10_000);
    }

    private static boolean mkfifo(Path path) {
        try {
            Process p = new ProcessBuilder("mkfifo", path.toString())
                    .redirectErrorStream(true)
                    .start();
            return p.waitFor() == 0;
        } catch (java.io.IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Test
    void readsStreamedEspeakOutputWhoseSizesAreUnknown() {
        assumeTrue(AudioSources.espeakAvailable(), "espeak-ng is not installed");
        Audio speech = AudioSources.speech("hello world");
        assertThat(speech.sampleRateHz()).isEqualTo(22_050);
        assertThat(speech.durationMillis()).isBetween(300L, 5_000L);
    }
}
