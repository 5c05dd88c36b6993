package dev.speechload.core.junit.internal;

import dev.speechload.core.config.Durations;
import dev.speechload.core.config.Settings;
import dev.speechload.core.engine.StartInstant;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a planned trial start ({@link StartSchedule}) becomes when the trial is about to run. The
 * run's first start is {@code loadtest.startAt} itself and goes to the engine as it is, which
 * refuses one far off (a mistyped setting). A later start is the schedule's own: one that passed
 * long ago means this generator fell behind the others (a slow test before it or set-up), and it
 * starts at once rather than lose the shard's load for the test; one further ahead than the engine
 * accepts means this generator got ahead (a test before it ended early), and it waits. Stateless.
 */
final class StartSlots {

    private static final Logger LOG = LoggerFactory.getLogger(StartSlots.class);
    /** How far ahead of a start the wait for a far one ends: time for the scenario's set-up. */
    private static final Duration SET_UP_LEAD = Duration.ofMinutes(1);

    private StartSlots() {}

    /**
     * @param planned the trial's planned start, or null
     * @return the start to give the engine; null = at once
     * @throws InterruptedException when interrupted while waiting for a start far ahead
     */
    static Instant usable(String testName, Instant planned, Settings settings) throws InterruptedException {
        if (planned == null || planned.equals(settings.startAt())) {
            return planned;
        }
        long ahead = planned.toEpochMilli() - System.currentTimeMillis();
        if (-ahead > StartInstant.MAX_LATE.toMillis()) {
            LOG.warn(
                    "{}: its start on the shards' common schedule, {} ({} and the slots of the tests before it),"
                            + " passed {} ms ago: the test before it or this test's set-up took longer than {}={} allows;"
                            + " it starts now, apart from the other shards (the merged result shows how far): raise {}",
                    testName,
                    planned,
                    Settings.START_AT,
                    -ahead,
                    Settings.START_GAP,
                    Durations.format(settings.startGap()),
                    Settings.START_GAP);
            return null;
        }
        long wait = ahead - StartInstant.MAX_AHEAD.toMillis() + SET_UP_LEAD.toMillis();
        if (wait > 0) {
            LOG.info(
                    "{}: waiting {} s for its start on the shards' common schedule, {}",
                    testName,
                    wait / 1000,
                    planned);
            Thread.sleep(wait);
        }
        return planned;
    }
}
