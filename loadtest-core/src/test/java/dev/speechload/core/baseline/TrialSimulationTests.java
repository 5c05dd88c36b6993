package dev.speechload.core.baseline;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The error rates of the level rule on simulated trials and single runs (see {@link TrialSimulation});
 * deterministic, so the bounds are exact for these seeds, and loose enough to survive a change of
 * seed. The rule: WARN when the estimate is beyond the warn level and the interval excludes no
 * worsening; FAIL when the interval's conservative bound is beyond the fail level.
 */
class TrialSimulationTests {

    private static final int ROUNDS = 500;
    private static final int SINGLE_ROUNDS = 300;

    @Test
    void raisesFewFalseAlarmsOnNoisyTrialsFromOneDistribution() {
        double trials = TrialSimulation.alarmRate(5, 0.10, 0, ROUNDS, 11, false);
        double singleNumbers = TrialSimulation.alarmRate(1, 0.10, 0, ROUNDS, 11, false);

        assertThat(trials).isLessThanOrEqualTo(0.01);
        assertThat(singleNumbers).isGreaterThan(trials);
        assertThat(TrialSimulation.alarmRate(5, 0.20, 0, ROUNDS, 17, true)).isLessThanOrEqualTo(0.002);
    }

    @Test
    void warnsAboutHalfTheTimeWhenTheShiftIsExactlyAtTheWarnLevel() {
        // the estimate lands beyond the level half the time; that is what a level means
        assertThat(TrialSimulation.alarmRate(5, 0.05, 0.2, ROUNDS, 15, false)).isBetween(0.3, 0.7);
    }

    @Test
    void detectsAQuarterSlowerLatencyWithAgreeingTrials() {
        assertThat(TrialSimulation.alarmRate(10, 0.05, 0.25, ROUNDS, 18, false)).isGreaterThanOrEqualTo(0.9);
        assertThat(TrialSimulation.alarmRate(5, 0.05, 0.25, ROUNDS, 19, false)).isGreaterThanOrEqualTo(0.8);
    }

    @Test
    void detectsARealFiftyPercentShift() {
        assertThat(TrialSimulation.alarmRate(5, 0.10, 0.5, ROUNDS, 12, false)).isGreaterThanOrEqualTo(0.95);
        assertThat(TrialSimulation.alarmRate(10, 0.20, 0.5, ROUNDS, 16, false)).isGreaterThanOrEqualTo(0.9);
    }

    @Test
    void failsOnlyWhenTheChangeIsSurelyBeyondTheFailLevel() {
        assertThat(TrialSimulation.alarmRate(5, 0.10, 0.5, ROUNDS, 13, true)).isLessThanOrEqualTo(0.05);
        assertThat(TrialSimulation.alarmRate(5, 0.05, 1.0, ROUNDS, 14, true)).isGreaterThanOrEqualTo(0.9);
    }

    @Test
    void aSingleRunOfNinetySessionsRarelyAlarmsWithoutAChange() {
        assertThat(TrialSimulation.singleRunAlarmRate(90, 0, SINGLE_ROUNDS, 21, false))
                .isLessThanOrEqualTo(0.03);
        assertThat(TrialSimulation.singleRunAlarmRate(90, 0, SINGLE_ROUNDS, 22, true))
                .isLessThanOrEqualTo(0.005);
    }

    @Test
    void aSingleRunDetectsRealShiftsItsSampleCanTell() {
        assertThat(TrialSimulation.singleRunAlarmRate(90, 0.5, SINGLE_ROUNDS, 23, false))
                .isGreaterThanOrEqualTo(0.8);
        assertThat(TrialSimulation.singleRunAlarmRate(2000, 0.25, SINGLE_ROUNDS, 24, false))
                .isGreaterThanOrEqualTo(0.8);
    }
}
