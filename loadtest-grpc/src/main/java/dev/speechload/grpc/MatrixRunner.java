package dev.speechload.grpc;

import dev.speechload.core.engine.LoadPlan;
import dev.speechload.core.engine.Scenario;
import dev.speechload.core.result.RunResult;
import dev.speechload.core.target.Target;

/**
 * Runs one cell of a {@link BenchmarkMatrix}: {@code scenario} under {@code plan} against a target
 * that is already started, returning the run's result. The engine's {@code LoadRunner} plus its
 * statistics is the intended implementation; tests may pass their own.
 */
@FunctionalInterface
public interface MatrixRunner {
    /**
     * @param testName stable id of the cell, {@code <matrix>-pool<P>-ch<C>}
     * @throws Exception what the run threw; the matrix records it in the cell and goes on
     */
    RunResult run(String testName, Scenario scenario, LoadPlan plan, Target target) throws Exception;
}
