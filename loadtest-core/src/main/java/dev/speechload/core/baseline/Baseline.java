package dev.speechload.core.baseline;

import dev.speechload.core.result.EnvironmentInfo;
import dev.speechload.core.result.Health;
import dev.speechload.core.result.HealthStatus;
import dev.speechload.core.result.LatencySummary;
import dev.speechload.core.result.PlanSummary;
import dev.speechload.core.result.ResourceSummary;
import dev.speechload.core.result.RunResult;
import dev.speechload.core.result.TrialFigures;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The reference figures of one test: {@code baselines/<test>.json}, git-tracked so a change shows
 * in review. Made from a run by {@link #from(RunResult)} (one run) and grown by
 * {@link #withRun(RunResult, int)} (several runs); read and written by {@link BaselineStore}.
 * Immutable and thread-safe.
 *
 * @param schemaVersion {@link #SCHEMA_VERSION} when written by this version; newer files are refused
 * @param testName      stable test id, {@code ClassSimpleName.method}; never null
 * @param recordedAt    when the run finished, ISO-8601 UTC (for people; never compared)
 * @param gitCommit     commit the run came from, null outside git
 * @param environment   the machine and JVM of the run (a mismatch adds a note to verdicts); may be null
 * @param load          the plan the figures belong to (a mismatch adds a note); may be null
 * @param throughput    completed iterations per second; may be null
 * @param latencies     metric name to percentiles, sorted by name; never null
 * @param errors        failed iterations; may be null
 * @param memory        server RSS figures; null when the target offered no reading
 * @param openFds       server open file descriptors before / after load; null when not read
 * @param threads       server threads before / after load; null when not read
 * @param histograms    metric name to HdrHistogram's compressed base64 form, copied from the run
 * @param trials        each trial's figures when the run had more than one trial, else empty
 * @param runs          the runs the baseline holds, oldest first, the newest last (its figures are
 *                      the headline ones above); empty in files written before baselines held several
 *                      runs (then the headline figures are the one run, see {@link #allRuns()}).
 *                      Verdicts take the runs' median as the reference and their spread as the
 *                      baseline's own noise; see {@code docs/baselines.md}
 */
public record Baseline(
        int schemaVersion,
        String testName,
        String recordedAt,
        String gitCommit,
        EnvironmentInfo environment,
        Load load,
        Throughput throughput,
        Map<String, Latency> latencies,
        Errors errors,
        Memory memory,
        Count openFds,
        Count threads,
        Map<String, String> histograms,
        List<TrialFigures> trials,
        List<RunFigures> runs) {

    /** The newest format this version reads and the one it writes. */
    public static final int SCHEMA_VERSION = 1;

    public Baseline {
        Objects.requireNonNull(testName, "testName");
        if (testName.isBlank()) {
            throw new IllegalArgumentException("testName must not be blank");
        }
        latencies = latencies == null ? Map.of() : sorted(latencies);
        histograms = histograms == null ? Map.of() : sorted(histograms);
        trials = trials == null ? List.of() : List.copyOf(trials);
        runs = runs == null ? List.of() : List.copyOf(runs);
    }

    /** A baseline of one run, as files written before {@code runs} existed hold (runs empty). */
    public Baseline(
            int schemaVersion,
            String testName,
            String recordedAt,
            String gitCommit,
            EnvironmentInfo environment,
            Load load,
            Throughput throughput,
            Map<String, Latency> latencies,
            Errors errors,
            Memory memory,
            Count openFds,
            Count threads,
            Map<String, String> histograms,
            List<TrialFigures> trials) {
        this(
                schemaVersion,
                testName,
                recordedAt,
                gitCommit,
                environment,
                load,
                throughput,
                latencies,
                errors,
                memory,
                openFds,
                threads,
                histograms,
                trials,
                List.of());
    }

    /** Newest runs a baseline keeps by default when a run is appended ({@code baseline update --append}). */
    public static final int DEFAULT_RUNS = 5;

    /**
     * The figures of one run of a baseline: what the judge needs to know the baseline's own noise.
     *
     * @param recordedAt          when the run finished, ISO-8601 UTC
     * @param gitCommit           commit the run came from, null outside git
     * @param health              the run's measurement health; null when unknown (read as HEALTHY)
     * @param healthReason        the health's reason in words, null when HEALTHY or unknown
     * @param throughputPerSecond completed iterations per second; null when not measured
     * @param latencies           metric name to count and percentiles
     * @param trials              the run's trials when it had more than one, else empty
     * @param memoryGrowthBytes   the server's RSS growth (peak - before) in that run; null when not
     *                            measured, or in files written before runs kept it
     */
    public record RunFigures(
            String recordedAt,
            String gitCommit,
            HealthStatus health,
            String healthReason,
            Double throughputPerSecond,
            Map<String, Latency> latencies,
            List<TrialFigures> trials,
            Long memoryGrowthBytes) {

        public RunFigures {
            latencies = latencies == null ? Map.of() : sorted(latencies);
            trials = trials == null ? List.of() : List.copyOf(trials);
        }

        /** The figures of a run. */
        public static RunFigures of(RunResult result) {
            Objects.requireNonNull(result, "result");
            Health health = result.health();
            return new RunFigures(
                    Baseline.recordedAt(result),
                    result.environment() == null ? null : result.environment().gitCommit(),
                    health == null ? null : health.status(),
                    health == null || health.status() == HealthStatus.HEALTHY ? null : health.reason(),
                    result.throughput() == null ? null : result.throughput().throughputPerSecond(),
                    Baseline.latencies(result),
                    result.trials(),
                    memoryGrowth(result));
        }

        private static Long memoryGrowth(RunResult result) {
            ResourceSummary.MemoryFigures m =
                    result.server() == null ? null : result.server().memory();
            return m == null || m.beforeBytes() < 0 || m.peakBytes() < 0 ? null : m.growthBytes();
        }

        /** The health, null read as HEALTHY. */
        public HealthStatus healthOrHealthy() {
            return health == null ? HealthStatus.HEALTHY : health;
        }
    }

    /**
     * The runs this baseline holds, oldest first: {@link #runs()}, or for a file written before
     * baselines held several runs, one run made of the headline figures.
     */
    public List<RunFigures> allRuns() {
        if (!runs.isEmpty()) {
            return runs;
        }
        return List.of(new RunFigures(
                recordedAt,
                gitCommit,
                null,
                null,
                throughput == null ? null : throughput.aggregatePerSecond(),
                latencies,
                trials,
                memory == null || memory.beforeBytes() < 0 || memory.peakBytes() < 0 ? null : memory.growthBytes()));
    }

    /** The trials of every run, oldest run first: what the trial rule compares a run with. */
    public List<TrialFigures> pooledTrials() {
        List<TrialFigures> all = new ArrayList<>();
        for (RunFigures run : allRuns()) {
            all.addAll(run.trials());
        }
        return all;
    }

    /**
     * This baseline with {@code result} appended as its newest run, keeping the newest {@code keep}
     * runs; the headline figures become the new run's. Pure.
     *
     * @param keep runs to keep, &gt;= 1
     * @throws IllegalArgumentException when the result is of another test or was measured under
     *                                  another plan (workload model, channels, arrival rate, scale,
     *                                  trials, duration or iterations): its figures would not be
     *                                  runs of the same measurement
     */
    public Baseline withRun(RunResult result, int keep) {
        Objects.requireNonNull(result, "result");
        if (keep < 1) {
            throw new IllegalArgumentException("keep must be >= 1 run, was " + keep);
        }
        if (!result.testName().equals(testName)) {
            throw new IllegalArgumentException("the run is of test '" + result.testName() + "', the baseline of '"
                    + testName + "': a run can only be added to its own test's baseline");
        }
        Baseline next = from(result);
        if (load != null && !load.equals(next.load())) {
            throw new IllegalArgumentException("the run of '" + testName + "' was measured under another plan ("
                    + next.load() + ") than the baseline's runs (" + load + "): record a new baseline instead of"
                    + " adding a run (baseline update without --append)");
        }
        List<RunFigures> all = new ArrayList<>(allRuns());
        all.addAll(next.runs());
        List<RunFigures> kept = all.subList(Math.max(0, all.size() - keep), all.size());
        return new Baseline(
                next.schemaVersion(),
                next.testName(),
                next.recordedAt(),
                next.gitCommit(),
                next.environment(),
                next.load(),
                next.throughput(),
                next.latencies(),
                next.errors(),
                next.memory(),
                next.openFds(),
                next.threads(),
                next.histograms(),
                next.trials(),
                kept);
    }

    private static <V> Map<String, V> sorted(Map<String, V> map) {
        return java.util.Collections.unmodifiableMap(new LinkedHashMap<>(new TreeMap<>(map)));
    }

    /** The load the figures were measured under. */
    public record Load(
            String workloadModel,
            int channels,
            double arrivalsPerSecond,
            String scale,
            int trials,
            long durationMillis,
            long iterations) {}

    /**
     * @param aggregatePerSecond  completed iterations per second over all channels
     * @param perChannelPerSecond the aggregate divided by the peak active channels
     */
    public record Throughput(
            double aggregatePerSecond, double perChannelPerSecond, int peakActiveChannels, long completedIterations) {}

    /**
     * Percentiles of one latency metric, in nanoseconds.
     *
     * @param p90Nanos null in files written before it was recorded
     */
    public record Latency(long count, long p50Nanos, long p95Nanos, long p99Nanos, Long p90Nanos) {

        /** Without a p90, as files written before it was recorded. */
        public Latency(long count, long p50Nanos, long p95Nanos, long p99Nanos) {
            this(count, p50Nanos, p95Nanos, p99Nanos, null);
        }
    }

    /** @param errorRatio failed / completed, 0..1 */
    public record Errors(long failedIterations, double errorRatio) {}

    /** Server RSS: growth = peak - before; slope fitted over the load phase. */
    public record Memory(
            long beforeBytes, long peakBytes, long afterBytes, long growthBytes, double slopeBytesPerSecond) {}

    /** A server count (fds, threads) before and after load; delta = after - before. */
    public record Count(long before, long after, long delta) {}

    /**
     * The figures of a finished run as a baseline. Pure; the run's histograms and trials are copied
     * as they are.
     *
     * @param result a run, not null; a partial run is accepted here (callers decide whether to
     *               promote it; {@link BaselineStore#promote} refuses)
     */
    public static Baseline from(RunResult result) {
        Objects.requireNonNull(result, "result");
        EnvironmentInfo env = result.environment();
        PlanSummary plan = result.plan();
        Load load = new Load(
                plan.workloadModel(),
                plan.channels(),
                plan.arrivalsPerSecond(),
                plan.scale(),
                plan.trials(),
                plan.durationMillis(),
                plan.iterations());
        Throughput throughput = result.throughput() == null
                ? null
                : new Throughput(
                        result.throughput().throughputPerSecond(),
                                result.throughput().perChannelPerSecond(),
                        result.throughput().peakActiveChannels(),
                                result.throughput().completedIterations());
        Map<String, Latency> latencies = latencies(result);
        Errors errors = result.errors() == null
                ? null
                : new Errors(result.errors().failedIterations(), result.errors().errorRatio());
        ResourceSummary server = result.server();
        Memory memory = null;
        Count fds = null;
        Count threads = null;
        if (server != null) {
            ResourceSummary.MemoryFigures m = server.memory();
            if (m != null) {
                memory = new Memory(
                        m.beforeBytes(), m.peakBytes(), m.afterBytes(), m.growthBytes(), m.slopeBytesPerSecond());
            }
            fds = count(server.openFds());
            threads = count(server.threads());
        }
        return new Baseline(
                SCHEMA_VERSION,
                result.testName(),
                recordedAt(result),
                env == null ? null : env.gitCommit(),
                env,
                load,
                throughput,
                latencies,
                errors,
                memory,
                fds,
                threads,
                result.histograms(),
                result.trials(),
                List.of(RunFigures.of(result)));
    }

    private static String recordedAt(RunResult result) {
        long at = result.finishedAtEpochMillis() != 0 ? result.finishedAtEpochMillis() : result.startedAtEpochMillis();
        return Instant.ofEpochMilli(at).toString();
    }

    private static Map<String, Latency> latencies(RunResult result) {
        Map<String, Latency> latencies = new TreeMap<>();
        for (Map.Entry<String, LatencySummary> e : result.latencies().entrySet()) {
            LatencySummary s = e.getValue();
            latencies.put(e.getKey(), new Latency(s.count(), s.p50Nanos(), s.p95Nanos(), s.p99Nanos(), s.p90Nanos()));
        }
        return latencies;
    }

    private static Count count(ResourceSummary.CountFigures c) {
        return c == null ? null : new Count(c.before(), c.after(), c.delta());
    }
}
