package dev.speechload.grpc;

import dev.speechload.core.engine.LoadPlan;
import dev.speechload.core.engine.Scenario;
import dev.speechload.core.io.AtomicFiles;
import dev.speechload.core.io.Json;
import dev.speechload.core.result.LatencySummary;
import dev.speechload.core.result.RunResult;
import dev.speechload.core.target.Target;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.IntFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one scenario across decode-pool sizes (rows) and channel counts (columns): for each pool
 * size it starts a fresh server from {@code targets} (pool size to an unstarted {@link Target}),
 * runs every channel count against it, stops it, and finally writes one
 * {@code <resultsDir>/<name>-matrix.json}.
 *
 * <pre>{@code
 * MatrixResult m = BenchmarkMatrix.named("whisper-small")
 *         .withPoolSizes(1, 2, 4)
 *         .withChannelCounts(10, 50, 100)
 *         .withTargets(pool -> Targets.process(serverCommand("--decode-pool", pool)))
 *         .withScenario(SttScenario.create(AudioSources.wav(Path.of("hello.wav"))))
 *         .withPlan(LoadPlan.closed(1).withDuration(Duration.ofMinutes(1)))
 *         .run(runner);
 * }</pre>
 *
 * <p>A server that does not start, or a run that throws, fills its cells with the reason and the
 * matrix goes on; targets are always closed. Immutable: every {@code with...} returns a new
 * matrix. {@link #run} is not meant to be called concurrently (the runs share one machine).
 */
public final class BenchmarkMatrix {

    private static final Logger LOG = LoggerFactory.getLogger(BenchmarkMatrix.class);

    private final String name;
    private final int[] poolSizes;
    private final int[] channelCounts;
    private final IntFunction<? extends Target> targets;
    private final Scenario scenario;
    private final LoadPlan plan;
    private final String latencyMetric;
    private final Path resultsDir;

    private BenchmarkMatrix(String name, int[] poolSizes, int[] channelCounts, IntFunction<? extends Target> targets,
            Scenario scenario, LoadPlan plan, String latencyMetric, Path resultsDir) {
        this.name = name;
        this.poolSizes = poolSizes;
        this.channelCounts = channelCounts;
        this.targets = targets;
        this.scenario = scenario;
        this.plan = plan;
        this.latencyMetric = latencyMetric;
        this.resultsDir = resultsDir;
    }

    /**
     * A matrix called {@code name} (letters, digits, '-', '_', '.'): 1 x 1 until sizes are given,
     * a 60 s closed plan, {@value SttScenario#FINAL_LATENCY} as its latency, results under
     * {@code $loadtest.root/results} (or {@code ./results}).
     */
    public static BenchmarkMatrix named(String name) {
        Objects.requireNonNull(name, "name");
        if (!name.matches("[A-Za-z0-9_.\\-]+")) {
            throw new IllegalArgumentException("matrix name '" + name + "' must be letters, digits, '-', '_' or '.'"
                    + " (it becomes a file name)");
        }
        String root = System.getProperty("loadtest.root", System.getenv().getOrDefault("LOADTEST_ROOT", "."));
        return new BenchmarkMatrix(name, new int[]{1}, new int[]{1}, null, null,
                LoadPlan.closed(1).withDuration(java.time.Duration.ofSeconds(60)), SttScenario.FINAL_LATENCY,
                Path.of(root, "results"));
    }

    /** Row labels: the decode-pool sizes to start a server with, each >= 1, no repeats. */
    public BenchmarkMatrix withPoolSizes(int... sizes) {
        return new BenchmarkMatrix(name, checked(sizes, "pool sizes"), channelCounts, targets, scenario, plan,
                latencyMetric, resultsDir);
    }

    /** Column labels: the channel counts to run at, each >= 1, no repeats. */
    public BenchmarkMatrix withChannelCounts(int... counts) {
        return new BenchmarkMatrix(name, poolSizes, checked(counts, "channel counts"), targets, scenario, plan,
                latencyMetric, resultsDir);
    }

    /** Makes an unstarted server for a pool size; the matrix starts and closes it. */
    public BenchmarkMatrix withTargets(IntFunction<? extends Target> poolSizeToTarget) {
        return new BenchmarkMatrix(name, poolSizes, channelCounts, Objects.requireNonNull(poolSizeToTarget, "targets"),
                scenario, plan, latencyMetric, resultsDir);
    }

    /** The scenario every cell runs (set up and torn down by the runner for each cell). */
    public BenchmarkMatrix withScenario(Scenario newScenario) {
        return new BenchmarkMatrix(name, poolSizes, channelCounts, targets, Objects.requireNonNull(newScenario,
                "scenario"), plan, latencyMetric, resultsDir);
    }

    /** The plan of every cell; its channel count is replaced by the column's. */
    public BenchmarkMatrix withPlan(LoadPlan newPlan) {
        return new BenchmarkMatrix(name, poolSizes, channelCounts, targets, scenario,
                Objects.requireNonNull(newPlan, "plan"), latencyMetric, resultsDir);
    }

    /** The latency metric whose p50/p99 fill the cells. */
    public BenchmarkMatrix withLatencyMetric(String metric) {
        return new BenchmarkMatrix(name, poolSizes, channelCounts, targets, scenario, plan,
                Objects.requireNonNull(metric, "metric"), resultsDir);
    }

    public BenchmarkMatrix withResultsDir(Path dir) {
        return new BenchmarkMatrix(name, poolSizes, channelCounts, targets, scenario, plan, latencyMetric,
                Objects.requireNonNull(dir, "dir"));
    }

    /** Where {@link #run} writes the matrix. */
    public Path resultFile() {
        return resultsDir.resolve(name + "-matrix.json");
    }

    /**
     * Runs every cell, row by row, then writes {@link #resultFile()}.
     *
     * @throws IllegalStateException when targets or the scenario are missing
     * @throws IOException when the result cannot be written
     */
    public MatrixResult run(MatrixRunner runner) throws IOException {
        Objects.requireNonNull(runner, "runner");
        if (targets == null || scenario == null) {
            throw new IllegalStateException("matrix " + name + ": " + (targets == null ? "withTargets(..)" : "")
                    + (targets == null && scenario == null ? " and " : "") + (scenario == null ? "withScenario(..)" : "")
                    + " must be given before run(..)");
        }
        long started = System.currentTimeMillis();
        List<List<MatrixResult.Cell>> rows = new ArrayList<>();
        for (int pool : poolSizes) {
            rows.add(runRow(runner, pool));
        }
        MatrixResult result = new MatrixResult(MatrixResult.SCHEMA_VERSION, name, latencyMetric, started,
                System.currentTimeMillis(), box(poolSizes), box(channelCounts), rows);
        AtomicFiles.write(resultFile(), Json.mapper().writeValueAsBytes(result));
        LOG.info("matrix {}: {} x {} cells written to {}", name, poolSizes.length, channelCounts.length, resultFile());
        return result;
    }

    private List<MatrixResult.Cell> runRow(MatrixRunner runner, int pool) {
        List<MatrixResult.Cell> row = new ArrayList<>();
        Target target = null;
        try {
            target = Objects.requireNonNull(targets.apply(pool), "the target for pool size " + pool);
            target.start();
        } catch (RuntimeException e) {
            String why = "server for pool size " + pool + " did not start: " + e.getMessage();
            LOG.warn("matrix {}: {}", name, why);
            for (int channels : channelCounts) {
                row.add(MatrixResult.Cell.failed(pool, channels, why));
            }
            if (target != null) {
                target.close();
            }
            return row;
        }
        try {
            for (int channels : channelCounts) {
                row.add(runCell(runner, target, pool, channels));
            }
        } finally {
            target.close();
        }
        return row;
    }

    private MatrixResult.Cell runCell(MatrixRunner runner, Target target, int pool, int channels) {
        String testName = name + "-pool" + pool + "-ch" + channels;
        try {
            RunResult r = runner.run(testName, scenario, plan.withChannels(channels), target);
            LatencySummary latency = r.latency(latencyMetric);
            boolean has = latency != null && latency.count() > 0;
            return new MatrixResult.Cell(pool, channels, r.throughput() == null ? 0 : r.throughput().completedIterations(),
                    r.throughput() == null ? 0 : r.throughput().throughputPerSecond(),
                    has ? latency.p50Nanos() : -1, has ? latency.p99Nanos() : -1,
                    r.errors() == null ? 0 : r.errors().errorRatio(), null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return MatrixResult.Cell.failed(pool, channels, "interrupted");
        } catch (Exception e) {
            String why = testName + " failed: " + e;
            LOG.warn("matrix {}: {}", name, why);
            return MatrixResult.Cell.failed(pool, channels, why);
        }
    }

    private static int[] checked(int[] values, String what) {
        if (values.length == 0 || Arrays.stream(values).anyMatch(v -> v < 1)
                || Arrays.stream(values).distinct().count() != values.length) {
            throw new IllegalArgumentException(what + " must be one or more distinct values >= 1, were "
                    + Arrays.toString(values));
        }
        return values.clone();
    }

    private static List<Integer> box(int[] values) {
        return Arrays.stream(values).boxed().toList();
    }
}
