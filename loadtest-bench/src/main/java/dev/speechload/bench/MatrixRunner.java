package dev.speechload.bench;

import dev.speechload.core.config.Settings;
import dev.speechload.core.engine.Environments;
import dev.speechload.core.engine.LoadPlan;
import dev.speechload.core.engine.LoadRunner;
import dev.speechload.core.engine.Scenario;
import dev.speechload.core.result.EnvironmentInfo;
import dev.speechload.core.result.RunResult;
import dev.speechload.core.run.PlanRun;
import dev.speechload.core.target.Target;
import java.time.Duration;

/**
 * Runs one cell of a {@link BenchmarkMatrix}: {@code scenario} under {@code plan} against a target
 * that is already started, returning the run's result. {@link #engine()} is the real one; tests
 * may pass their own.
 */
@FunctionalInterface
public interface MatrixRunner {

    /**
     * @param testName stable id of the cell, {@code <matrix>-pool<P>-ch<C>}
     * @throws Exception what the run threw; the matrix records it in the cell and goes on
     */
    RunResult run(String testName, Scenario scenario, LoadPlan plan, Target target) throws Exception;

    /**
     * The engine, the way a {@code @LoadTest} runs ({@link PlanRun}): every trial of the plan
     * against the target (its endpoints, resource probe and liveness: a cell whose server dies ends
     * there), the default grace period. Unlike a {@code @LoadTest} it writes no partial results; the
     * matrix writes each cell's report when it ends. The scale label and the repository root come
     * from the {@code loadtest.*} settings; the environment is captured once, here.
     *
     * @throws IllegalArgumentException when a {@code loadtest.*} setting is invalid
     */
    static MatrixRunner engine() {
        return engine(LoadRunner.DEFAULT_GRACE);
    }

    /**
     * {@link #engine()} with {@code grace} for sessions still running at a cell's deadline (they
     * end, or are cut and counted in {@code iterations.cut}); {@code >= 0}.
     */
    static MatrixRunner engine(Duration grace) {
        if (grace.isNegative()) {
            throw new IllegalArgumentException("grace period must be >= 0, was " + grace);
        }
        Settings settings = Settings.fromSystem();
        EnvironmentInfo environment = Environments.capture(settings.root());
        return (testName, scenario, plan, target) -> PlanRun.of(
                        testName, plan, settings.scale().id())
                .withEnvironment(environment)
                .withTarget(target)
                .withRunner(runner -> runner.withGracePeriod(grace))
                .run(scenario);
    }
}
