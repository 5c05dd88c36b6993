package dev.speechload.core.junit;

import dev.speechload.core.baseline.Baseline;
import dev.speechload.core.baseline.BaselineStore;
import dev.speechload.core.baseline.Thresholds;
import dev.speechload.core.baseline.Verdict;
import dev.speechload.core.config.Settings;
import dev.speechload.core.engine.LoadPlan;
import dev.speechload.core.engine.Scenario;
import dev.speechload.core.record.CounterMetric;
import dev.speechload.core.record.LatencyMetric;
import dev.speechload.core.result.RunResult;
import dev.speechload.core.target.Endpoints;
import dev.speechload.core.target.Target;
import java.util.Optional;

/**
 * What a {@link LoadTest} method receives as a parameter: the plan, the target's endpoints,
 * {@link #run(Scenario)}, and the test's baselines and rules for judging runs in the test itself.
 *
 * <p>After the method, the extension finishes the last run: it records it as the baseline
 * ({@code loadtest.updateBaseline}) or judges it against {@code baselines/<test>.json} and its
 * {@link Objective}s, writes {@code results/<test>.json} once with the verdict (replacing the
 * {@code results/<test>.partial.json} written during the run) and {@code results/<test>.html}, and
 * fails the test on a FAIL verdict when fail-on-regression is on, or on a missed objective.
 * {@code index.html} and {@code summary.md} are written once, when the JUnit run ends.
 *
 * <p>Not thread-safe: use it from the test thread.
 */
public interface LoadContext {

    /** Where the class's target listens (empty when the class declares none). */
    Endpoints endpoints();

    /**
     * The class's started target, for tests that act on the server itself (a shutdown test sends
     * SIGTERM through {@code ProcessTarget.signalTerm()}); empty when the class declares none.
     * Owned by the extension: do not close it.
     */
    Optional<Target> target();

    /** The checked plan at the current scale. */
    LoadPlan plan();

    /** {@code ClassSimpleName.method}: the result and baseline file name. */
    String testName();

    /** The run's settings. */
    Settings settings();

    /**
     * Declares a latency metric (nanoseconds) the scenario records through
     * {@code Iteration.record}; registered afresh in every trial. Call before the first {@link #run}.
     *
     * @throws IllegalStateException after {@link #run}
     */
    LatencyMetric latency(String name, String description);

    /**
     * Declares a counter the scenario adds to through {@code Iteration.add}; call before the first
     * {@link #run}.
     *
     * @throws IllegalStateException after {@link #run}
     */
    CounterMetric counter(String name, String unit);

    /**
     * Runs the plan (every trial) against the target and returns the result. While it runs, a
     * partial result is written every few seconds (and a progress line drawn when enabled). The
     * target is watched: when it dies (its process or container exits on its own, an external
     * server fails its health checks), the run ends there, no further trial runs, and the result's
     * {@code targetFailure} says how and when ("target exited with code 137 at 12.3 s"); the
     * verdict then FAILs with that sentence.
     * Usually called once; a test that compares runs (a regression test of the toolkit itself)
     * may call it again with another scenario: each call runs the whole plan afresh, and the last
     * call's result is the one the extension writes, judges and reports after the method.
     *
     * @throws Exception what the scenario's set-up threw
     */
    RunResult run(Scenario scenario) throws Exception;

    /**
     * The rules this test is judged by: {@link Thresholds#defaults()}, scaled to
     * {@code loadtest.regressionThreshold} when set, then this test's {@link Regression} overrides
     * (on the method, else its class: {@code p99WarnPercent}, {@code latencyFloor}, ...). Never null.
     */
    Thresholds thresholds();

    /**
     * The baselines directory of this run ({@code loadtest.baselinesDir}), e.g.
     * {@code baselines().find(testName())}. Writing to it changes the git-tracked baselines: a
     * test that needs a scratch baseline should use {@code Baseline.from(result)} directly, or a
     * {@code new BaselineStore(tempDir)}.
     */
    BaselineStore baselines();

    /**
     * Judges {@code current} against {@code baseline} with {@link #thresholds()} (the test's
     * {@link Objective}s are not part of it: the extension adds them after the method). Pure: reads and
     * writes nothing, so a test can record a baseline from one run and judge a second run against
     * it: {@code judge(second, Baseline.from(first))}.
     *
     * @param current  a run, not null
     * @param baseline what to compare with; null judges the hard limits only (overall NO_BASELINE
     *                 unless one of them failed)
     */
    Verdict judge(RunResult current, Baseline baseline);

    /**
     * Judges {@code current} against this test's stored baseline ({@code baselines().find(testName())}),
     * as the extension does after the method.
     *
     * @throws dev.speechload.core.baseline.BaselineException when the baseline file is broken
     */
    default Verdict judge(RunResult current) {
        return judge(current, baselines().find(testName()).orElse(null));
    }
}
