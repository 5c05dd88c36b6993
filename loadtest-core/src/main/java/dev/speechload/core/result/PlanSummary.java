package dev.speechload.core.result;

/**
 * The load plan a run followed, as plain data (the engine's {@code LoadPlan} is the checked,
 * typed form).
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
        long sampleIntervalMillis) {

    public PlanSummary {
        if (channels < 0 || rampSteps < 0 || trials < 0) {
            throw new IllegalArgumentException("channels, rampSteps and trials must be >= 0");
        }
    }
}
