package dev.speechload.core.junit.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.speechload.core.engine.LoadPlan;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The common schedule every shard works out by itself from {@code loadtest.startAt}: a slot per
 * trial of every load test, in the order they run, each the trial's warm-up + duration + the gap.
 */
@DisplayName("The shards' common start of every test")
class StartScheduleTests {

    private static final Instant START = Instant.parse("2026-12-06T03:00:00Z");
    private static final Duration GAP = Duration.ofSeconds(20);

    @Test
    void startsEveryTrialOfEveryTestOneSlotAfterThePrevious() {
        StartSchedule schedule = new StartSchedule(START, GAP);

        TestStarts a = schedule.claim("A.a", LoadPlan.closed(6).withDuration(Duration.ofMinutes(1)));
        TestStarts b = schedule.claim(
                "B.b",
                LoadPlan.closed(6)
                        .withWarmup(Duration.ofSeconds(10))
                        .withDuration(Duration.ofSeconds(30))
                        .withTrials(2));
        TestStarts c = schedule.claim("C.c", LoadPlan.closed(6).withDuration(Duration.ofSeconds(5)));

        assertThat(a.trials()).containsExactly(START);
        assertThat(b.trials()).containsExactly(START.plusSeconds(80), START.plusSeconds(80 + 60));
        assertThat(c.trials()).containsExactly(START.plusSeconds(80 + 60 + 60));
        assertThat(b.of(1)).isEqualTo(START.plusSeconds(140));
        assertThat(b.of(2)).as("a trial past the schedule starts when ready").isNull();
        assertThat(a.unscheduled()).isNull();
    }

    @Test
    void twoShardsWorkOutTheSameStartsWhateverTheirClocks() {
        StartSchedule one = new StartSchedule(START, GAP);
        StartSchedule other = new StartSchedule(START, GAP);
        LoadPlan first = LoadPlan.closed(4).withDuration(Duration.ofSeconds(8));
        LoadPlan second = LoadPlan.open(20).withDuration(Duration.ofSeconds(12));

        one.claim("T.first", first);
        other.claim("T.first", first);

        assertThat(one.claim("T.second", second)).isEqualTo(other.claim("T.second", second));
    }

    @Test
    void endsAfterAPlanOfIterationsWhoseLengthIsNotKnownAheadAndSaysWhy() {
        StartSchedule schedule = new StartSchedule(START, GAP);

        TestStarts counted = schedule.claim("A.counted", LoadPlan.closed(2).withIterations(100));
        TestStarts after = schedule.claim("B.after", LoadPlan.closed(2).withDuration(Duration.ofSeconds(5)));

        assertThat(counted.trials()).containsExactly(START);
        assertThat(after.trials()).isEmpty();
        assertThat(after.unscheduled())
                .isEqualTo("the test before it, A.counted, runs a number of iterations per"
                        + " channel, whose length is not known ahead, so the tests after it cannot be scheduled together: give"
                        + " it a duration to keep every test of the shards together");
    }

    @Test
    void withoutAStartEveryTestStartsWhenReady() {
        StartSchedule schedule = StartSchedule.none();

        assertThat(schedule.claim("A.a", LoadPlan.closed(2).withDuration(Duration.ofSeconds(5))))
                .isEqualTo(TestStarts.NONE);
        assertThat(TestStarts.NONE.of(0)).isNull();
    }
}
