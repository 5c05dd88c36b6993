package dev.speechload.core.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.speechload.core.result.HealthStatus;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** E-divisive change points on synthetic trends whose shifts are known. */
@DisplayName("change points")
class ChangePointsTests {

    private static List<TrendPoint> trend(double... values) {
        List<TrendPoint> out = new ArrayList<>();
        for (int i = 0; i < values.length; i++) {
            out.add(new TrendPoint(100 + i, i * 60_000L, "c" + i, HealthStatus.HEALTHY, values[i]));
        }
        return out;
    }

    @Test
    void namesTheFirstRunAfterAShiftItsCommitTheSizeAndTheConfidence() {
        List<TrendPoint> t = trend(10, 11, 10, 9, 10, 11, 10, 13, 13, 12, 14, 13, 13, 12);

        List<ChangePoint> found = ChangePoints.find("T.run", "latency.service_time.p99", t);

        assertThat(found).singleElement().satisfies(c -> {
            assertThat(c.runId()).isEqualTo(107);
            assertThat(c.gitCommit()).isEqualTo("c7");
            assertThat(c.previousGitCommit()).isEqualTo("c6");
            assertThat(c.meanBefore()).isCloseTo(10.142857, within(1e-5));
            assertThat(c.meanAfter()).isCloseTo(12.857142, within(1e-5));
            assertThat(c.shiftRatio()).isCloseTo(0.2676, within(1e-3));
            assertThat(c.confidence()).isGreaterThanOrEqualTo(0.95);
        });
    }

    @Test
    void findsNothingInAFlatSeriesOrOneTooShortToSplit() {
        assertThat(ChangePoints.find("T.run", "m", trend(10, 10, 10, 10, 10, 10, 10, 10)))
                .isEmpty();
        assertThat(ChangePoints.find("T.run", "m", trend(10, 10, 20, 20, 20))).isEmpty();
        assertThat(ChangePoints.find("T.run", "m", List.of())).isEmpty();
    }

    @Test
    void leavesCompromisedRunsOut() {
        List<TrendPoint> t = new ArrayList<>(trend(10, 11, 10, 9, 10, 11, 10, 9, 10, 11, 10, 9));
        for (int i = 6; i < 12; i++) {
            TrendPoint p = t.get(i);
            t.set(i, new TrendPoint(p.runId(), p.startedAtEpochMillis(), p.gitCommit(), HealthStatus.COMPROMISED, 50));
        }
        t.addAll(trend(10, 11, 10));

        assertThat(ChangePoints.find("T.run", "m", t)).isEmpty();
    }

    @Test
    void givesTheSameAnswerForTheSameSeries() {
        List<TrendPoint> t = trend(10, 11, 10, 9, 10, 11, 10, 13, 13, 12, 14, 13, 13, 12);
        assertThat(ChangePoints.find("T.run", "m", t)).isEqualTo(ChangePoints.find("T.run", "m", t));
    }

    @Test
    void detectsAThreeSigmaShiftAlmostAlwaysAtItsRun() {
        ChangePointSimulation.Rates r = ChangePointSimulation.measure(100, 40, 5, false, 3, new int[] {20}, 11);
        assertThat(r.detectionRate()).isGreaterThanOrEqualTo(0.95);
        // Each side of a found shift is searched again at 5 %, so a shifted series has more chances of a false one.
        assertThat(r.falseAlarmRate()).isLessThanOrEqualTo(0.20);
    }

    @Test
    void detectsBothOfTwoShiftsUpAndBackDown() {
        ChangePointSimulation.Rates r = ChangePointSimulation.measure(100, 45, 5, false, 3, new int[] {15, 30}, 12);
        // A bump is the method's hard case (one split at a time sees two halves that each mix both levels).
        assertThat(r.detectionRate()).isGreaterThanOrEqualTo(0.85);
        assertThat(r.falseAlarmRate()).isLessThanOrEqualTo(0.25);
    }

    @Test
    void raisesFalseAlarmsOnNoShiftAtAboutTheSignificanceLevel() {
        ChangePointSimulation.Rates r = ChangePointSimulation.measure(200, 40, 5, false, 0, new int[0], 13);
        // 5 % significance; 200 series put the measured rate within about +-3 % of it.
        assertThat(r.falseAlarmRate()).isBetween(0.01, 0.10);
    }

    @Test
    void holdsItsFalseAlarmRateAndDetectsOnHeavyTailedNoise() {
        ChangePointSimulation.Rates none = ChangePointSimulation.measure(200, 40, 5, true, 0, new int[0], 14);
        ChangePointSimulation.Rates shifted = ChangePointSimulation.measure(100, 40, 5, true, 3, new int[] {20}, 15);
        assertThat(none.falseAlarmRate()).isLessThanOrEqualTo(0.10);
        assertThat(shifted.detectionRate()).isGreaterThanOrEqualTo(0.90);
    }
}
