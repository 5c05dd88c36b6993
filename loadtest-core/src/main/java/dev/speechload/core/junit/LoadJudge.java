package dev.speechload.core.junit;

import dev.speechload.core.baseline.Baseline;
import dev.speechload.core.baseline.BaselineStore;
import dev.speechload.core.baseline.Thresholds;
import dev.speechload.core.baseline.Verdict;
import dev.speechload.core.result.RunResult;
import java.util.Optional;

/**
 * A {@link LoadTest}'s rules and baselines, for the rare test that judges runs inside itself: declare
 * it beside the {@link LoadContext}, {@code void test(LoadContext load, LoadJudge judge)}.
 *
 * <p>Most tests never need it: after the method the extension judges the last run against
 * {@code baselines/<test>.json}, the test's {@link Regression} rules and its {@link Objective}s, and
 * fails the test on a FAIL. Ask for a {@code LoadJudge} when the test itself must look at a
 * verdict: to assert the rules in force, or to judge one of its runs against another
 * ({@code judge.judge(second, Baseline.from(first))}, as {@code Example07_Thresholds} does).
 *
 * <p>Given to {@code @LoadTest} methods only: a method without {@code @LoadTest} that asks for one
 * fails with JUnit's "No ParameterResolver registered for parameter [dev.speechload.core.junit.LoadJudge
 * ...]". Immutable and thread-safe; nothing to close. It judges by the rules the extension finishes the
 * test with, so a verdict in the test and the one after it agree on the same run.
 */
public interface LoadJudge {

    /**
     * The rules this test is judged by: {@link Thresholds#defaults()}, scaled to
     * {@code loadtest.regressionThreshold} when set, then this test's {@link Regression} overrides
     * (on the method, else its class: {@code p99WarnPercent}, {@code latencyFloor}, ...). Never null.
     */
    Thresholds thresholds();

    /**
     * The baselines directory of this run ({@code loadtest.baselinesDir}). Writing to it changes the
     * git-tracked baselines: a test that needs a scratch baseline should use {@code Baseline.from(result)}
     * directly, or a {@code new BaselineStore(tempDir)}.
     */
    BaselineStore baselines();

    /**
     * This test's stored baseline ({@code baselines/<ClassSimpleName.method>.json}), the one the
     * extension judges the last run against; empty when none was recorded yet.
     *
     * @throws dev.speechload.core.baseline.BaselineException when the baseline file is broken
     */
    Optional<Baseline> baseline();

    /**
     * Judges {@code current} against {@code baseline} with {@link #thresholds()} (the test's
     * {@link Objective}s are not part of it: the extension adds them after the method). Pure: reads and
     * writes nothing, so a test can record a baseline from one run and judge a second run against
     * it: {@code judge(second, Baseline.from(first))}.
     *
     * @param current  a run, not null
     * @param baseline what to compare with; null judges the hard limits only (overall NO_BASELINE
     *                 unless one of them failed)
     */
    Verdict judge(RunResult current, Baseline baseline);

    /**
     * Judges {@code current} against this test's stored {@link #baseline()}, as the extension does
     * after the method (without the objectives).
     *
     * @throws dev.speechload.core.baseline.BaselineException when the baseline file is broken
     */
    default Verdict judge(RunResult current) {
        return judge(current, baseline().orElse(null));
    }
}
