package dev.speechload.core.result;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Everything one load test measured: written to {@code results/<test>.json} (incrementally, so a
 * killed run leaves a valid result with {@code partial = true}), compared with baselines and
 * drawn in reports. Immutable and thread-safe: {@code with...} returns a new result.
 *
 * <p>Latency and counter maps are keyed by metric name. The engine always records
 * {@link #SERVICE_TIME} (time each iteration took, from its actual start) and, where an intended
 * start is known (open model, or a closed model with an expected interval),
 * {@link #RESPONSE_TIME} (from the intended start: corrected for coordinated omission). Drivers
 * add their own (for example {@code stt.final_latency}, {@link #TIME_TO_FIRST_EVENT}). Names
 * starting with {@link #GENERATOR_PREFIX} (the engine's {@link #SCHEDULING_LAG}) measure the load
 * generator itself.
 *
 * @param schemaVersion  {@link #SCHEMA_VERSION} when written by this version
 * @param testName       stable test id, {@code ClassSimpleName.method}; also the file name
 * @param partial        true while the run is still going (or was killed before it ended)
 * @param histograms     metric name to HdrHistogram's compressed, base64 encoded form, so runs
 *                       can be merged and compared exactly later
 * @param trials         each trial's headline figures when {@code plan.trials() > 1}, else empty
 * @param health         whether the measurement can be trusted (the generator kept its pacing, the
 *                       machine was not contended); null in results written before it existed
 * @param healthSeries   the health figures of every sample interval of the last trial
 * @param targetFailure  the target died during the run, which then ended early (its figures cover
 *                       the run until then); null when it lived through the run, and in results
 *                       written before it was watched
 * @param sharding       which shard of a plan run by several generators this is, or the shards a
 *                       merged result came from; null for a run on one generator
 */
public record RunResult(
        int schemaVersion,
        String testName,
        boolean partial,
        long startedAtEpochMillis,
        long finishedAtEpochMillis,
        PlanSummary plan,
        EnvironmentInfo environment,
        TargetInfo target,
        Map<String, LatencySummary> latencies,
        ThroughputSummary throughput,
        Map<String, CounterSummary> counters,
        ErrorSummary errors,
        ResourceSummary server,
        GeneratorSummary generator,
        List<IntervalSample> timeSeries,
        List<ResourceSample> serverSeries,
        List<GeneratorSample> generatorSeries,
        Map<String, String> histograms,
        List<TrialFigures> trials,
        Health health,
        List<HealthSample> healthSeries,
        TargetFailure targetFailure,
        Sharding sharding) {

    public static final int SCHEMA_VERSION = 1;
    /** Iteration time from its actual start: what a closed loop sees (raw service time). */
    public static final String SERVICE_TIME = "service_time";
    /** Iteration time from its intended start: includes queueing behind a stalled server. */
    public static final String RESPONSE_TIME = "response_time";
    /** Time from request start to the first streamed event, where a scenario reports it. */
    public static final String TIME_TO_FIRST_EVENT = "time_to_first_event";
    /**
     * Iteration time of failed iterations, from their actual start: recorded apart, so a server
     * that fails fast does not look faster ({@link #SERVICE_TIME} and {@link #RESPONSE_TIME} time
     * only iterations that succeeded); reported, never judged. Present only when an iteration failed.
     */
    public static final String FAILED_TIME = "failed_time";
    /**
     * Prefix of latency metrics that measure the load generator, not the server: reported, never
     * judged as a regression of the server.
     */
    public static final String GENERATOR_PREFIX = "generator.";
    /**
     * The generator's scheduling lag: how late work started after its planned time (closed model:
     * each channel's first iteration after its ramp step's time; open model: each measured arrival
     * after the later of its intended time and a worker being free, since waiting for a worker busy
     * with a slow server is the server's delay, which {@link #RESPONSE_TIME} shows).
     */
    public static final String SCHEDULING_LAG = GENERATOR_PREFIX + "scheduling_lag";
    /**
     * Open model: the counter of arrivals that were due and never started (no worker free for
     * more than a sample interval, or still waiting at the deadline).
     */
    public static final String MISSED_ARRIVALS = "arrivals.missed";

    /** A result of a run whose target lived through it (or was not watched). */
    public RunResult(
            int schemaVersion,
            String testName,
            boolean partial,
            long startedAtEpochMillis,
            long finishedAtEpochMillis,
            PlanSummary plan,
            EnvironmentInfo environment,
            TargetInfo target,
            Map<String, LatencySummary> latencies,
            ThroughputSummary throughput,
            Map<String, CounterSummary> counters,
            ErrorSummary errors,
            ResourceSummary server,
            GeneratorSummary generator,
            List<IntervalSample> timeSeries,
            List<ResourceSample> serverSeries,
            List<GeneratorSample> generatorSeries,
            Map<String, String> histograms,
            List<TrialFigures> trials,
            Health health,
            List<HealthSample> healthSeries) {
        this(
                schemaVersion,
                testName,
                partial,
                startedAtEpochMillis,
                finishedAtEpochMillis,
                plan,
                environment,
                target,
                latencies,
                throughput,
                counters,
                errors,
                server,
                generator,
                timeSeries,
                serverSeries,
                generatorSeries,
                histograms,
                trials,
                health,
                healthSeries,
                null,
                null);
    }

    /** A result of a run on one generator (no sharding). */
    public RunResult(
            int schemaVersion,
            String testName,
            boolean partial,
            long startedAtEpochMillis,
            long finishedAtEpochMillis,
            PlanSummary plan,
            EnvironmentInfo environment,
            TargetInfo target,
            Map<String, LatencySummary> latencies,
            ThroughputSummary throughput,
            Map<String, CounterSummary> counters,
            ErrorSummary errors,
            ResourceSummary server,
            GeneratorSummary generator,
            List<IntervalSample> timeSeries,
            List<ResourceSample> serverSeries,
            List<GeneratorSample> generatorSeries,
            Map<String, String> histograms,
            List<TrialFigures> trials,
            Health health,
            List<HealthSample> healthSeries,
            TargetFailure targetFailure) {
        this(
                schemaVersion,
                testName,
                partial,
                startedAtEpochMillis,
                finishedAtEpochMillis,
                plan,
                environment,
                target,
                latencies,
                throughput,
                counters,
                errors,
                server,
                generator,
                timeSeries,
                serverSeries,
                generatorSeries,
                histograms,
                trials,
                health,
                healthSeries,
                targetFailure,
                null);
    }

    /**
     * Whether a latency metric is judged as the server's: false for the load generator's own
     * ({@link #GENERATOR_PREFIX}) and for {@link #FAILED_TIME}, which are reported only.
     */
    public static boolean judgedLatency(String metric) {
        return !metric.startsWith(GENERATOR_PREFIX) && !metric.equals(FAILED_TIME);
    }

    public RunResult {
        Objects.requireNonNull(testName, "testName");
        Objects.requireNonNull(plan, "plan");
        latencies = latencies == null ? Map.of() : Map.copyOf(latencies);
        counters = counters == null ? Map.of() : Map.copyOf(counters);
        timeSeries = timeSeries == null ? List.of() : List.copyOf(timeSeries);
        serverSeries = serverSeries == null ? List.of() : List.copyOf(serverSeries);
        generatorSeries = generatorSeries == null ? List.of() : List.copyOf(generatorSeries);
        histograms = histograms == null ? Map.of() : Map.copyOf(histograms);
        trials = trials == null ? List.of() : List.copyOf(trials);
        healthSeries = healthSeries == null ? List.of() : List.copyOf(healthSeries);
        if (finishedAtEpochMillis != 0 && finishedAtEpochMillis < startedAtEpochMillis) {
            throw new IllegalArgumentException("finishedAtEpochMillis (" + finishedAtEpochMillis
                    + ") is before startedAtEpochMillis (" + startedAtEpochMillis + ")");
        }
        requireTimeOrder(
                timeSeries.stream().mapToLong(IntervalSample::offsetMillis).toArray(), "timeSeries");
        requireTimeOrder(
                serverSeries.stream().mapToLong(ResourceSample::offsetMillis).toArray(), "serverSeries");
        requireTimeOrder(
                generatorSeries.stream()
                        .mapToLong(GeneratorSample::offsetMillis)
                        .toArray(),
                "generatorSeries");
    }

    private static void requireTimeOrder(long[] offsets, String name) {
        for (int i = 1; i < offsets.length; i++) {
            if (offsets[i] < offsets[i - 1]) {
                throw new IllegalArgumentException(name + " is not in time order at index " + i + ": " + offsets[i]
                        + " ms after " + offsets[i - 1] + " ms");
            }
        }
    }

    /** This run with another health (an A/B comparison's, which judges its trials pair by pair). */
    public RunResult withHealth(Health newHealth) {
        return new RunResult(
                schemaVersion,
                testName,
                partial,
                startedAtEpochMillis,
                finishedAtEpochMillis,
                plan,
                environment,
                target,
                latencies,
                throughput,
                counters,
                errors,
                server,
                generator,
                timeSeries,
                serverSeries,
                generatorSeries,
                histograms,
                trials,
                newHealth,
                healthSeries,
                targetFailure,
                sharding);
    }

    /** This run as a shard of a plan run by several generators, or as the merge of such shards. */
    public RunResult withSharding(Sharding newSharding) {
        return new RunResult(
                schemaVersion,
                testName,
                partial,
                startedAtEpochMillis,
                finishedAtEpochMillis,
                plan,
                environment,
                target,
                latencies,
                throughput,
                counters,
                errors,
                server,
                generator,
                timeSeries,
                serverSeries,
                generatorSeries,
                histograms,
                trials,
                health,
                healthSeries,
                targetFailure,
                newSharding);
    }

    /** The latency summary of a metric, or null when this run has none of that name. */
    public LatencySummary latency(String metric) {
        return latencies.get(metric);
    }
}
