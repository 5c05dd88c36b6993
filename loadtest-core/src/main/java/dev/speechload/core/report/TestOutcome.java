package dev.speechload.core.report;

import java.util.List;
import java.util.Objects;

import dev.speechload.core.baseline.Verdict;
import dev.speechload.core.result.RunResult;

/**
 * Everything a report shows of one test: what was measured, how it was judged and what it was
 * compared with. This is also the shape of {@code results/<test>.json}:
 * {@code {"result": ..., "verdict": ..., "baseline": ..., "matrices": [...]}}.
 *
 * @param result   the run; never null
 * @param verdict  the judgement; null when the run was not judged
 * @param baseline the baseline the verdict compared with; null when there was none
 * @param matrices benchmark matrices measured by this test; null is read as empty
 */
public record TestOutcome(RunResult result, Verdict verdict, BaselineReference baseline,
                          List<MatrixResult> matrices) {

    public TestOutcome {
        Objects.requireNonNull(result, "result");
        matrices = matrices == null ? List.of() : List.copyOf(matrices);
    }

    /** An outcome without benchmark matrices. */
    public TestOutcome(RunResult result, Verdict verdict, BaselineReference baseline) {
        this(result, verdict, baseline, List.of());
    }
}
