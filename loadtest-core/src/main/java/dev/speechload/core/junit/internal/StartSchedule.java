package dev.speechload.core.junit.internal;

import dev.speechload.core.config.Settings;
import dev.speechload.core.engine.LoadPlan;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The common start of every trial of every load test of one test run, from {@code loadtest.startAt}
 * (kept in the root store; one per JVM). Generators of one sharded run share no channel, so each
 * works the same schedule out by itself: the first trial starts at {@code startAt}, and each one
 * after it a slot later, a slot being the trial's planned length (warm-up + duration) plus
 * {@code loadtest.startGap} for what comes between (the grace period, writing results and reports,
 * the next test's set-up). Shards that run the same tests in the same order therefore start every
 * test at the same instant, whatever each one's set-up and reporting took.
 *
 * <p>A plan bounded by iterations has no length known ahead: its first trial still gets a slot, but
 * nothing after it does (those start when each generator is ready, and say so).
 */
final class StartSchedule {

    private final Duration gap;
    /** The next trial's start; null when no start was set or the schedule ended. */
    private Instant next;
    /** The test whose unknown length ended the schedule; null while it goes on. */
    private String endedBy;

    StartSchedule(Instant startAt, Duration gap) {
        this.next = startAt;
        this.gap = gap;
    }

    /** A schedule with no common start: every test starts when it is ready. */
    static StartSchedule none() {
        return new StartSchedule(null, Settings.DEFAULT_START_GAP);
    }

    /** The starts of a test's trials, taken off the schedule; called once per load test, in the order they run. */
    synchronized TestStarts claim(String testName, LoadPlan plan) {
        if (next == null) {
            return endedBy == null
                    ? TestStarts.NONE
                    : TestStarts.unscheduled("the test before it, " + endedBy
                            + ", runs a number of iterations per channel, whose length is not known ahead, so the tests"
                            + " after it cannot be scheduled together: give it a duration to keep every test of the shards"
                            + " together");
        }
        List<Instant> starts = new ArrayList<>();
        if (plan.iterations() > 0) {
            starts.add(next);
            next = null;
            endedBy = testName;
            return new TestStarts(starts, null);
        }
        Duration slot = plan.warmup().plus(plan.duration()).plus(gap);
        for (int i = 0; i < plan.trials(); i++) {
            starts.add(next);
            next = next.plus(slot);
        }
        return new TestStarts(starts, null);
    }
}
