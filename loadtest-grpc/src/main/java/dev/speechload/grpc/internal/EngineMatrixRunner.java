package dev.speechload.grpc.internal;

import dev.speechload.core.engine.Environments;
import dev.speechload.core.engine.LoadPlan;
import dev.speechload.core.engine.LoadRunner;
import dev.speechload.core.engine.Scenario;
import dev.speechload.core.engine.TrialData;
import dev.speechload.core.result.EnvironmentInfo;
import dev.speechload.core.result.RunResult;
import dev.speechload.core.stats.RunResults;
import dev.speechload.core.target.Target;
import dev.speechload.grpc.MatrixRunner;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Runs a matrix cell the way a {@code @LoadTest} runs: the engine's {@link LoadRunner} (every
 * trial of the plan, the target's endpoints and resource probe) and {@link RunResults#assemble}.
 * Unlike a {@code @LoadTest} it writes no partial results while running; the matrix writes each
 * cell's report when it ends. Immutable and stateless apart from the environment, captured once
 * (a git process and a host-name lookup) on first use; one cell at a time. Not API.
 */
public final class EngineMatrixRunner implements MatrixRunner {

    private final String scale;
    private final Path root;
    private final Duration grace;
    private volatile EnvironmentInfo environment;

    /**
     * @param scale the scale label written into each result's plan ("smoke" or "full")
     * @param root  the working tree whose git commit the results name
     * @param grace how long sessions running at a cell's deadline may take to end
     */
    public EngineMatrixRunner(String scale, Path root, Duration grace) {
        this.scale = Objects.requireNonNull(scale, "scale");
        this.root = Objects.requireNonNull(root, "root");
        this.grace = Objects.requireNonNull(grace, "grace");
    }

    @Override
    public RunResult run(String testName, Scenario scenario, LoadPlan plan, Target target) throws Exception {
        LoadRunner runner = new LoadRunner(plan).withEndpoints(target.endpoints())
                .withResourceProbe(target.resourceProbe().orElse(null)).withGracePeriod(grace);
        List<TrialData> trials = runner.runAll(scenario);
        return RunResults.assemble(testName, RunResults.plan(plan, scale), environment(), target.info(), trials,
                false);
    }

    private EnvironmentInfo environment() {
        EnvironmentInfo e = environment;
        if (e == null) {
            e = Environments.capture(root);
            environment = e;
        }
        return e;
    }
}
