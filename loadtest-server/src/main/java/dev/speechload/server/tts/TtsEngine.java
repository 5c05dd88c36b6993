package dev.speechload.server.tts;

import java.io.IOException;

/**
 * Turns one chunk of text into PCM. Implementations are thread-safe (one instance serves every
 * stream) and deterministic: the same text and voice give the same samples, which is what makes
 * {@code Last-Event-ID} resumption exact. {@link #synthesize} runs on a synthesis thread that is
 * interrupted when the chunk timeout expires, so it must respond to interrupts promptly.
 */
interface TtsEngine {

    /** The engine name as in {@link TtsSettings#engine()}. */
    String name();

    /**
     * Synthesizes one chunk.
     *
     * @param text the chunk, non-empty, at most {@link TtsSettings#maxChars()} code points
     * @param voice the requested voice, or null for the engine's default
     * @return mono PCM16 samples and their rate
     * @throws IOException if the engine fails (the stream then ends with {@code ERR1006})
     * @throws InterruptedException if the thread was interrupted (the chunk timed out)
     */
    Pcm synthesize(String text, String voice) throws IOException, InterruptedException;

    /**
     * Mono 16-bit PCM.
     *
     * @param samples the samples, signed 16 bit; the array is owned by the record's holder
     * @param sampleRateHz samples per second, positive
     */
    record Pcm(short[] samples, int sampleRateHz) {
        public Pcm {
            if (samples == null || sampleRateHz <= 0) {
                throw new IllegalArgumentException(
                        "pcm needs samples and a positive rate, was " + sampleRateHz + " Hz");
            }
        }

        /** Duration in milliseconds, rounded down. */
        long durationMillis() {
            return samples.length * 1000L / sampleRateHz;
        }
    }
}
