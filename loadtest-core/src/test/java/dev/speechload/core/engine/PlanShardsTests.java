package dev.speechload.core.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.speechload.core.config.Shard;
import dev.speechload.core.engine.internal.ArrivalSchedule;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Property-style: every split of a plan over n shards adds back to the plan, step by step. */
@DisplayName("Shards of one plan")
class PlanShardsTests {

    @Test
    void everyClosedSplitSumsBackStepByStep() {
        int checked = 0;
        for (int channels = 1; channels <= 60; channels++) {
            for (int steps = 1; steps <= Math.min(channels, 12); steps++) {
                LoadPlan plan = LoadPlan.closed(channels)
                        .withRamp(steps, Duration.ofSeconds(1))
                        .withIterations(7);
                for (int n = 1; n <= channels && n <= 16; n++) {
                    int[] perStep = new int[steps];
                    int total = 0;
                    for (int k = 0; k < n; k++) {
                        LoadPlan shard = LoadRunner.check(plan.shard(new Shard(k, n)));
                        assertThat(shard.channels())
                                .as("shard %d/%d of %d channels", k, n, channels)
                                .isPositive();
                        assertThat(shard.rampSteps()).isEqualTo(steps);
                        assertThat(shard.iterations()).isEqualTo(7);
                        total += shard.channels();
                        for (int s = 1; s <= steps; s++) {
                            int inStep = shard.firstChannelOfStep(s + 1) - shard.firstChannelOfStep(s);
                            int whole = plan.firstChannelOfStep(s + 1) - plan.firstChannelOfStep(s);
                            // A shard's share of a step is the step divided by n, rounded one way or the other.
                            assertThat(inStep).isBetween(whole / n, (whole + n - 1) / n);
                            perStep[s - 1] += inStep;
                        }
                    }
                    assertThat(total)
                            .as("%d channels, %d steps, %d shards", channels, steps, n)
                            .isEqualTo(channels);
                    for (int s = 1; s <= steps; s++) {
                        assertThat(perStep[s - 1])
                                .as("step %d of %d channels, %d steps, %d shards", s, channels, steps, n)
                                .isEqualTo(plan.firstChannelOfStep(s + 1) - plan.firstChannelOfStep(s));
                    }
                    checked++;
                }
            }
        }
        assertThat(checked).isGreaterThan(3000);
    }

    @Test
    void everyOpenSplitSumsBackToTheRateAndTheWorkers() {
        double[] rates = {0.5, 1, 3, 7.25, 10, 99.9, 1000, 12345.678};
        for (double rate : rates) {
            for (int workers = 1; workers <= 40; workers += 3) {
                for (int steps = 1; steps <= 5; steps++) {
                    LoadPlan plan = LoadPlan.open(rate).withChannels(workers).withRamp(steps, Duration.ofSeconds(2));
                    for (int n = 1; n <= workers && n <= 12; n++) {
                        double sum = 0;
                        int workersSum = 0;
                        for (int k = 0; k < n; k++) {
                            LoadPlan shard = LoadRunner.check(plan.shard(new Shard(k, n)));
                            assertThat(shard.rampSteps()).isEqualTo(steps);
                            assertThat(shard.arrivalsPerSecond()).isPositive();
                            sum += shard.arrivalsPerSecond();
                            workersSum += shard.channels();
                        }
                        assertThat(workersSum).isEqualTo(workers);
                        // A rate is a double: the shares add back to it up to the last bits of rounding.
                        assertThat(sum)
                                .as("rate %s over %d shards", rate, n)
                                .isCloseTo(rate, org.assertj.core.data.Offset.offset(Math.ulp(rate) * 4 * n));
                    }
                }
            }
        }
    }

