package dev.speechload.grpc;

import java.time.Duration;
import java.util.Objects;

/**
 * PCM16 mono audio (little-endian signed 16-bit samples) at one sample rate, as sent to a speech
 * server. Made by {@link AudioSources} or {@link WavReader}. Immutable and thread-safe: the
 * samples are copied in and never handed out, so one instance can feed every channel.
 *
 * <p>An audio may be <em>looped</em> ({@link AudioSources#looped}): it then plays its samples over
 * and over up to {@link #sampleCount()}, which keeps hour-long soak sessions small in memory.
 */
public final class Audio {

    /** Lowest sample rate speechload sends, in Hz (the STT contract's lower bound). */
    public static final int MIN_SAMPLE_RATE_HZ = 8_000;
    /** Highest sample rate speechload sends, in Hz (the STT contract's upper bound). */
    public static final int MAX_SAMPLE_RATE_HZ = 48_000;

    private final byte[] pcm16;
    private final int sampleRateHz;
    private final long sampleCount;

    private Audio(byte[] pcm16, int sampleRateHz, long sampleCount) {
        this.pcm16 = pcm16;
        this.sampleRateHz = sampleRateHz;
        this.sampleCount = sampleCount;
    }

    /**
     * Audio from raw samples.
     *
     * @param pcm16le      little-endian signed 16-bit mono samples; copied; even length, not empty
     * @param sampleRateHz {@value #MIN_SAMPLE_RATE_HZ}..{@value #MAX_SAMPLE_RATE_HZ}
     * @throws IllegalArgumentException naming the bad value
     */
    public static Audio ofPcm16(byte[] pcm16le, int sampleRateHz) {
        Objects.requireNonNull(pcm16le, "pcm16le");
        if (pcm16le.length == 0 || pcm16le.length % 2 != 0) {
            throw new IllegalArgumentException(
                    "PCM16 audio needs a positive, even number of bytes, was " + pcm16le.length);
        }
        checkRate(sampleRateHz);
        return new Audio(pcm16le.clone(), sampleRateHz, pcm16le.length / 2);
    }

    static void checkRate(int sampleRateHz) {
        if (sampleRateHz < MIN_SAMPLE_RATE_HZ || sampleRateHz > MAX_SAMPLE_RATE_HZ) {
            throw new IllegalArgumentException("sample rate must be " + MIN_SAMPLE_RATE_HZ + ".." + MAX_SAMPLE_RATE_HZ
                    + " Hz, was " + sampleRateHz);
        }
    }

    /** This audio played in a loop until {@code totalSamples} samples have played. */
    Audio loopedTo(long totalSamples) {
        if (totalSamples <= 0) {
            throw new IllegalArgumentException(
                    "looped audio needs a positive length, was " + totalSamples + " samples");
        }
        return new Audio(pcm16, sampleRateHz, totalSamples);
    }

    /** Samples per second, in Hz. */
    public int sampleRateHz() {
        return sampleRateHz;
    }

    /** Number of samples played (looped audio: the looped length). */
    public long sampleCount() {
        return sampleCount;
    }

    /** Length in milliseconds, rounded down. */
    public long durationMillis() {
        return sampleCount * 1000 / sampleRateHz;
    }

    /** Length as a duration (nanosecond precision). */
    public Duration duration() {
        return Duration.ofNanos(sampleCount * 1_000_000_000L / sampleRateHz);
    }

    /** True when this audio repeats a shorter recording. */
    public boolean looped() {
        return sampleCount != pcm16.length / 2;
    }

    /**
     * Copies {@code count} samples starting at sample {@code from} into {@code target} as PCM16LE.
     *
     * @param from   0..sampleCount-1
     * @param count  samples, {@code from + count <= sampleCount}
     * @param target receives {@code 2 * count} bytes at {@code offset}
     */
    public void copySamples(long from, int count, byte[] target, int offset) {
        if (from < 0 || count < 0 || from + count > sampleCount) {
            throw new IndexOutOfBoundsException("samples " + from + ".." + (from + count) + " of " + sampleCount);
        }
        int baseSamples = pcm16.length / 2;
        int written = 0;
        while (written < count) {
            int at = (int) ((from + written) % baseSamples);
            int n = Math.min(count - written, baseSamples - at);
            System.arraycopy(pcm16, at * 2, target, offset + written * 2, n * 2);
            written += n;
        }
    }

    /** Sample {@code index} as a signed 16-bit value (for tests and checks; not a hot path). */
    public short sample(long index) {
        byte[] two = new byte[2];
        copySamples(index, 1, two, 0);
        return (short) ((two[0] & 0xff) | (two[1] << 8));
    }

    @Override
    public String toString() {
        return "Audio[" + durationMillis() + " ms, " + sampleRateHz + " Hz PCM16 mono" + (looped() ? ", looped" : "")
                + "]";
    }
}
