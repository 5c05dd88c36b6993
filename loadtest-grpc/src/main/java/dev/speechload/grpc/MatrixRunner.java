package dev.speechload.grpc;

import dev.speechload.core.config.Settings;
import dev.speechload.core.engine.LoadPlan;
import dev.speechload.core.engine.LoadRunner;
import dev.speechload.core.engine.Scenario;
import dev.speechload.core.result.RunResult;
import dev.speechload.core.target.Target;
import dev.speechload.grpc.internal.EngineMatrixRunner;
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
     * The engine: {@link LoadRunner} with the target's endpoints and resource probe, every trial of
     * the plan, the default grace period, statistics as a {@code @LoadTest} computes them. The
     * scale label and the repository root come from the {@code loadtest.*} settings.
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
        return new EngineMatrixRunner(settings.scale().id(), settings.root(), grace);
    }
}
