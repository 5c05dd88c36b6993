package dev.speechload.core.junit.internal;

import dev.speechload.core.baseline.Baseline;
import dev.speechload.core.baseline.BaselineException;
import dev.speechload.core.baseline.BaselineStore;
import dev.speechload.core.baseline.ObjectiveRule;
import dev.speechload.core.baseline.ObjectiveVerdicts;
import dev.speechload.core.baseline.PairedVerdicts;
import dev.speechload.core.baseline.ResultFiles;
import dev.speechload.core.baseline.Thresholds;
import dev.speechload.core.baseline.Verdict;
import dev.speechload.core.baseline.VerdictMessages;
import dev.speechload.core.baseline.VerdictStatus;
import dev.speechload.core.baseline.Verdicts;
import dev.speechload.core.compare.InterleavedComparison;
import dev.speechload.core.config.Settings;
import dev.speechload.core.report.BaselineProblem;
import dev.speechload.core.report.BaselineReference;
import dev.speechload.core.report.Reporters;
import dev.speechload.core.report.TestOutcome;
import dev.speechload.core.result.RunResult;
import dev.speechload.core.result.Sharding;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BiConsumer;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What happens to a finished run after its test method, in an order that loses no measured
 * result when a later step fails:
 * <ol>
 *   <li>with {@code loadtest.updateBaseline} the result becomes the baseline and is not judged; else it is
 *       judged against {@code baselines/<stem>.json} (a broken baseline file is remembered), and
 *       against the test's objectives, with or without a baseline; a judgement that throws is
 *       remembered too, so the result is still written;</li>
 *   <li>the result is written once, final, with its verdict ({@code results/<stem>.json}, which
 *       replaces the run's {@code <stem>.partial.json}), and its page ({@code <stem>.html}); the
 *       index is written once per JUnit run, at its end ({@link RunReportsAtEnd});</li>
 *   <li>the run is appended to the run history ({@code loadtest.history}; a history that cannot be
 *       written is a WARN, or a failure with {@code loadtest.history=required});</li>
 *   <li>then the test fails: a broken baseline or report write first (naming the file), else a
 *       FAIL verdict when fail-on-regression is on or an objective was missed ({@link AssertionFailedError} with
 *       {@link VerdictMessages#failureMessage}). WARN never fails. An INCONCLUSIVE verdict (a
 *       measurement that could not be trusted) aborts the test with the reason, or fails or passes
 *       it as {@code loadtest.inconclusive} says.</li>
 * </ol>
 * Stateless; not API.
 */
final class RunFinisher {

    private static final Logger LOG = LoggerFactory.getLogger(RunFinisher.class);

    private RunFinisher() {}

    /**
     * Finishes {@code result} (final, not partial).
     *
     * @return the verdict written to the report
     * @throws AssertionFailedError when the verdict is FAIL and {@code failOnRegression}
     * @throws BaselineException    when the baseline could not be read or written
     * @throws IOException          when the result or a report could not be written
     */
    static Verdict finish(RunResult result, Settings settings, Thresholds thresholds, boolean failOnRegression)
            throws IOException {
        return finish(result, settings, thresholds, failOnRegression, List.of(), List.of(), (outcome, report) -> {});
    }

    /**
     * As {@link #finish(RunResult, Settings, Thresholds, boolean)}, with the test's objectives
     * (judged beside the baseline, with or without one), notes the verdict carries first (why a
     * test ran without the A/B comparison its class asked for), telling {@code reported} the outcome
     * and its report file (null when it could not be written) once the reports are written.
     */
    static Verdict finish(
            RunResult result,
            Settings settings,
            Thresholds thresholds,
            boolean failOnRegression,
            List<ObjectiveRule> objectives,
            List<String> notes,
            BiConsumer<TestOutcome, Path> reported)
            throws IOException {
        Failures failures = new Failures();
        BaselineStore store = new BaselineStore(settings.baselinesDir());
        Verdict verdict = null;
        BaselineReference reference = null;
        BaselineProblem problem = null;
        try {
            if (settings.updateBaseline()) {
                boolean append = settings.baselineRuns() > 1;
                Path file = append ? store.append(result, settings.baselineRuns()) : store.write(Baseline.from(result));
                verdict = new Verdict(
                        result.testName(),
                        VerdictStatus.NO_BASELINE,
                        false,
                        List.of(),
                        List.of((append
                                        ? "Added as a run to the baseline (" + Settings.BASELINE_RUNS + "="
                                                + settings.baselineRuns() + ": it keeps the newest runs) in "
                                        : "Recorded as the new baseline (" + Settings.UPDATE_BASELINE + "=true) in ")
                                + file + ": not judged"));
            } else if (result.sharding() != null && !result.sharding().merged()) {
                // A shard carried part of the load: against the whole plan's baseline every figure
                // would look like a regression (throughput -67 % for one of three shards).
                Sharding shard = result.sharding();
                verdict = new Verdict(
                        result.testName(),
                        VerdictStatus.NO_BASELINE,
                        false,
                        List.of(),
                        List.of("Shard " + shard.index() + "/" + shard.count() + " of a plan run by " + shard.count()
                                + " generators: not judged on its own (it carried part of the load); merge the"
                                + " shards' results (speechload merge) and judge the merged run (speechload"
                                + " compare), as tools/run-distributed.sh does"));
            } else {
                Optional<Baseline> baseline = store.find(result.testName());
                reference = baseline.map(RunFinisher::reference).orElse(null);
                verdict = ObjectiveVerdicts.judge(Verdicts.judge(result, baseline, thresholds), result, objectives);
            }
        } catch (BaselineException e) {
            // The page names the broken file; the test fails with the same words after the reports are written.
            problem = new BaselineProblem(String.valueOf(e.file()), e.problem());
            failures.add(e);
        } catch (RuntimeException e) {
            // A bug in judging must not cost the measured result: it is written without a verdict.
            failures.add(e);
        }
        if (verdict != null && !notes.isEmpty()) {
            List<String> all = new ArrayList<>(notes);
            all.addAll(verdict.notes());
            verdict =
                    new Verdict(verdict.testName(), verdict.overall(), verdict.baselineFound(), verdict.metrics(), all);
        }
        TestOutcome outcome = problem != null && verdict == null
                ? TestOutcome.unreadableBaseline(result, problem)
                : new TestOutcome(result, verdict, reference);
        report(outcome, settings, failOnRegression, failures, reported);
        return verdict;
    }

    /**
     * Finishes an A/B comparison: the pairs are judged ({@link InterleavedComparison.Outcome#judge}),
     * B's result is written with the A/B verdict and report (or without a verdict when judging
     * throws), and
     * the verdict decides the test as a baseline verdict would. No baseline is read or written.
     */
    static Verdict finish(
            InterleavedComparison.Outcome comparison,
            Settings settings,
            Thresholds thresholds,
            boolean failOnRegression,
            List<ObjectiveRule> objectives,
            BiConsumer<TestOutcome, Path> reported)
            throws IOException {
        RunResult result = comparison.candidate();
        Failures failures = new Failures();
        TestOutcome outcome;
        try {
            PairedVerdicts.Judged judged = comparison.judge(thresholds);
            // Objectives hold for the build under test: B, the candidate.
            Verdict verdict = ObjectiveVerdicts.judge(judged.verdict(), result, objectives);
            outcome = TestOutcome.comparison(result, verdict, comparison.comparison(judged));
        } catch (RuntimeException e) {
            failures.add(e);
            outcome = new TestOutcome(result, null, null);
        }
        return report(outcome, settings, failOnRegression, failures, reported);
    }

    /** Writes the result and its page, logs the verdict, then throws what the test must show. */
    private static Verdict report(
            TestOutcome outcome,
            Settings settings,
            boolean failOnRegression,
            Failures failures,
            BiConsumer<TestOutcome, Path> reported)
            throws IOException {
        RunResult result = outcome.result();
        Verdict verdict = outcome.verdict();
        Path resultsDir = settings.resultsDir();
        Path page = null;
        try {
            page = Reporters.writeTest(outcome, resultsDir);
        } catch (IOException | RuntimeException e) {
            failures.add(new IOException(
                    "could not write the result and report of " + result.testName() + " to "
                            + ResultFiles.file(resultsDir, result.testName()) + ": " + e,
                    e));
        }
        reported.accept(outcome, page);
        HistoryStep.record(result, verdict, settings).ifPresent(failures::add);
        if (verdict != null
                && (verdict.overall() == VerdictStatus.FAIL
                        || verdict.overall() == VerdictStatus.WARN
                        || verdict.overall() == VerdictStatus.INCONCLUSIVE)) {
            LOG.warn("{}", VerdictMessages.oneLine(verdict));
        } else if (verdict != null) {
            LOG.info("{}", VerdictMessages.oneLine(verdict));
        }
        failures.throwIfAny();
        if (verdict != null
                && verdict.overall() == VerdictStatus.FAIL
                && (failOnRegression || VerdictMessages.missedObjective(verdict))) {
            throw new AssertionFailedError(VerdictMessages.failureMessage(verdict));
        }
        if (verdict != null && verdict.overall() == VerdictStatus.INCONCLUSIVE) {
            String message = InconclusiveMessage.of(verdict, result);
            switch (settings.inconclusive()) {
                case ABORT -> throw new TestAbortedException(message);
                case FAIL -> throw new AssertionFailedError(message);
                case PASS -> LOG.warn("{} ({}=pass: the test passes)", message, Settings.INCONCLUSIVE);
            }
        }
        return verdict;
    }

    /** What a report needs of the baseline it was judged against. */
    static BaselineReference reference(Baseline b) {
        long recordedAt = 0;
        if (b.recordedAt() != null) {
            try {
                recordedAt = Instant.parse(b.recordedAt()).toEpochMilli();
            } catch (DateTimeParseException e) {
                // recordedAt is for people and never compared: an odd value just shows as unknown.
            }
        }
        Baseline.Memory memory = b.memory();
        return new BaselineReference(
                recordedAt,
                b.gitCommit(),
                memory == null ? null : memory.peakBytes(),
                memory == null ? null : memory.beforeBytes(),
                b.histograms());
    }

    /** The first failure is thrown, later ones ride along as suppressed. Holds IOExceptions and RuntimeExceptions only. */
    private static final class Failures {
        private Exception first;

        void add(IOException e) {
            keep(e);
        }

        void add(RuntimeException e) {
            keep(e);
        }

        private void keep(Exception e) {
            if (first == null) {
                first = e;
            } else {
                first.addSuppressed(e);
            }
        }

        void throwIfAny() throws IOException {
            if (first instanceof IOException io) {
                throw io;
            }
            if (first != null) {
                throw (RuntimeException) first;
            }
        }
    }
}
