package dev.speechload.server.tts;

import dev.speechload.server.cpu.CpuBurner;

/**
 * The default engine: a deterministic, dependency-free stand-in for a speech model. Each code
 * point becomes {@value #MILLIS_PER_CHAR} ms of audio: a tone with two harmonics (a crude
 * formant) whose pitch and timbre depend on the character and the voice, with 5 ms fades;
 * whitespace, punctuation and control characters become silence of the same length. The
 * samples are computed with integer arithmetic from a fixed sine table, so they are identical
 * on every JVM. After making the samples it burns {@code audio seconds * realTimeFactor} of CPU
 * time ({@link CpuBurner}), so that load on the server saturates its CPU like a real model.
 * Thread-safe and immutable.
 */
final class SyntheticEngine implements TtsEngine {

    /** Audio length of one code point. */
    static final int MILLIS_PER_CHAR = 60;

    private static final int TABLE_BITS = 12;
    private static final short[] SINE = sineTable();
    private static final int DEFAULT_BASE_HZ = 140;

    private final int sampleRateHz;
    private final double realTimeFactor;

    /**
     * @param sampleRateHz output rate, 8,000 to 48,000 Hz
     * @param realTimeFactor CPU seconds burnt per audio second, 0 or more
     */
    SyntheticEngine(int sampleRateHz, double realTimeFactor) {
        if (sampleRateHz < 8_000 || sampleRateHz > 48_000 || !(realTimeFactor >= 0)) {
            throw new IllegalArgumentException("sampleRateHz must be 8000..48000 and realTimeFactor" + " >= 0, was "
                    + sampleRateHz + " Hz and " + realTimeFactor);
        }
        this.sampleRateHz = sampleRateHz;
        this.realTimeFactor = realTimeFactor;
    }

    @Override
    public String name() {
        return TtsSettings.ENGINE_SYNTHETIC;
    }

    /** Samples made for one code point at this engine's rate. */
    int samplesPerChar() {
        return sampleRateHz * MILLIS_PER_CHAR / 1000;
    }

    @Override
    public Pcm synthesize(String text, String voice) throws InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException("synthesis interrupted");
        }
        int perChar = samplesPerChar();
        int ramp = Math.max(1, Math.min(perChar / 2, sampleRateHz * 5 / 1000));
        short[] out = new short[text.codePointCount(0, text.length()) * perChar];
        int baseHz = voice == null ? DEFAULT_BASE_HZ : 90 + Math.floorMod(voice.hashCode(), 160);
        int phase1 = 0;
        int phase2 = 0;
        int phase3 = 0;
        int pos = 0;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            i += Character.charCount(cp);
            if (isVoiced(cp)) {
                int f0 = baseHz + (cp % 97) * 3;
                int inc1 = increment(f0);
                int inc2 = increment(2 * f0);
                int inc3 = increment(3 * f0);
                int amp1 = 12_000;
                int amp2 = 3_000 + ((cp >>> 2) & 7) * 700;
                int amp3 = 1_500 + ((cp >>> 5) & 7) * 500;
                for (int s = 0; s < perChar; s++) {
                    int env = s < ramp ? s * 256 / ramp : s >= perChar - ramp ? (perChar - 1 - s) * 256 / ramp : 256;
                    int v = (SINE[phase1 >>> (32 - TABLE_BITS)] * amp1
                                    + SINE[phase2 >>> (32 - TABLE_BITS)] * amp2
                                    + SINE[phase3 >>> (32 - TABLE_BITS)] * amp3)
                            >> 15;
                    out[pos + s] = (short) ((v * env) >> 8);
                    phase1 += inc1;
                    phase2 += inc2;
                    phase3 += inc3;
                }
            }
            pos += perChar;
        }
        long audioNanos = out.length * 1_000_000_000L / sampleRateHz;
        CpuBurner.burn((long) (audioNanos * realTimeFactor));
        return new Pcm(out, sampleRateHz);
    }

    private int increment(int hz) {
        return (int) (((long) hz << 32) / sampleRateHz);
    }

    private static boolean isVoiced(int cp) {
        if (TextSplitter.isSpace(cp)) {
            return false;
        }
        switch (Character.getType(cp)) {
            case Character.CONNECTOR_PUNCTUATION:
            case Character.DASH_PUNCTUATION:
            case Character.START_PUNCTUATION:
            case Character.END_PUNCTUATION:
            case Character.INITIAL_QUOTE_PUNCTUATION:
            case Character.FINAL_QUOTE_PUNCTUATION:
            case Character.OTHER_PUNCTUATION:
            case Character.CONTROL:
            case Character.FORMAT:
            case Character.UNASSIGNED:
            case Character.SURROGATE:
                return false;
            default:
                return true;
        }
    }

    private static short[] sineTable() {
        short[] table = new short[1 << TABLE_BITS];
        for (int i = 0; i < table.length; i++) {
            table[i] = (short) Math.round(32767 * StrictMath.sin(2 * StrictMath.PI * i / table.length));
        }
        return table;
    }
}
