package dev.speechload.core.engine;

import dev.speechload.core.result.HealthSample;
import dev.speechload.core.result.IntervalSample;
import dev.speechload.core.result.ResourceSample;
import java.util.function.Supplier;

/**
 * What a {@link RunListener} sees at the end of each sample interval.
 *
 * @param trial          0-based trial index
 * @param trials         trials in the run
 * @param sample         the interval just ended
 * @param rampSteps      steps of the plan's ramp
 * @param channels       channels at full ramp (closed) or the concurrency cap (open)
 * @param elapsedMillis  since the trial's load began
 * @param plannedMillis  how long the trial's load is planned to last; 0 when bounded by iterations
 * @param snapshot       builds a copy of everything recorded so far; call it only inside
 *                       {@link RunListener#onInterval} (it reads the sampler thread's histograms)
 * @param server         the target's resources read at the end of the interval; null without a probe
 * @param health         the interval's measurement health (CPU shares, pressure, lag, missed arrivals)
 */
public record RunProgress(
        int trial,
        int trials,
        IntervalSample sample,
        int rampSteps,
        int channels,
        long elapsedMillis,
        long plannedMillis,
        Supplier<TrialData> snapshot,
        ResourceSample server,
        HealthSample health) {

    /** Progress without the interval's resource and health readings. */
    public RunProgress(
            int trial,
            int trials,
            IntervalSample sample,
            int rampSteps,
            int channels,
            long elapsedMillis,
            long plannedMillis,
            Supplier<TrialData> snapshot) {
        this(trial, trials, sample, rampSteps, channels, elapsedMillis, plannedMillis, snapshot, null, null);
    }
}
