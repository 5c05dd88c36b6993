package dev.speechload.core.baseline;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The trial rule's error rates on simulated trials (see {@link TrialSimulation}); deterministic,
 * so the bounds are exact for these seeds, and loose enough to survive a change of seed.
 */
class TrialSimulationTests {

    private static final int ROUNDS = 500;

    @Test
    void raisesFewFalseAlarmsOnNoisyTrialsFromOneDistribution() {
        double trials = TrialSimulation.alarmRate(5, 0.10, 0, ROUNDS, 11, false);
        double singleNumbers = TrialSimulation.alarmRate(1, 0.10, 0, ROUNDS, 11, false);

        assertThat(trials).isLessThanOrEqualTo(0.01);
        assertThat(singleNumbers).isGreaterThan(trials);
    }

    @Test
    void rarelyAlarmsWhenTheShiftIsExactlyAtTheWarnLevel() {
        assertThat(TrialSimulation.alarmRate(5, 0.10, 0.2, ROUNDS, 15, false)).isLessThanOrEqualTo(0.05);
    }

    @Test
    void detectsARealFiftyPercentShift() {
        assertThat(TrialSimulation.alarmRate(5, 0.05, 0.5, ROUNDS, 12, false)).isGreaterThanOrEqualTo(0.9);
        assertThat(TrialSimulation.alarmRate(10, 0.10, 0.5, ROUNDS, 16, false)).isGreaterThanOrEqualTo(0.9);
    }

    @Test
    void failsOnlyWhenTheWholeIntervalIsBeyondTheFailLevel() {
        assertThat(TrialSimulation.alarmRate(5, 0.10, 0.5, ROUNDS, 13, true)).isLessThanOrEqualTo(0.1);
        assertThat(TrialSimulation.alarmRate(5, 0.05, 1.0, ROUNDS, 14, true)).isGreaterThanOrEqualTo(0.9);
    }
}
