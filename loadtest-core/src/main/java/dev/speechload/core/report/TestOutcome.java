package dev.speechload.core.report;

import dev.speechload.core.baseline.Verdict;
import dev.speechload.core.result.Comparison;
import dev.speechload.core.result.RunResult;
import java.util.List;
import java.util.Objects;

/**
 * Everything a report shows of one test: what was measured, how it was judged and what it was
 * compared with. This is also the shape of {@code results/<test>.json}:
 * {@code {"result": ..., "verdict": ..., "baseline": ..., "matrices": [...]}}.
 *
 * @param result   the run; never null
 * @param verdict  the judgement; null when the run was not judged
 * @param baseline the baseline the verdict compared with; null when there was none
 * @param matrices benchmark matrices measured by this test; null is read as empty
 * @param comparison the A/B comparison this outcome judged, when the test ran as A/B: then
 *                   {@code result} is the candidate's (B's) run and {@code verdict} the A/B verdict;
 *                   null for a run judged against its baseline
 * @param baselineProblem why the test's baseline file could not be read (then {@code verdict} is
 *                   null: the run was not judged); null when the file was read or there was none
 */
public record TestOutcome(
        RunResult result,
        Verdict verdict,
        BaselineReference baseline,
        List<MatrixResult> matrices,
        Comparison comparison,
        BaselineProblem baselineProblem) {

    public TestOutcome {
        Objects.requireNonNull(result, "result");
        matrices = matrices == null ? List.of() : List.copyOf(matrices);
    }

    /** An outcome whose baseline, if any, was read. */
    public TestOutcome(
            RunResult result,
            Verdict verdict,
            BaselineReference baseline,
            List<MatrixResult> matrices,
            Comparison comparison) {
        this(result, verdict, baseline, matrices, comparison, null);
    }

    /** An outcome without an A/B comparison. */
    public TestOutcome(RunResult result, Verdict verdict, BaselineReference baseline, List<MatrixResult> matrices) {
        this(result, verdict, baseline, matrices, null, null);
    }

    /** An outcome without benchmark matrices or an A/B comparison. */
    public TestOutcome(RunResult result, Verdict verdict, BaselineReference baseline) {
        this(result, verdict, baseline, List.of(), null, null);
    }

    /** A run that was not judged because its baseline file could not be read. */
    public static TestOutcome unreadableBaseline(RunResult result, BaselineProblem problem) {
        return new TestOutcome(result, null, null, List.of(), null, Objects.requireNonNull(problem, "problem"));
    }

    /** An A/B outcome: the candidate's run, the A/B verdict and the comparison. */
    public static TestOutcome comparison(RunResult candidate, Verdict verdict, Comparison comparison) {
        return new TestOutcome(
                candidate, verdict, null, List.of(), Objects.requireNonNull(comparison, "comparison"), null);
    }
}
