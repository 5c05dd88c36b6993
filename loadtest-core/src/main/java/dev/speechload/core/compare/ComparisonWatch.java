package dev.speechload.core.compare;

import dev.speechload.core.engine.RunProgress;
import dev.speechload.core.engine.TrialData;

/**
 * Watches an A/B comparison trial by trial, on both sides: e.g. to show which pair and which
 * build is running, or to write the candidate's partial results. Every callback does nothing by
 * default. For each trial, {@link #starting} comes first, then {@link #onInterval} once per
 * sample interval, then {@link #finished} (unless the trial's set-up threw).
 */
public interface ComparisonWatch {

    /** On the comparison's thread, before both servers settle for {@code trial}. */
    default void starting(PairTrial trial) {}

    /**
     * Each sample interval of {@code trial}, on the engine's sampler thread (as
     * {@link dev.speechload.core.engine.RunListener#onInterval}): return quickly; an exception is
     * logged and ignored.
     */
    default void onInterval(PairTrial trial, RunProgress progress) {}

    /** On the comparison's thread, after {@code trial} ended with {@code data}. */
    default void finished(PairTrial trial, TrialData data) {}

    /** A watch that does nothing. */
    static ComparisonWatch none() {
        return new ComparisonWatch() {};
    }
}
