package dev.speechload.core.junit.internal;

import dev.speechload.core.baseline.Baseline;
import dev.speechload.core.baseline.BaselineStore;
import dev.speechload.core.baseline.Thresholds;
import dev.speechload.core.baseline.Verdict;
import dev.speechload.core.baseline.Verdicts;
import dev.speechload.core.junit.LoadJudge;
import dev.speechload.core.result.RunResult;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * The {@link LoadJudge} of one test method: the rules its {@link DefaultLoadContext} is finished with,
 * so a test judges by the same rules as the extension after it. Not API; immutable.
 */
record DefaultLoadJudge(String testName, Thresholds thresholds, Path baselinesDir) implements LoadJudge {

    DefaultLoadJudge {
        Objects.requireNonNull(testName, "testName");
        Objects.requireNonNull(thresholds, "thresholds");
        Objects.requireNonNull(baselinesDir, "baselinesDir");
    }

    @Override
    public BaselineStore baselines() {
        return new BaselineStore(baselinesDir);
    }

    @Override
    public Optional<Baseline> baseline() {
        return baselines().find(testName);
    }

    @Override
    public Verdict judge(RunResult current, Baseline baseline) {
        Objects.requireNonNull(current, "current");
        return Verdicts.judge(current, Optional.ofNullable(baseline), thresholds);
    }
}
