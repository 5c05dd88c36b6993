package dev.speechload.bench;

import dev.speechload.core.baseline.Baseline;
import dev.speechload.core.result.RunResult;

/** Builds a multi-run baseline the way {@code -Dloadtest.baselineRuns=N} does. */
final class BaselineRuns {

    private BaselineRuns() {
    }

    static Baseline add(Baseline baseline, RunResult run, int keep) {
        return baseline == null ? Baseline.from(run) : baseline.withRun(run, keep);
    }

    static int count(Baseline baseline) {
        return baseline.allRuns().size();
    }
}
