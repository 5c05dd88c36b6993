package dev.speechload.server.testing;

/** Deterministic speech-like PCM16 audio for tests: tone bursts separated by short silences. */
public final class Pcm {

    private Pcm() {}

    /** Bytes of {@code millis} of PCM16 mono at {@code sampleRateHz}. */
    public static int bytes(int sampleRateHz, long millis) {
        return (int) (sampleRateHz * millis / 1000) * 2;
    }

    /**
     * {@code millis} of audio: 300 ms bursts of varying pitch and loudness, each followed by
     * 100 ms of silence.
     */
    public static byte[] speechLike(int sampleRateHz, long millis) {
        int samples = (int) (sampleRateHz * millis / 1000);
        byte[] pcm = new byte[samples * 2];
        int burstSamples = sampleRateHz * 3 / 10;
        int periodSamples = sampleRateHz * 4 / 10;
        for (int i = 0; i < samples; i++) {
            int burst = i / periodSamples;
            int within = i % periodSamples;
            short value = 0;
            if (within < burstSamples) {
                double frequency = 180 + 70 * (burst % 5);
                double amplitude = 3000 + 2500 * (burst % 4);
                value = (short) (amplitude * Math.sin(2 * Math.PI * frequency * i / sampleRateHz));
            }
            pcm[2 * i] = (byte) value;
            pcm[2 * i + 1] = (byte) (value >> 8);
        }
        return pcm;
    }

    /** {@code millis} of digital silence. */
    public static byte[] silence(int sampleRateHz, long millis) {
        return new byte[bytes(sampleRateHz, millis)];
    }
}
