package dev.speechload.core.baseline;

import dev.speechload.core.result.EnvironmentInfo;
import dev.speechload.core.result.LatencySummary;
import dev.speechload.core.result.PlanSummary;
import dev.speechload.core.result.ResourceSummary;
import dev.speechload.core.result.RunResult;
import dev.speechload.core.result.TrialFigures;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The reference figures of one test: {@code baselines/<test>.json}, git-tracked so a change shows
 * in review. Made from a run by {@link #from(RunResult)}; read and written by {@link BaselineStore}.
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
        List<TrialFigures> trials) {

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
    }

    private static <V> Map<String, V> sorted(Map<String, V> map) {
        return java.util.Collections.unmodifiableMap(new LinkedHashMap<>(new TreeMap<>(map)));
    }

    /** The load the figures were measured under. */
    public record Load(String workloadModel, int channels, double arrivalsPerSecond, String scale, int trials,
                       long durationMillis, long iterations) {
    }

    /**
     * @param aggregatePerSecond  completed iterations per second over all channels
     * @param perChannelPerSecond the aggregate divided by the peak active channels
     */
    public record Throughput(double aggregatePerSecond, double perChannelPerSecond, int peakActiveChannels,
                             long completedIterations) {
    }

    /** Percentiles of one latency metric, in nanoseconds. */
    public record Latency(long count, long p50Nanos, long p95Nanos, long p99Nanos) {
    }

    /** @param errorRatio failed / completed, 0..1 */
    public record Errors(long failedIterations, double errorRatio) {
    }

    /** Server RSS: growth = peak - before; slope fitted over the load phase. */
    public record Memory(long beforeBytes, long peakBytes, long afterBytes, long growthBytes,
                         double slopeBytesPerSecond) {
    }

    /** A server count (fds, threads) before and after load; delta = after - before. */
    public record Count(long before, long after, long delta) {
    }

    /**
     * The figures of a finished run as a baseline. Pure; the run's histograms and trials are copied
     * as they are.
     *
     * @param result a run, not null; a partial run is accepted here (callers decide whether to
     *               promote it; {@link BaselineStore#promote} refuses)
     */
    public static Baseline from(RunResult result) {
        Objects.requireNonNull(result, "result");
        long at = result.finishedAtEpochMillis() != 0 ? result.finishedAtEpochMillis() : result.startedAtEpochMillis();
        EnvironmentInfo env = result.environment();
        PlanSummary plan = result.plan();
        Load load = new Load(plan.workloadModel(), plan.channels(), plan.arrivalsPerSecond(), plan.scale(),
                plan.trials(), plan.durationMillis(), plan.iterations());
        Throughput throughput = result.throughput() == null ? null : new Throughput(
                result.throughput().throughputPerSecond(), result.throughput().perChannelPerSecond(),
                result.throughput().peakActiveChannels(), result.throughput().completedIterations());
        Map<String, Latency> latencies = new TreeMap<>();
        for (Map.Entry<String, LatencySummary> e : result.latencies().entrySet()) {
            LatencySummary s = e.getValue();
            latencies.put(e.getKey(), new Latency(s.count(), s.p50Nanos(), s.p95Nanos(), s.p99Nanos()));
        }
        Errors errors = result.errors() == null ? null
                : new Errors(result.errors().failedIterations(), result.errors().errorRatio());
        ResourceSummary server = result.server();
        Memory memory = null;
        Count fds = null;
        Count threads = null;
        if (server != null) {
            ResourceSummary.MemoryFigures m = server.memory();
            if (m != null) {
                memory = new Memory(m.beforeBytes(), m.peakBytes(), m.afterBytes(), m.growthBytes(),
                        m.slopeBytesPerSecond());
            }
            fds = count(server.openFds());
            threads = count(server.threads());
        }
        return new Baseline(SCHEMA_VERSION, result.testName(), Instant.ofEpochMilli(at).toString(),
                env == null ? null : env.gitCommit(), env, load, throughput, latencies, errors, memory, fds,
                threads, result.histograms(), result.trials());
    }

    private static Count count(ResourceSummary.CountFigures c) {
        return c == null ? null : new Count(c.before(), c.after(), c.delta());
    }
}
