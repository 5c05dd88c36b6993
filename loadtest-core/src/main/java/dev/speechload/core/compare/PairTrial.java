package dev.speechload.core.compare;

import java.util.Objects;

/**
 * One trial of an A/B comparison: which pair it belongs to and which build it loads. Immutable.
 *
 * @param pair  0-based pair index, below {@code pairs}
 * @param pairs pairs in the comparison, at least 1
 * @param side  the build this trial loads
 * @param build that build's target, as its {@code Target.description()} says
 */
public record PairTrial(int pair, int pairs, Side side, String build) {

    /** The two builds of an A/B comparison. */
    public enum Side {
        /** A: the build the candidate is judged against. */
        REFERENCE("A", "reference"),
        /** B: the build under judgement. */
        CANDIDATE("B", "candidate");

        private final String letter;
        private final String role;

        Side(String letter, String role) {
            this.letter = letter;
            this.role = role;
        }

        /** "A" or "B", as the reports name the builds. */
        public String letter() {
            return letter;
        }

        /** "reference" or "candidate". */
        public String role() {
            return role;
        }
    }

    public PairTrial {
        Objects.requireNonNull(side, "side");
        if (pairs < 1 || pair < 0 || pair >= pairs) {
            throw new IllegalArgumentException(
                    "pair must be 0.." + (pairs - 1) + " of " + pairs + " pairs, was " + pair);
        }
        build = build == null ? "" : build;
    }

    /** Whether this trial loads the reference A. */
    public boolean reference() {
        return side == Side.REFERENCE;
    }
}
