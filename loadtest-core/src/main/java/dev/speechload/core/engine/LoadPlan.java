package dev.speechload.core.engine;

import dev.speechload.core.config.Shard;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What load to apply: made by {@link #closed(int)} (a fixed number of channels, each running
 * iterations back to back) or {@link #open(double)} (iterations arrive at a target rate whatever
 * the server does), then refined with {@code with...} methods. Immutable and thread-safe: every
 * {@code with...} returns a new plan, so trials can share one.
 *
 * <p>A plan is bounded by {@code duration} or by {@code iterations} per channel (closed model);
 * the open model is bounded by duration. Warm-up (iterations per channel, or a duration) runs
 * first and is excluded from all statistics.
 *
 * @param channels           closed: channels at full ramp; open: cap on concurrent iterations
 * @param expectedInterval   closed model: the interval a channel is expected to keep between
 *                           iteration starts; when set, a corrected response time is recorded
 *                           beside the raw service time. {@link Duration#ZERO} = none.
 * @param stepChannels       closed model: channels started at each ramp step, one entry per step,
 *                           summing to {@code channels}; empty (the default) = the channels in
 *                           {@code rampSteps} equal steps. A shard's plan ({@link #shard(Shard)})
 *                           carries its share of every step here.
 * @param shardOf            the shard of a larger plan this plan is ({@link #shard(Shard)}); null = a
 *                           whole plan. Open model: this plan takes every n-th arrival of the whole
 *                           plan's schedule (from the shard's index), so the shards' arrivals
 *                           interleave as one generator's would instead of coming in bursts of n.
 */
public record LoadPlan(
        WorkloadModel model,
        int channels,
        double arrivalsPerSecond,
        int rampSteps,
        Duration rampInterval,
        long warmupIterations,
        Duration warmup,
        Duration duration,
        long iterations,
        Duration expectedInterval,
        int trials,
        Duration sampleInterval,
        List<Integer> stepChannels,
        Shard shardOf) {

    /** Closed or open workload. */
    public enum WorkloadModel {
        CLOSED,
        OPEN
    }

    public LoadPlan {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(rampInterval, "rampInterval");
        Objects.requireNonNull(warmup, "warmup");
        Objects.requireNonNull(duration, "duration");
        Objects.requireNonNull(expectedInterval, "expectedInterval");
        Objects.requireNonNull(sampleInterval, "sampleInterval");
        stepChannels = stepChannels == null ? List.of() : List.copyOf(stepChannels);
    }

    /** A plan whose closed-model channels start in equal ramp steps. */
    public LoadPlan(
            WorkloadModel model,
            int channels,
            double arrivalsPerSecond,
            int rampSteps,
            Duration rampInterval,
            long warmupIterations,
            Duration warmup,
            Duration duration,
            long iterations,
            Duration expectedInterval,
            int trials,
            Duration sampleInterval) {
        this(
                model,
                channels,
                arrivalsPerSecond,
                rampSteps,
                rampInterval,
                warmupIterations,
                warmup,
                duration,
                iterations,
                expectedInterval,
                trials,
                sampleInterval,
                List.of(),
                null);
    }

    /**
     * The first channel (0-based) of ramp step {@code step} (1-based); {@code step = rampSteps + 1}
     * gives {@code channels}. Step {@code s} starts channels {@code [first(s), first(s + 1))}.
     */
    public int firstChannelOfStep(int step) {
        if (stepChannels.isEmpty()) {
            return (int) ((long) (step - 1) * channels / rampSteps);
        }
        int first = 0;
        for (int s = 1; s < step; s++) {
            first += stepChannels.get(s - 1);
        }
        return first;
    }

    /**
     * This generator's share when {@code shard.count()} generators run this plan together: the
     * channels of every ramp step dealt out in turn (channel {@code c} to shard {@code c mod n}),
     * so each shard's ramp holds its share of every step and no channel is lost or doubled; the
     * arrival rate divided by n (every step keeps its share) and the open model's worker cap dealt
     * out like channels. Iterations and warm-up iterations are per channel and stay as they are.
     *
     * @throws IllegalArgumentException when the plan has fewer channels than shards (a shard would
     *                                  run nothing)
     */
    public LoadPlan shard(Shard shard) {
        return PlanSplit.shard(this, shard);
    }

    /** A closed plan of {@code channels} channels, one ramp step, 10 s duration, no warm-up. */
    public static LoadPlan closed(int channels) {
        return new LoadPlan(
                WorkloadModel.CLOSED,
                channels,
                0,
                1,
                Duration.ZERO,
                0,
                Duration.ZERO,
                Duration.ofSeconds(10),
                0,
                Duration.ZERO,
                1,
                Duration.ofSeconds(1));
    }

    /**
     * An open plan: iterations arrive at {@code arrivalsPerSecond}, at most 1,000 at once, for
     * 10 s.
     */
    public static LoadPlan open(double arrivalsPerSecond) {
        return new LoadPlan(
                WorkloadModel.OPEN,
                1000,
                arrivalsPerSecond,
                1,
                Duration.ZERO,
                0,
                Duration.ZERO,
                Duration.ofSeconds(10),
                0,
                Duration.ZERO,
                1,
                Duration.ofSeconds(1));
    }

    /** This plan with another channel count, in equal ramp steps. */
    public LoadPlan withChannels(int newChannels) {
        return new LoadPlan(
                model,
                newChannels,
                arrivalsPerSecond,
                rampSteps,
                rampInterval,
                warmupIterations,
                warmup,
                duration,
                iterations,
                expectedInterval,
                trials,
                sampleInterval,
                List.of(),
                null);
    }

    /** This plan with another ramp, in equal steps. */
    public LoadPlan withRamp(int steps, Duration interval) {
        return new LoadPlan(
                model,
                channels,
                arrivalsPerSecond,
                steps,
                interval,
                warmupIterations,
                warmup,
                duration,
                iterations,
                expectedInterval,
                trials,
                sampleInterval,
                List.of(),
                null);
    }

    public LoadPlan withWarmupIterations(long perChannel) {
        return new LoadPlan(
                model,
                channels,
                arrivalsPerSecond,
                rampSteps,
                rampInterval,
                perChannel,
                warmup,
                duration,
                iterations,
                expectedInterval,
                trials,
                sampleInterval,
                stepChannels,
                shardOf);
    }

    public LoadPlan withWarmup(Duration newWarmup) {
        return new LoadPlan(
                model,
                channels,
                arrivalsPerSecond,
                rampSteps,
                rampInterval,
                warmupIterations,
                newWarmup,
                duration,
                iterations,
                expectedInterval,
                trials,
                sampleInterval,
                stepChannels,
                shardOf);
    }

    /** Bounds the measured phase by time (and clears an iteration bound). */
    public LoadPlan withDuration(Duration newDuration) {
        return new LoadPlan(
                model,
                channels,
                arrivalsPerSecond,
                rampSteps,
                rampInterval,
                warmupIterations,
                warmup,
                newDuration,
                0,
                expectedInterval,
                trials,
                sampleInterval,
                stepChannels,
                shardOf);
    }

    /** Bounds the measured phase by iterations per channel (closed model; clears the duration). */
    public LoadPlan withIterations(long perChannel) {
        return new LoadPlan(
                model,
                channels,
                arrivalsPerSecond,
                rampSteps,
                rampInterval,
                warmupIterations,
                warmup,
                Duration.ZERO,
                perChannel,
                expectedInterval,
                trials,
                sampleInterval,
                stepChannels,
                shardOf);
    }

    public LoadPlan withExpectedInterval(Duration interval) {
        return new LoadPlan(
                model,
                channels,
                arrivalsPerSecond,
                rampSteps,
                rampInterval,
                warmupIterations,
                warmup,
                duration,
                iterations,
                interval,
                trials,
                sampleInterval,
                stepChannels,
                shardOf);
    }

    public LoadPlan withTrials(int newTrials) {
        return new LoadPlan(
                model,
                channels,
                arrivalsPerSecond,
                rampSteps,
                rampInterval,
                warmupIterations,
                warmup,
                duration,
                iterations,
                expectedInterval,
                newTrials,
                sampleInterval,
                stepChannels,
                shardOf);
    }

    public LoadPlan withSampleInterval(Duration interval) {
        return new LoadPlan(
                model,
                channels,
                arrivalsPerSecond,
                rampSteps,
                rampInterval,
                warmupIterations,
                warmup,
                duration,
                iterations,
                expectedInterval,
                trials,
                interval,
                stepChannels,
                shardOf);
    }
}
