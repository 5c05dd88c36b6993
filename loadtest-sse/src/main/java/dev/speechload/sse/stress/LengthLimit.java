package dev.speechload.sse.stress;

/**
 * The text length limit found by bisection: prefixes of one long text were sent, halving the
 * interval between a length that worked and one that failed. Immutable.
 *
 * @param maxCharsOk    the longest prefix (code points) that worked on every try; 0 when even one
 *                      character failed
 * @param minCharsFail  the shortest prefix that failed; -1 when every length up to
 *                      {@code maxCharsTried} worked
 * @param exact         true when {@code minCharsFail == maxCharsOk + 1}; false when the probe budget
 *                      ran out first (the limit lies between the two)
 * @param probes        requests sent by the search
 * @param maxCharsTried the longest length tried
 */
public record LengthLimit(int maxCharsOk, int minCharsFail, boolean exact, int probes, int maxCharsTried) {

    public LengthLimit {
        if (maxCharsOk < 0 || minCharsFail < -1 || probes < 0 || maxCharsTried < 0) {
            throw new IllegalArgumentException("invalid length limit: maxCharsOk=" + maxCharsOk + ", minCharsFail="
                    + minCharsFail + ", probes=" + probes + ", maxCharsTried=" + maxCharsTried);
        }
        if (minCharsFail >= 0 && minCharsFail <= maxCharsOk) {
            throw new IllegalArgumentException(
                    "minCharsFail (" + minCharsFail + ") must be above maxCharsOk (" + maxCharsOk + ")");
        }
    }
}
