package dev.speechload.core.result;

/**
 * The load plan a run followed, as plain data (the engine's {@code LoadPlan} is the checked,
 * typed form). Immutable and thread-safe: {@code with...} returns a new summary.
 *
 * @param workloadModel        "closed" (a fixed number of channels, each looping) or "open"
 *                             (arrivals at a target rate whatever the server does)
 * @param channels             concurrent channels at full ramp (closed), or the cap on
 *                             concurrent sessions (open)
 * @param arrivalsPerSecond    target arrival rate in the open model, 0 in the closed one
 * @param warmupIterations     per channel, excluded from all statistics
 * @param warmupMillis         warm-up by time, excluded from all statistics (0 = none)
 * @param durationMillis       measured duration (0 when the run is bounded by iterations)
 * @param iterations           measured iterations per channel (0 when bounded by duration)
 * @param scale                "smoke" or "full"
 * @param scaleNote            at smoke scale, what was run against what the test declares
 *                             ("smoke scale: 1 channel x 1s (declared 10 x 10s)"); null at full scale
 *                             and in files written before it existed
 */
public record PlanSummary(
        String workloadModel,
        int channels,
        int rampSteps,
        long rampIntervalMillis,
        double arrivalsPerSecond,
        long warmupIterations,
        long warmupMillis,
        long durationMillis,
        long iterations,
        long expectedIntervalNanos,
        int trials,
        String scale,
        long sampleIntervalMillis,
        String scaleNote) {

    public PlanSummary {
        if (channels < 0 || rampSteps < 0 || trials < 0) {
            throw new IllegalArgumentException("channels, rampSteps and trials must be >= 0");
        }
    }

    /** A plan without a scale note (full scale, or a summary built outside a test). */
    public PlanSummary(
            String workloadModel,
            int channels,
            int rampSteps,
            long rampIntervalMillis,
            double arrivalsPerSecond,
            long warmupIterations,
            long warmupMillis,
            long durationMillis,
            long iterations,
            long expectedIntervalNanos,
            int trials,
            String scale,
            long sampleIntervalMillis) {
        this(
                workloadModel,
                channels,
                rampSteps,
                rampIntervalMillis,
                arrivalsPerSecond,
                warmupIterations,
                warmupMillis,
                durationMillis,
                iterations,
                expectedIntervalNanos,
                trials,
                scale,
                sampleIntervalMillis,
                null);
    }

    /** This plan with another trial count (an A/B comparison runs its pairs as trials). */
    public PlanSummary withTrials(int newTrials) {
        return new PlanSummary(
                workloadModel,
                channels,
                rampSteps,
                rampIntervalMillis,
                arrivalsPerSecond,
                warmupIterations,
                warmupMillis,
                durationMillis,
                iterations,
                expectedIntervalNanos,
                newTrials,
                scale,
                sampleIntervalMillis,
                scaleNote);
    }
}
