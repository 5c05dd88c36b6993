package dev.speechload.core.engine;

import dev.speechload.core.result.GeneratorSample;
import dev.speechload.core.result.HealthSample;
import dev.speechload.core.result.IntervalSample;
import dev.speechload.core.result.ProbeReads;
import dev.speechload.core.result.ResourceSample;
import dev.speechload.core.result.TargetFailure;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * What one trial recorded, before statistics: the input of {@code core.stats}. Warm-up is
 * already excluded from every figure except the time series (see {@link IntervalSample}) and the
 * closed model's start lags (each channel's one planned start, warm-up or not).
 *
 * <p>Immutable except the histograms, which the record owns: callers must not modify them
 * (copy first, as {@code Histogram.copy()} does).
 *
 * @param trial                 0-based trial index
 * @param finishedAtEpochMillis 0 for a snapshot of a trial still running
 * @param measuredNanos         from the first measured iteration's start to the last channel's end
 * @param completedIterations   measured iterations that ended, ok or failed (cut ones excluded)
 * @param failedIterations      of those, how many failed
 * @param errorsByCode          code to count, summing to failedIterations
 * @param latencies             metric name to its histogram of nanoseconds, in registration order;
 *                              always holds {@code service_time} (successful iterations), then
 *                              {@code failed_time} when an iteration failed, and, last, the
 *                              generator's {@code generator.scheduling_lag} ({@code RunResult.SCHEDULING_LAG})
 * @param clampedCounts         metric name to values clamped at the histogram's highest value
 * @param counters              counter name to its total and unit (engine counters included)
 * @param resourceSource        where server readings came from, null without a probe
 * @param gcCount               garbage collections in the generator JVM during the trial
 * @param gcTimeMillis          time the generator JVM spent in them
 * @param schedulingLagP99Nanos p99 of the scheduling lag, actual start - planned start, in
 *                              nanoseconds: closed model, of each channel's first iteration after
 *                              its ramp step's time; open model, of each measured arrival after its
 *                              intended time. -1 when nothing started
 * @param healthSeries          the measurement's health in every sample interval, aligned with
 *                              {@code timeSeries} (same offsets, same warm-up flags)
 * @param targetFailure         the target died during this trial, which then ended early; null when
 *                              it lived through it (or was not watched)
 * @param probeReads            how the reads of the server's resources went; null without a probe
 */
public record TrialData(
        int trial,
        long startedAtEpochMillis,
        long finishedAtEpochMillis,
        long measuredNanos,
        long completedIterations,
        long failedIterations,
        Map<String, Long> errorsByCode,
        int peakActiveChannels,
        Map<String, Histogram> latencies,
        Map<String, Long> clampedCounts,
        Map<String, Count> counters,
        List<IntervalSample> timeSeries,
        String resourceSource,
        List<ResourceSample> serverSeries,
        List<GeneratorSample> generatorSeries,
        long gcCount,
        long gcTimeMillis,
        long schedulingLagP99Nanos,
        List<HealthSample> healthSeries,
        TargetFailure targetFailure,
        ProbeReads probeReads) {

    /** A trial without a record of its probe's reads (built by hand or before they were kept). */
    public TrialData(
            int trial,
            long startedAtEpochMillis,
            long finishedAtEpochMillis,
            long measuredNanos,
            long completedIterations,
            long failedIterations,
            Map<String, Long> errorsByCode,
            int peakActiveChannels,
            Map<String, Histogram> latencies,
            Map<String, Long> clampedCounts,
            Map<String, Count> counters,
            List<IntervalSample> timeSeries,
            String resourceSource,
            List<ResourceSample> serverSeries,
            List<GeneratorSample> generatorSeries,
            long gcCount,
            long gcTimeMillis,
            long schedulingLagP99Nanos,
            List<HealthSample> healthSeries,
            TargetFailure targetFailure) {
        this(
                trial,
                startedAtEpochMillis,
                finishedAtEpochMillis,
                measuredNanos,
                completedIterations,
                failedIterations,
                errorsByCode,
                peakActiveChannels,
                latencies,
                clampedCounts,
                counters,
                timeSeries,
                resourceSource,
                serverSeries,
                generatorSeries,
                gcCount,
                gcTimeMillis,
                schedulingLagP99Nanos,
                healthSeries,
                targetFailure,
                null);
    }

    /** A trial whose target lived through it (or was not watched). */
    public TrialData(
            int trial,
            long startedAtEpochMillis,
            long finishedAtEpochMillis,
            long measuredNanos,
            long completedIterations,
            long failedIterations,
            Map<String, Long> errorsByCode,
            int peakActiveChannels,
            Map<String, Histogram> latencies,
            Map<String, Long> clampedCounts,
            Map<String, Count> counters,
            List<IntervalSample> timeSeries,
            String resourceSource,
            List<ResourceSample> serverSeries,
            List<GeneratorSample> generatorSeries,
            long gcCount,
            long gcTimeMillis,
            long schedulingLagP99Nanos,
            List<HealthSample> healthSeries) {
        this(
                trial,
                startedAtEpochMillis,
                finishedAtEpochMillis,
                measuredNanos,
                completedIterations,
                failedIterations,
                errorsByCode,
                peakActiveChannels,
                latencies,
                clampedCounts,
                counters,
                timeSeries,
                resourceSource,
                serverSeries,
                generatorSeries,
                gcCount,
                gcTimeMillis,
                schedulingLagP99Nanos,
                healthSeries,
                null);
    }

    /** A trial without a health series (recorded before health existed, or built by hand). */
    public TrialData(
            int trial,
            long startedAtEpochMillis,
            long finishedAtEpochMillis,
            long measuredNanos,
            long completedIterations,
            long failedIterations,
            Map<String, Long> errorsByCode,
            int peakActiveChannels,
            Map<String, Histogram> latencies,
            Map<String, Long> clampedCounts,
            Map<String, Count> counters,
            List<IntervalSample> timeSeries,
            String resourceSource,
            List<ResourceSample> serverSeries,
            List<GeneratorSample> generatorSeries,
            long gcCount,
            long gcTimeMillis,
            long schedulingLagP99Nanos) {
        this(
                trial,
                startedAtEpochMillis,
                finishedAtEpochMillis,
                measuredNanos,
                completedIterations,
                failedIterations,
                errorsByCode,
                peakActiveChannels,
                latencies,
                clampedCounts,
                counters,
                timeSeries,
                resourceSource,
                serverSeries,
                generatorSeries,
                gcCount,
                gcTimeMillis,
                schedulingLagP99Nanos,
                List.of(),
                null);
    }

    /** A counter's total over the measured phase and its unit label. */
    public record Count(long total, String unit) {}

    public TrialData {
        errorsByCode = Map.copyOf(errorsByCode);
        latencies = Collections.unmodifiableMap(new LinkedHashMap<>(latencies));
        clampedCounts = Map.copyOf(clampedCounts);
        counters = Collections.unmodifiableMap(new LinkedHashMap<>(counters));
        timeSeries = List.copyOf(timeSeries);
        serverSeries = List.copyOf(serverSeries);
        generatorSeries = List.copyOf(generatorSeries);
        healthSeries = healthSeries == null ? List.of() : List.copyOf(healthSeries);
        if (completedIterations < 0 || failedIterations < 0 || failedIterations > completedIterations) {
            throw new IllegalArgumentException("need 0 <= failedIterations <= completedIterations, were "
                    + failedIterations + " and " + completedIterations);
        }
    }
}
