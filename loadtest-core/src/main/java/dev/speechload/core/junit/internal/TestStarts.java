package dev.speechload.core.junit.internal;

import java.time.Instant;
import java.util.List;

/**
 * When the trials of one load test start their ramps ({@link StartSchedule}).
 *
 * @param trials     the start of trial 0, 1, ...; a trial past the end starts when it is ready
 * @param unscheduled why the test has no common start although {@code loadtest.startAt} was set; null otherwise
 */
record TestStarts(List<Instant> trials, String unscheduled) {

    /** No common start: every trial starts when it is ready. */
    static final TestStarts NONE = new TestStarts(List.of(), null);

    TestStarts {
        trials = List.copyOf(trials);
    }

    static TestStarts unscheduled(String why) {
        return new TestStarts(List.of(), why);
    }

    /** The planned start of a trial, or null when it starts as soon as it is ready. */
    Instant of(int trial) {
        return trial < trials.size() ? trials.get(trial) : null;
    }
}
