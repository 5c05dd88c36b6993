package dev.speechload.core.junit;

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
 * What a {@link LoadTest} method receives as a parameter to drive load: the plan, the target's
 * endpoints, its metrics and {@link #run(Scenario)}. Judging is not its part: a test that judges runs
 * inside itself asks for a {@link LoadJudge} beside it.
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
}
