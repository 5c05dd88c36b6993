package dev.speechload.server.tts;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Settings of the text-to-speech endpoint. Immutable and checked when built: no invalid instance
 * exists.
 *
 * @param maxChars the most characters (Unicode code points) in one synthesized chunk; long texts
 *     are split at sentence, clause and word boundaries to fit; 1 to 100,000
 * @param maxTextChars the most characters (code points) one request may carry; a longer text is
 *     refused with 413 and {@code ERR1002}; at least 1
 * @param chunkTimeout how long the generation of one chunk may take, including the
 *     {@link TtsHooks#beforeChunk()} hook; exceeding it ends the stream with an {@code ERR1004}
 *     error event; positive, at most one hour
 * @param engine {@code "synthetic"} (deterministic tones, no dependency) or {@code "espeak"}
 *     (runs the {@code espeak-ng} program, which must be on the PATH)
 * @param realTimeFactor CPU time the synthetic engine burns per second of audio it makes
 *     (0.05 = 50 ms of CPU per audio second; 0 = none); 0 to 100. The espeak engine ignores it
 * @param sampleRateHz sample rate of the synthetic engine's PCM, 8,000 to 48,000 Hz; the espeak
 *     engine streams at espeak-ng's own rate (reported in every audio event)
 */
public record TtsSettings(
        int maxChars, int maxTextChars, Duration chunkTimeout, String engine, double realTimeFactor, int sampleRateHz) {

    /** Engine name of the built-in deterministic tone synthesizer. */
    public static final String ENGINE_SYNTHETIC = "synthetic";
    /** Engine name of the {@code espeak-ng} process engine. */
    public static final String ENGINE_ESPEAK = "espeak";

    /** Checks every component and reports all bad ones together. */
    public TtsSettings {
        List<String> problems = new ArrayList<>();
        if (maxChars < 1 || maxChars > 100_000) {
            problems.add("'maxChars' must be between 1 and 100000, was " + maxChars);
        }
        if (maxTextChars < 1) {
            problems.add("'maxTextChars' must be at least 1, was " + maxTextChars);
        }
        if (chunkTimeout == null
                || chunkTimeout.isNegative()
                || chunkTimeout.isZero()
                || chunkTimeout.compareTo(Duration.ofHours(1)) > 0) {
            problems.add("'chunkTimeout' must be positive and at most PT1H, was " + chunkTimeout);
        }
        if (!ENGINE_SYNTHETIC.equals(engine) && !ENGINE_ESPEAK.equals(engine)) {
            problems.add("'engine' must be synthetic | espeak, was " + engine);
        }
        if (!(realTimeFactor >= 0 && realTimeFactor <= 100)) {
            problems.add("'realTimeFactor' must be between 0 and 100, was " + realTimeFactor);
        }
        if (sampleRateHz < 8_000 || sampleRateHz > 48_000) {
            problems.add("'sampleRateHz' must be between 8000 and 48000, was " + sampleRateHz);
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("TtsSettings: " + String.join("; ", problems));
        }
    }

    /**
     * The defaults: chunks of 200 characters, texts up to 20,000 characters, 10 s per chunk,
     * the synthetic engine burning 0.05 s of CPU per audio second, 16 kHz.
     */
    public static TtsSettings defaults() {
        return new TtsSettings(200, 20_000, Duration.ofSeconds(10), ENGINE_SYNTHETIC, 0.05, 16_000);
    }

    /** A copy with another engine. */
    public TtsSettings withEngine(String engine) {
        return new TtsSettings(maxChars, maxTextChars, chunkTimeout, engine, realTimeFactor, sampleRateHz);
    }

    /** A copy with another chunk limit. */
    public TtsSettings withMaxChars(int maxChars) {
        return new TtsSettings(maxChars, maxTextChars, chunkTimeout, engine, realTimeFactor, sampleRateHz);
    }

    /** A copy with another text limit. */
    public TtsSettings withMaxTextChars(int maxTextChars) {
        return new TtsSettings(maxChars, maxTextChars, chunkTimeout, engine, realTimeFactor, sampleRateHz);
    }

    /** A copy with another per-chunk timeout. */
    public TtsSettings withChunkTimeout(Duration chunkTimeout) {
        return new TtsSettings(maxChars, maxTextChars, chunkTimeout, engine, realTimeFactor, sampleRateHz);
    }

    /** A copy with another real-time factor. */
    public TtsSettings withRealTimeFactor(double realTimeFactor) {
        return new TtsSettings(maxChars, maxTextChars, chunkTimeout, engine, realTimeFactor, sampleRateHz);
    }

    /** A copy with another sample rate. */
    public TtsSettings withSampleRateHz(int sampleRateHz) {
        return new TtsSettings(maxChars, maxTextChars, chunkTimeout, engine, realTimeFactor, sampleRateHz);
    }
}
