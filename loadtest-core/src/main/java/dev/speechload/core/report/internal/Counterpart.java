package dev.speechload.core.report.internal;

import dev.speechload.core.report.BaselineReference;
import dev.speechload.core.result.RunResult;
import java.util.Map;
import java.util.Objects;

/**
 * What a test page's charts draw dashed beside the page's own run, and how legends and captions
 * name both: the baseline the run was judged against, or on an A/B page the reference build's run
 * (A) beside the candidate's (B). Immutable.
 *
 * @param current         the page's own run
 * @param other           what it is compared with
 * @param colour          colour of the other side's lines (a {@link Palette} literal)
 * @param colourWord      that colour in words, for captions ("grey")
 * @param memoryPeakBytes the other side's peak RSS; null when it has none
 * @param histograms      the other side's encoded histograms by metric; empty when it has none
 */
public record Counterpart(
        Side current,
        Side other,
        String colour,
        String colourWord,
        Long memoryPeakBytes,
        Map<String, String> histograms) {

    /**
     * How one side is named.
     *
     * @param legend in a chart's legend ("this run", "baseline", "B (candidate)")
     * @param prose  in a caption's sentence ("this run", "the baseline", "B")
     */
    public record Side(String legend, String prose) {}

    public Counterpart {
        Objects.requireNonNull(current, "current");
        Objects.requireNonNull(other, "other");
        histograms = histograms == null ? Map.of() : Map.copyOf(histograms);
    }

    /** The baseline a run was judged against; {@code baseline} null: nothing to draw, same wording. */
    public static Counterpart baseline(BaselineReference baseline) {
        return new Counterpart(
                new Side("this run", "this run"),
                new Side("baseline", "the baseline"),
                Palette.BASELINE,
                "grey",
                baseline == null ? null : baseline.memoryPeakBytes(),
                baseline == null ? Map.of() : baseline.histograms());
    }

    /** The reference build's run (A) of an A/B comparison, beside the candidate's (B) page. */
    public static Counterpart referenceBuild(RunResult a) {
        Long peak = a.server() == null || a.server().memory() == null
                ? null
                : a.server().memory().peakBytes();
        return new Counterpart(
                new Side("B (candidate)", "B"),
                new Side("A (reference)", "A"),
                Palette.BUILD_A,
                "orange",
                peak,
                a.histograms());
    }
}
