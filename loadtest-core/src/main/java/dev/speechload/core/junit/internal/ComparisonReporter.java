package dev.speechload.core.junit.internal;

import dev.speechload.core.compare.ComparisonWatch;
import dev.speechload.core.compare.PairTrial;
import dev.speechload.core.engine.RunProgress;
import dev.speechload.core.engine.TrialData;
import dev.speechload.core.live.internal.LiveView;

/**
 * Watches an A/B comparison for the test: the candidate's trials go to its {@link RunReporter}
 * (partial results, progress line, live view), and the live view is told of both sides' trials,
 * so a user watching sees which pair and which build runs and how each side's trials went. Not
 * API; thread-safe as its parts are.
 */
final class ComparisonReporter implements ComparisonWatch {

    private final RunReporter candidate;
    private final LiveView.Feed live;

    ComparisonReporter(RunReporter candidate, LiveView.Feed live) {
        this.candidate = candidate;
        this.live = live;
    }

    @Override
    public void starting(PairTrial trial) {
        live.trialStarting(trial);
    }

    @Override
    public void onInterval(PairTrial trial, RunProgress progress) {
        if (trial.reference()) {
            // A's partial results are not written (the candidate's file is the test's), so there is
            // no snapshot to show: the view shows the interval's own figures.
            live.interval(progress, null);
        } else {
            candidate.onInterval(progress);
        }
    }

    @Override
    public void finished(PairTrial trial, TrialData data) {
        if (trial.reference()) {
            live.trialEnded();
        } else {
            candidate.trialFinished(data);
        }
        live.trialFinished(trial, data);
    }
}
