package dev.speechload.grpc;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * Where audio comes from: generated signals (silence, seeded white noise, a tone), WAV files, and
 * speech synthesized by {@code espeak-ng} when it is installed. Every method returns a new
 * immutable {@link Audio}; thread-safe.
 */
public final class AudioSources {

    /** The sample rate of generated signals when none is given, in Hz. */
    public static final int DEFAULT_SAMPLE_RATE_HZ = 16_000;

    private static final Duration ESPEAK_TIMEOUT = Duration.ofSeconds(30);

    private AudioSources() {}

    /** {@code length} of digital silence at {@code sampleRateHz}. */
    public static Audio silence(Duration length, int sampleRateHz) {
        return Audio.ofPcm16(new byte[samples(length, sampleRateHz) * 2], sampleRateHz);
    }

    /**
     * Uniform white noise at 30 % of full scale: the same {@code seed} gives the same samples, so runs
     * compare like with like.
     */
    public static Audio whiteNoise(Duration length, int sampleRateHz, long seed) {
        int n = samples(length, sampleRateHz);
        SplittableRandom random = new SplittableRandom(seed);
        byte[] pcm = new byte[n * 2];
        int amplitude = (int) (0.3 * Short.MAX_VALUE);
        for (int i = 0; i < n; i++) {
            put(pcm, i, random.nextInt(-amplitude, amplitude + 1));
        }
        return Audio.ofPcm16(pcm, sampleRateHz);
    }

    /** A sine tone of {@code frequencyHz} (0 < f < rate / 2) at half of full scale. */
    public static Audio tone(Duration length, int sampleRateHz, double frequencyHz) {
        if (!(frequencyHz > 0 && frequencyHz < sampleRateHz / 2.0)) {
            throw new IllegalArgumentException("tone frequency must be between 0 and " + sampleRateHz / 2
                    + " Hz (half the sample rate), was " + frequencyHz);
        }
        int n = samples(length, sampleRateHz);
        byte[] pcm = new byte[n * 2];
        for (int i = 0; i < n; i++) {
            put(pcm, i, (int)
                    Math.round(0.5 * Short.MAX_VALUE * Math.sin(2 * Math.PI * frequencyHz * i / sampleRateHz)));
        }
        return Audio.ofPcm16(pcm, sampleRateHz);
    }

    /** A PCM16 mono WAV file; see {@link WavReader#read(Path)} for what is checked. */
    public static Audio wav(Path file) {
        return WavReader.read(file);
    }

    /**
     * {@code base} played in a loop for {@code length}: long sessions (soak runs) without holding
     * their whole audio in memory.
     */
    public static Audio looped(Audio base, Duration length) {
        Objects.requireNonNull(base, "base");
        return base.loopedTo(samples(length, base.sampleRateHz()));
    }

    /** True when {@code espeak-ng} can be run from the PATH. */
    public static boolean espeakAvailable() {
        try {
            Process p = new ProcessBuilder("espeak-ng", "--version")
                    .redirectErrorStream(true)
                    .start();
            p.getInputStream().readAllBytes();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * {@code text} spoken by {@code espeak-ng --stdout -v <voice>} (22,050 Hz PCM16 mono).
     *
     * @param voice an espeak-ng voice such as {@code en} or {@code de}
     * @throws IllegalStateException when espeak-ng is not installed or fails, saying what to do
     */
    public static Audio speech(String text, String voice) {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(voice, "voice");
        if (text.isBlank()) {
            throw new IllegalArgumentException("speech text is blank: give espeak-ng something to say");
        }
        Process process;
        try {
            process = new ProcessBuilder("espeak-ng", "--stdout", "-v", voice, text)
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
        } catch (IOException e) {
            throw new IllegalStateException(
                    "espeak-ng is not installed (or not on the PATH): install it "
                            + "(apt-get install espeak-ng, brew install espeak-ng) or use AudioSources.wav(..)",
                    e);
        }
        try {
            byte[] wav = readAll(process.getInputStream());
            if (!process.waitFor(ESPEAK_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("espeak-ng did not finish within " + ESPEAK_TIMEOUT.toSeconds() + " s");
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException("espeak-ng exited with " + process.exitValue() + " for voice '" + voice
                        + "': check the voice with espeak-ng --voices");
            }
            return WavReader.read(wav, "espeak-ng output");
        } catch (IOException e) {
            throw new UncheckedIOException("reading espeak-ng output failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for espeak-ng", e);
        }
    }

    /** {@code text} spoken in English; see {@link #speech(String, String)}. */
    public static Audio speech(String text) {
        return speech(text, "en");
    }

    private static byte[] readAll(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        in.transferTo(out);
        return out.toByteArray();
    }

    /** Writes {@code audio} (not looped) as a 16-bit PCM mono WAV file: for tests and inspection. */
    public static void writeWav(Audio audio, Path file) throws IOException {
        long n = audio.sampleCount();
        if (n > (Integer.MAX_VALUE - 44) / 2) {
            throw new IllegalArgumentException(audio + " is too long for one WAV file");
        }
        byte[] out = new byte[44 + (int) n * 2];
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(out).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes(java.nio.charset.StandardCharsets.US_ASCII))
                .putInt(36 + (int) n * 2)
                .put("WAVEfmt ".getBytes(java.nio.charset.StandardCharsets.US_ASCII))
                .putInt(16)
                .putShort((short) 1)
                .putShort((short) 1)
                .putInt(audio.sampleRateHz())
                .putInt(audio.sampleRateHz() * 2)
                .putShort((short) 2)
                .putShort((short) 16)
                .put("data".getBytes(java.nio.charset.StandardCharsets.US_ASCII))
                .putInt((int) n * 2);
        audio.copySamples(0, (int) n, out, 44);
        Files.write(file, out);
    }

    private static int samples(Duration length, int sampleRateHz) {
        Objects.requireNonNull(length, "length");
        Audio.checkRate(sampleRateHz);
        long n = length.toNanos() * sampleRateHz / 1_000_000_000L;
        if (n <= 0 || n > Integer.MAX_VALUE / 2) {
            throw new IllegalArgumentException("audio length must give 1.." + Integer.MAX_VALUE / 2 + " samples at "
                    + sampleRateHz + " Hz, was " + length);
        }
        return (int) n;
    }

    private static void put(byte[] pcm, int index, int value) {
        pcm[index * 2] = (byte) value;
        pcm[index * 2 + 1] = (byte) (value >> 8);
    }
}
