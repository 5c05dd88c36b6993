package dev.speechload.core.live.internal;

import dev.speechload.core.compare.PairTrial;
import dev.speechload.core.engine.TrialData;
import dev.speechload.core.result.HealthSample;
import dev.speechload.core.result.IntervalSample;
import dev.speechload.core.result.ResourceSample;

/**
 * What the sampler thread hands over at the end of an interval: the figures it already has, and
 * the latest snapshot of the trial if one was taken anyway (for the partial result file), so the
 * view adds no copy of its own. Immutable; the snapshot is shared, never modified.
 *
 * @param sample        the interval just ended; null before the first one
 * @param latest        the newest snapshot of the running trial (the health so far); null when none yet
 * @param server        the target's resources at the end of the interval; null when unknown
 * @param health        the interval's measurement health; null when unknown
 * @param plannedMillis 0 when the trial is bounded by iterations
 * @param pairTrial     which pair and build of an A/B comparison the trial is; null when no A/B
 */
public record Tick(
        String testName,
        int trial,
        int trials,
        IntervalSample sample,
        int rampSteps,
        int channels,
        long elapsedMillis,
        long plannedMillis,
        TrialData latest,
        ResourceSample server,
        HealthSample health,
        PairTrial pairTrial) {

    /** A tick of a run that is no A/B comparison. */
    public Tick(
            String testName,
            int trial,
            int trials,
            IntervalSample sample,
            int rampSteps,
            int channels,
            long elapsedMillis,
            long plannedMillis,
            TrialData latest,
            ResourceSample server,
            HealthSample health) {
        this(
                testName,
                trial,
                trials,
                sample,
                rampSteps,
                channels,
                elapsedMillis,
                plannedMillis,
                latest,
                server,
                health,
                null);
    }

    /** A test whose run has started but whose first interval has not ended. */
    public static Tick starting(String testName) {
        return new Tick(testName, 0, 1, null, 0, 0, 0, 0, null, null, null);
    }

    /** An A/B comparison's trial that is starting: its servers settle, then its set-up runs. */
    public static Tick starting(String testName, PairTrial trial) {
        return new Tick(testName, trial.pair(), trial.pairs(), null, 0, 0, 0, 0, null, null, null, trial);
    }
}
