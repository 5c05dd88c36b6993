package dev.speechload.bench;

import dev.speechload.core.config.Settings;
import dev.speechload.core.engine.LoadPlan;
import dev.speechload.core.engine.Scenario;
import dev.speechload.core.io.internal.AtomicFiles;
import dev.speechload.core.io.internal.Json;
import dev.speechload.core.report.Reporters;
import dev.speechload.core.report.TestOutcome;
import dev.speechload.core.result.LatencySummary;
import dev.speechload.core.result.RunResult;
import dev.speechload.core.result.TargetInfo;
import dev.speechload.core.stats.RunResults;
import dev.speechload.core.target.Target;
import dev.speechload.grpc.SttScenario;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.IntFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one scenario across decode-pool sizes (rows) and channel counts (columns): for each pool
 * size it starts a fresh server from {@code targets} (pool size to an unstarted {@link Target}),
 * runs every channel count against it, stops it. It writes, in the results directory:
 * <ul>
 *   <li>each cell's report, {@code <name>-pool<P>-ch<C>.json} and {@code .html} (a full run result);</li>
 *   <li>the matrix page, {@code <name>-matrix.html} and {@code .json}: the matrix as tables
 *       (throughput, latency p50 and p99, error ratio) over a run result whose throughput and
 *       errors are the totals of all cells;</li>
 *   <li>{@link #resultFile()}, {@code matrices/<name>.json}: the {@link MatrixResult} with every
 *       cell's figures and why a cell has none (in a folder of its own, so the results index,
 *       which reads every {@code *.json} beside it, does not mistake it for a run).</li>
 * </ul>
 *
 * <pre>{@code
 * MatrixResult m = BenchmarkMatrix.named("whisper-small")
 *         .withPoolSizes(1, 2, 4)
 *         .withChannelCounts(10, 50, 100)
 *         .withTargets(pool -> Targets.process(serverCommand("--decode-pool", pool)))
 *         .withScenario(SttScenario.create(AudioSources.wav(Path.of("hello.wav"))))
 *         .withPlan(LoadPlan.closed(1).withDuration(Duration.ofMinutes(1)))
 *         .run();   // the engine; run(MatrixRunner) for another
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

    private BenchmarkMatrix(
            String name,
            int[] poolSizes,
            int[] channelCounts,
            IntFunction<? extends Target> targets,
            Scenario scenario,
            LoadPlan plan,
            String latencyMetric,
            Path resultsDir) {
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
     * a 60 s closed plan, {@value SttScenario#FINAL_LATENCY} as its latency, results in the
     * {@code loadtest.resultsDir} setting's folder (default {@code results/} at the repository root).
     */
    public static BenchmarkMatrix named(String name) {
        Objects.requireNonNull(name, "name");
        if (!name.matches("[A-Za-z0-9_.\\-]+")) {
            throw new IllegalArgumentException("matrix name '" + name + "' must be letters, digits, '-', '_' or '.'"
                    + " (it becomes a file name)");
        }
        return new BenchmarkMatrix(
                name,
                new int[] {1},
                new int[] {1},
                null,
                null,
                LoadPlan.closed(1).withDuration(java.time.Duration.ofSeconds(60)),
                SttScenario.FINAL_LATENCY,
                null);
    }

    /** Row labels: the decode-pool sizes to start a server with, each >= 1, no repeats. */
    public BenchmarkMatrix withPoolSizes(int... sizes) {
        return new BenchmarkMatrix(
                name, checked(sizes, "pool sizes"), channelCounts, targets, scenario, plan, latencyMetric, resultsDir);
    }

    /** Column labels: the channel counts to run at, each >= 1, no repeats. */
    public BenchmarkMatrix withChannelCounts(int... counts) {
        return new BenchmarkMatrix(
                name, poolSizes, checked(counts, "channel counts"), targets, scenario, plan, latencyMetric, resultsDir);
    }

    /** Makes an unstarted server for a pool size; the matrix starts and closes it. */
    public BenchmarkMatrix withTargets(IntFunction<? extends Target> poolSizeToTarget) {
        return new BenchmarkMatrix(
                name,
                poolSizes,
                channelCounts,
                Objects.requireNonNull(poolSizeToTarget, "targets"),
                scenario,
                plan,
                latencyMetric,
                resultsDir);
    }

    /** The scenario every cell runs (set up and torn down by the runner for each cell). */
    public BenchmarkMatrix withScenario(Scenario newScenario) {
        return new BenchmarkMatrix(
                name,
                poolSizes,
                channelCounts,
                targets,
                Objects.requireNonNull(newScenario, "scenario"),
                plan,
                latencyMetric,
                resultsDir);
    }

    /** The plan of every cell; its channel count is replaced by the column's. */
    public BenchmarkMatrix withPlan(LoadPlan newPlan) {
        return new BenchmarkMatrix(
                name,
                poolSizes,
                channelCounts,
                targets,
                scenario,
                Objects.requireNonNull(newPlan, "plan"),
                latencyMetric,
                resultsDir);
    }

    /** The latency metric whose p50/p99 fill the cells. */
    public BenchmarkMatrix withLatencyMetric(String metric) {
        return new BenchmarkMatrix(
                name,
                poolSizes,
                channelCounts,
                targets,
                scenario,
                plan,
                Objects.requireNonNull(metric, "metric"),
                resultsDir);
    }

    /** Where the reports go, instead of the {@code loadtest.resultsDir} setting's folder. */
    public BenchmarkMatrix withResultsDir(Path dir) {
        return new BenchmarkMatrix(
                name,
                poolSizes,
                channelCounts,
                targets,
                scenario,
                plan,
                latencyMetric,
                Objects.requireNonNull(dir, "dir"));
    }

    /**
     * Where {@link #run} writes the {@link MatrixResult}: {@code <resultsDir>/matrices/<name>.json}.
     *
     * @throws IllegalArgumentException when no results folder was given and a {@code loadtest.*}
     *                                  setting is invalid
     */
    public Path resultFile() {
        return resultsDir().resolve("matrices").resolve(name + ".json");
    }

    /** Where {@link #run} writes the matrix page: {@code <resultsDir>/<name>-matrix.html}. */
    public Path reportFile() {
        return resultsDir().resolve(Reporters.fileStem(name + "-matrix") + ".html");
    }

    private Path resultsDir() {
        return resultsDir != null ? resultsDir : Settings.fromSystem().resultsDir();
    }

    /**
     * Runs every cell on the engine ({@link MatrixRunner#engine()}); see {@link #run(MatrixRunner)}.
     */
    public MatrixResult run() throws IOException {
        return run(MatrixRunner.engine());
    }

    /**
     * Runs every cell, row by row, writing each cell's report as it ends, then the matrix page and
     * {@link #resultFile()}.
     *
     * @throws IllegalStateException when targets or the scenario are missing
     * @throws IOException when the matrix page or result cannot be written (a cell's report that
     *                     cannot be written is logged and skipped)
     */
    public MatrixResult run(MatrixRunner runner) throws IOException {
        Objects.requireNonNull(runner, "runner");
        if (targets == null || scenario == null) {
            throw new IllegalStateException("matrix " + name + ": " + (targets == null ? "withTargets(..)" : "")
                    + (targets == null && scenario == null ? " and " : "")
                    + (scenario == null ? "withScenario(..)" : "")
                    + " must be given before run(..)");
        }
        Path dir = resultsDir();
        long started = System.currentTimeMillis();
        List<List<MatrixResult.Cell>> rows = new ArrayList<>();
        List<RunResult> runs = new ArrayList<>();
        for (int pool : poolSizes) {
            rows.add(runRow(runner, pool, dir, runs));
        }
        MatrixResult result = new MatrixResult(
                MatrixResult.SCHEMA_VERSION,
                name,
                latencyMetric,
                started,
                System.currentTimeMillis(),
                box(poolSizes),
                box(channelCounts),
                rows);
        Reporters.writeTest(new TestOutcome(totals(result, runs), null, null, result.toReport()), dir);
        AtomicFiles.write(resultFile(), Json.mapper().writeValueAsBytes(result));
        LOG.info(
                "matrix {}: {} x {} cells written to {} and {}",
                name,
                poolSizes.length,
                channelCounts.length,
                reportFile(),
                resultFile());
        return result;
    }

    /**
     * The run result of the matrix page: its span, the plan at the largest channel count, and the
     * throughput and errors of all cells together. Latencies stay per cell (the tables).
     */
    private RunResult totals(MatrixResult m, List<RunResult> runs) {
        long completed = 0;
        long failed = 0;
        long measuredMillis = 0;
        int peak = 0;
        Map<String, Long> byCode = new TreeMap<>();
        for (RunResult r : runs) {
            if (r.throughput() != null) {
                completed += r.throughput().completedIterations();
                measuredMillis += r.throughput().measuredMillis();
                peak = Math.max(peak, r.throughput().peakActiveChannels());
            }
            if (r.errors() != null) {
                failed += r.errors().failedIterations();
                r.errors().byCode().forEach((code, n) -> byCode.merge(code, n, Long::sum));
            }
        }
        RunResult first = runs.isEmpty() ? null : runs.get(0);
        String scale =
                first == null || first.plan() == null ? null : first.plan().scale();
        TargetInfo target = first == null || first.target() == null
                ? null
                : new TargetInfo(
                        first.target().kind(),
                        "a fresh server per pool size " + m.poolSizes() + "; the first: "
                                + first.target().description(),
                        -1,
                        Map.of());
        int maxChannels = Arrays.stream(channelCounts).max().orElse(1);
        return new RunResult(
                RunResult.SCHEMA_VERSION,
                name + "-matrix",
                false,
                m.startedAtEpochMillis(),
                m.finishedAtEpochMillis(),
                RunResults.plan(plan.withChannels(maxChannels), scale),
                first == null ? null : first.environment(),
                target,
                Map.of(),
                RunResults.throughput(completed, Math.min(failed, completed), measuredMillis * 1_000_000, peak),
                Map.of(),
                RunResults.errors(Math.min(failed, completed), completed, byCode),
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null);
    }

    private List<MatrixResult.Cell> runRow(MatrixRunner runner, int pool, Path dir, List<RunResult> runs) {
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
                row.add(runCell(runner, target, pool, channels, dir, runs));
            }
        } finally {
            target.close();
        }
        return row;
    }

    private MatrixResult.Cell runCell(
            MatrixRunner runner, Target target, int pool, int channels, Path dir, List<RunResult> runs) {
        String testName = name + "-pool" + pool + "-ch" + channels;
        try {
            RunResult r = Objects.requireNonNull(
                    runner.run(testName, scenario, plan.withChannels(channels), target), "the runner's result");
            runs.add(r);
            writeCellReport(r, dir);
            LatencySummary latency = r.latency(latencyMetric);
            boolean has = latency != null && latency.count() > 0;
            return new MatrixResult.Cell(
                    pool,
                    channels,
                    r.throughput() == null ? 0 : r.throughput().completedIterations(),
                    r.throughput() == null ? 0 : r.throughput().throughputPerSecond(),
                    has ? latency.p50Nanos() : -1,
                    has ? latency.p99Nanos() : -1,
                    r.errors() == null ? 0 : r.errors().errorRatio(),
                    null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return MatrixResult.Cell.failed(pool, channels, "interrupted");
        } catch (Exception e) {
            String why = testName + " failed: " + e;
            LOG.warn("matrix {}: {}", name, why);
            return MatrixResult.Cell.failed(pool, channels, why);
        }
    }

    private void writeCellReport(RunResult r, Path dir) {
        try {
            Reporters.writeTest(new TestOutcome(r, null, null), dir);
        } catch (IOException | RuntimeException e) {
            LOG.warn(
                    "matrix {}: the report of {} could not be written to {}: {}",
                    name,
                    r.testName(),
                    dir,
                    e.toString());
        }
    }

    private static int[] checked(int[] values, String what) {
        if (values.length == 0
                || Arrays.stream(values).anyMatch(v -> v < 1)
                || Arrays.stream(values).distinct().count() != values.length) {
            throw new IllegalArgumentException(
                    what + " must be one or more distinct values >= 1, were " + Arrays.toString(values));
        }
        return values.clone();
    }

    private static List<Integer> box(int[] values) {
        return Arrays.stream(values).boxed().toList();
    }
}
