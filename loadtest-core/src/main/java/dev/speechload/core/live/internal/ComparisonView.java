package dev.speechload.core.live.internal;

import dev.speechload.core.compare.PairTrial;
import java.util.ArrayList;
import java.util.List;

/**
 * An A/B comparison as the view shows it: which pair and build runs now, both builds, and each
 * pair's trials so far with their p50, p99 (service time) and successful throughput. Immutable.
 *
 * @param now       "pair 3 of 6, A: reference" while a trial runs; "no trial running" between the
 *                  last trial and the verdict
 * @param reference "A: reference, " and its target's description; "A: reference" before A first ran
 * @param candidate the same of B
 * @param pairs     one row per pair begun or ended, in pair order
 */
public record ComparisonView(String now, String reference, String candidate, List<PairRow> pairs) {

    /** What a cell of a trial that is running says. */
    static final String RUNNING = "running";

    /**
     * One pair: each side's figures, {@value #RUNNING} for the trial running now, "-" for one not
     * run yet.
     *
     * @param pair 1-based, as the page shows it
     */
    public record PairRow(
            int pair,
            String referenceP50,
            String referenceP99,
            String referenceThroughput,
            String candidateP50,
            String candidateP99,
            String candidateThroughput) {}

    public ComparisonView {
        pairs = List.copyOf(pairs);
    }

    /**
     * The view of {@code finished} with {@code running} (null when no trial runs); null when there
     * is no comparison to show.
     */
    static ComparisonView of(PairTrial running, PairTrials finished) {
        List<FinishedPairTrial> done = finished == null ? List.of() : finished.finished();
        if (running == null && done.isEmpty()) {
            return null;
        }
        int pairs = running != null ? running.pairs() : done.get(0).trial().pairs();
        int lastPair = running != null ? running.pair() : -1;
        String referenceBuild = null;
        String candidateBuild = null;
        List<PairTrial> known = new ArrayList<>();
        done.forEach(t -> known.add(t.trial()));
        if (running != null) {
            known.add(running);
        }
        for (PairTrial t : known) {
            lastPair = Math.max(lastPair, t.pair());
            if (t.reference()) {
                referenceBuild = t.build();
            } else {
                candidateBuild = t.build();
            }
        }
        List<PairRow> rows = new ArrayList<>();
        for (int p = 0; p <= lastPair; p++) {
            String[] a = cells(p, PairTrial.Side.REFERENCE, running, finished);
            String[] b = cells(p, PairTrial.Side.CANDIDATE, running, finished);
            rows.add(new PairRow(p + 1, a[0], a[1], a[2], b[0], b[1], b[2]));
        }
        String now = running == null
                ? "no trial running"
                : "pair " + (running.pair() + 1) + " of " + pairs + ", " + side(running.side());
        return new ComparisonView(
                now,
                build(PairTrial.Side.REFERENCE, referenceBuild),
                build(PairTrial.Side.CANDIDATE, candidateBuild),
                rows);
    }

    private static String[] cells(int pair, PairTrial.Side side, PairTrial running, PairTrials finished) {
        FinishedPairTrial done = finished == null ? null : finished.of(pair, side);
        if (done != null) {
            FinishedPairTrial.Figures f = done.figures();
            return new String[] {f.p50(), f.p99(), f.throughput()};
        }
        if (running != null && running.pair() == pair && running.side() == side) {
            return new String[] {RUNNING, RUNNING, RUNNING};
        }
        return new String[] {LiveSnapshot.NONE, LiveSnapshot.NONE, LiveSnapshot.NONE};
    }

    private static String side(PairTrial.Side side) {
        return side.letter() + ": " + side.role();
    }

    private static String build(PairTrial.Side side, String description) {
        return description == null || description.isEmpty() ? side(side) : side(side) + ", " + description;
    }
}
