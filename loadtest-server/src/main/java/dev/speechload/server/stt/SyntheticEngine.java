package dev.speechload.server.stt;

import dev.speechload.server.cpu.CpuBurner;

/**
 * The default STT engine: burns {@code realTimeFactor} seconds of CPU per second of audio
 * (0.05 = 50 ms per audio second), then derives words from the audio with a
 * {@link Transcriber}. Real CPU work makes a loaded server saturate and queue the way a model
 * server does. Thread-safe (stateless besides its factor).
 */
final class SyntheticEngine {

    private final double realTimeFactor;

    /** @param realTimeFactor CPU seconds per audio second, 0 for no compute */
    SyntheticEngine(double realTimeFactor) {
        this.realTimeFactor = realTimeFactor;
    }

    /**
     * Decodes one segment of a session's audio into its transcriber.
     *
     * @param transcriber the session's transcriber, used by one decode at a time
     * @param pcm16 the segment, little-endian PCM16 mono
     * @param sampleRateHz the session's sample rate
     * @param endOfUtterance true for the final decode (flushes a trailing partial frame)
     * @throws InterruptedException when the worker is interrupted (the server is stopping)
     */
    void decode(Transcriber transcriber, byte[] pcm16, int sampleRateHz, boolean endOfUtterance)
            throws InterruptedException {
        long audioNanos = (long) ((pcm16.length / 2) * 1e9 / sampleRateHz);
        CpuBurner.burn((long) (audioNanos * realTimeFactor));
        transcriber.feed(pcm16, endOfUtterance);
    }
}
