package dev.speechload.server.stt;

import java.util.ArrayList;
import java.util.List;

/**
 * Turns PCM16 audio into a deterministic word sequence: one word per 200 ms frame that is not
 * silent, chosen from the frame's energy, zero crossings and position. The same audio always
 * gives the same transcript, so tests and baselines can compare transcripts.
 *
 * <p>Not thread-safe: one per session, fed by one decode at a time.
 */
final class Transcriber {

    private static final String[] WORDS = {
        "alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel", "india",
        "juliett", "kilo", "lima", "mike", "november", "oscar", "papa", "quebec", "romeo",
        "sierra", "tango", "uniform", "victor", "whiskey", "xray", "yankee", "zulu"
    };
    /** Mean absolute amplitude below which a frame counts as silence (about -40 dBFS). */
    private static final double SILENCE = 300;

    private final int frameBytes;
    private final byte[] carry;
    private int carryBytes;
    private int frameIndex;
    private final List<String> words = new ArrayList<>();

    /** @param sampleRateHz PCM16 mono sample rate, positive */
    Transcriber(int sampleRateHz) {
        this.frameBytes = Math.max(2, sampleRateHz / 5 * 2);
        this.carry = new byte[frameBytes];
    }

    /**
     * Consumes {@code pcm}; every complete frame may add a word. With {@code flush}, a last
     * incomplete frame is decoded too (the end of the utterance).
     */
    void feed(byte[] pcm, boolean flush) {
        int offset = 0;
        while (offset < pcm.length) {
            int n = Math.min(frameBytes - carryBytes, pcm.length - offset);
            System.arraycopy(pcm, offset, carry, carryBytes, n);
            carryBytes += n;
            offset += n;
            if (carryBytes == frameBytes) {
                decodeFrame(carryBytes);
            }
        }
        if (flush && carryBytes >= 2) {
            decodeFrame(carryBytes);
        }
    }

    private void decodeFrame(int length) {
        int samples = length / 2;
        long sumAbs = 0;
        int crossings = 0;
        int previous = 0;
        for (int i = 0; i < samples; i++) {
            int sample = (short) ((carry[2 * i] & 0xff) | (carry[2 * i + 1] << 8));
            sumAbs += Math.abs(sample);
            if (i > 0 && (sample >= 0) != (previous >= 0)) {
                crossings++;
            }
            previous = sample;
        }
        double meanAbs = samples == 0 ? 0 : (double) sumAbs / samples;
        if (meanAbs >= SILENCE) {
            int energyBucket = (int) (Math.log(meanAbs) / Math.log(2) * 2);
            int index = Math.floorMod(energyBucket * 7 + crossings / 16 + frameIndex * 3, WORDS.length);
            words.add(WORDS[index]);
        }
        frameIndex++;
        carryBytes = 0;
    }

    /** The transcript so far: words separated by single spaces. */
    String transcript() {
        return String.join(" ", words);
    }
}
