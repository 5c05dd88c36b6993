package dev.speechload.core.junit;

import dev.speechload.core.config.Settings;
import dev.speechload.core.engine.LoadPlan;
import dev.speechload.core.engine.Scenario;
import dev.speechload.core.record.CounterMetric;
import dev.speechload.core.record.LatencyMetric;
import dev.speechload.core.result.RunResult;
import dev.speechload.core.target.Endpoints;

/**
 * What a {@link LoadTest} method receives as a parameter: the plan, the target's endpoints, and
 * {@link #run(Scenario)}. After the method, the extension writes {@code results/<testName>.json}
 * and hands the result on (baselines, verdicts, reports). Not thread-safe: use it from the test
 * thread.
 */
public interface LoadContext {

    /** Where the class's target listens (empty when the class declares none). */
    Endpoints endpoints();

    /** The checked plan at the current scale. */
    LoadPlan plan();

    /** {@code ClassSimpleName.method}: the result and baseline file name. */
    String testName();

    /** The run's settings. */
    Settings settings();

    /**
     * Declares a latency metric (nanoseconds) the scenario records through
     * {@code Iteration.record}; registered afresh in every trial. Call before {@link #run}.
     *
     * @throws IllegalStateException after {@link #run}
     */
    LatencyMetric latency(String name, String description);

    /**
     * Declares a counter the scenario adds to through {@code Iteration.add}; call before {@link #run}.
     *
     * @throws IllegalStateException after {@link #run}
     */
    CounterMetric counter(String name, String unit);

    /**
     * Runs the plan (every trial) against the target and returns the result. While it runs, a
     * partial result is written every few seconds (and a progress line drawn when enabled).
     * Call it once per test.
     *
     * @throws IllegalStateException on a second call
     * @throws Exception             what the scenario's set-up threw
     */
    RunResult run(Scenario scenario) throws Exception;
}
