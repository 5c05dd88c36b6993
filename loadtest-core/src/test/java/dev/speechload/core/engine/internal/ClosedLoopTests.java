package dev.speechload.core.engine.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.speechload.core.engine.LoadPlan;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A closed-model channel's iteration count and the channels' planned starts, without a clock. */
class ClosedLoopTests {

    private static final long MS = 1_000_000L;

    @Test
    void aChannelStopsAtItsIterationBoundCountingOnlyMeasuredIterations() {
        ClosedLoop loop = new ClosedLoop(LoadPlan.closed(1).withIterations(3).withWarmupIterations(2), 0);
        int started = 0;
        int warm = 0;
        while (loop.another(0, Long.MAX_VALUE)) {
            boolean w = loop.warm(0);
            warm += w ? 1 : 0;
            loop.ended(w);
            started++;
        }
        assertThat(started).isEqualTo(5);
        assertThat(warm).isEqualTo(2);
    }

    @Test
    void iterationsStartedBeforeTheWarmUpTimeIsOverAreWarmUpAndNoneStartsAtTheDeadline() {
        ClosedLoop loop = new ClosedLoop(LoadPlan.closed(1).withWarmup(Duration.ofMillis(100)), 1000 * MS);
        assertThat(loop.warm(1099 * MS)).isTrue();
        assertThat(loop.warm(1100 * MS)).isFalse();
        assertThat(loop.another(1999 * MS, 2000 * MS)).isTrue();
        assertThat(loop.another(2000 * MS, 2000 * MS)).isFalse();
        assertThat(loop.firstMeasured()).isTrue();
        assertThat(loop.firstMeasured()).isFalse();
    }

    @Test
    void rampStepsStartTheirShareOfChannelsAtTheirTimeAndStepsAfterTheEndAreLeftOut() {
        LoadPlan plan = LoadPlan.closed(10).withRamp(3, Duration.ofMillis(100));
        List<ClosedStart> all = ClosedStart.of(plan, 1000 * MS);
        assertThat(all).hasSize(10);
        assertThat(all).extracting(ClosedStart::channel).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
        assertThat(all.get(0).offsetNanos()).isZero();
        assertThat(all.get(9).rampStep()).isEqualTo(3);
        assertThat(all.get(9).offsetNanos()).isEqualTo(200 * MS);

        List<ClosedStart> cut = ClosedStart.of(plan, 150 * MS);
        assertThat(cut).allMatch(s -> s.rampStep() <= 2);
    }
}
