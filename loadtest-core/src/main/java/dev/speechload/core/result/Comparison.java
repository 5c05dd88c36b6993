package dev.speechload.core.result;

import java.util.List;
import java.util.Objects;

/**
 * An A/B comparison of two server builds under one plan on one machine: the reference (A) and the
 * candidate (B) ran the plan's trial in pairs, in randomized block order, and each metric was
 * judged on the paired ratios B/A. Kept beside the candidate's {@link RunResult} in a report.
 *
 * @param mode      {@link #INTERLEAVED} (one server at a time, A and B alternating) or
 *                  {@link #DUET} (both at once, the load split between them)
 * @param seed      the seed the pair order was drawn with (a run with the same seed repeats it)
 * @param order     each pair's order: {@code "AB"} or {@code "BA"} ({@code "A+B"} in duet mode)
 * @param reference A's run: its trials ({@link RunResult#trials()}) index-aligned with the pairs,
 *                  its target the reference build
 * @param figures   every judged metric pair by pair, in verdict order
 */
public record Comparison(String mode, long seed, List<String> order, RunResult reference, List<PairedFigure> figures) {

    public static final String INTERLEAVED = "interleaved";
    public static final String DUET = "duet";

    public Comparison {
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(reference, "reference");
        order = order == null ? List.of() : List.copyOf(order);
        figures = figures == null ? List.of() : List.copyOf(figures);
    }

    /** Number of trial pairs. */
    public int pairs() {
        return order.size();
    }
}