    @Test
    void openShardsInterleaveTheirArrivalsAsOneGeneratorWould() {
        for (int n = 1; n <= 7; n++) {
            for (int steps = 1; steps <= 4; steps++) {
                LoadPlan plan = LoadPlan.open(40).withChannels(50).withRamp(steps, Duration.ofSeconds(1));
                ArrivalSchedule whole = schedule(plan);
                List<ArrivalSchedule> shards = new ArrayList<>();
                for (int k = 0; k < n; k++) {
                    shards.add(schedule(plan.shard(new Shard(k, n))));
                }
                for (long j = 0; j < 300; j++) {
                    // Arrival j of the whole plan is arrival j / n of shard j mod n, due at the same time (to the ns).
                    long shardOffset = shards.get((int) (j % n)).offsetNanos(j / n);
                    assertThat(shardOffset)
                            .as("arrival %d over %d shards, %d steps", j, n, steps)
                            .isCloseTo(whole.offsetNanos(j), org.assertj.core.data.Offset.offset(2L));
                }
                for (long t = 0; t <= 8_000_000_000L; t += 123_456_789L) {
                    long at = t;
                    long sum = shards.stream().mapToLong(s -> s.countBefore(at)).sum();
                    assertThat(sum)
                            .as("arrivals due before %d ns over %d shards", at, n)
                            .isBetween(whole.countBefore(at) - 1, whole.countBefore(at) + 1);
                }
            }
        }
    }

    private static ArrivalSchedule schedule(LoadPlan p) {
        // As the engine builds it (Trial).
        return p.shardOf() == null
                ? new ArrivalSchedule(
                        p.arrivalsPerSecond(), p.rampSteps(), p.rampInterval().toNanos())
                : new ArrivalSchedule(
                        p.arrivalsPerSecond(),
                        p.rampSteps(),
                        p.rampInterval().toNanos(),
                        p.shardOf().index(),
                        p.shardOf().count());
    }

    @Test
    void aShardKeepsItsShareOfAStepSmallerThanTheShardCount() {
        // 4 channels in 4 steps over 3 shards: shard 0 gets channels 0 and 3 (steps 1 and 4).
        LoadPlan plan = LoadPlan.closed(4).withRamp(4, Duration.ofSeconds(1));

        LoadPlan first = plan.shard(new Shard(0, 3));

        assertThat(first.channels()).isEqualTo(2);
        assertThat(first.stepChannels()).containsExactly(1, 0, 0, 1);
        assertThat(plan.shard(new Shard(2, 3)).stepChannels()).containsExactly(0, 0, 1, 0);
    }

    @Test
    void refusesMoreShardsThanChannels() {
        assertThatThrownBy(() -> LoadPlan.closed(2).shard(new Shard(0, 3)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the plan has 2 channels, fewer than the 3 shards: every shard needs at least one;"
                        + " run at most 2 shards");
    }

    @Test
    void refusesAStartFarAheadOrLongPassed() {
        long now = 1_800_000_000_000L;

        assertThat(StartInstant.check(Instant.ofEpochMilli(now + 3_000), now)).isEqualTo(now + 3_000);
        assertThat(StartInstant.check(Instant.ofEpochMilli(now - 2_000), now)).isEqualTo(now - 2_000);
        assertThatThrownBy(() -> StartInstant.check(Instant.ofEpochMilli(now + 11 * 60_000), now))
                .hasMessage("loadtest.startAt=2027-01-15T08:11:00Z is 660.0 s ahead, more than the 10 minutes"
                        + " allowed: set an instant shortly after every generator will have started"
                        + " (e.g. now + 1 minute)");
        assertThatThrownBy(() -> StartInstant.check(Instant.ofEpochMilli(now - 30_000), now))
                .hasMessage("loadtest.startAt=2027-01-15T07:59:30Z passed 30.0 s ago (more than 5 s): this generator"
                        + " would not start with the others; set a later instant, far enough ahead for every"
                        + " generator to start");
    }

    @Test
    void startsTheRampAtTheRequestedInstant() throws Exception {
        LoadRunner runner = new LoadRunner(LoadPlan.closed(2).withIterations(3));
        Instant startAt = Instant.now().plusMillis(1500);

        TrialData data = runner.run(context -> {}, 0, startAt);

        // The engine decided this start: not a measure of the machine's speed.
        assertThat(data.startedAtEpochMillis()).isBetween(startAt.toEpochMilli() - 20, startAt.toEpochMilli() + 200);
        assertThat(data.completedIterations()).isEqualTo(6);
    }
}
