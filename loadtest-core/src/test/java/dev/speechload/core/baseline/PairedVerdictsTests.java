package dev.speechload.core.baseline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.speechload.core.result.HealthFigures;
import dev.speechload.core.result.HealthStatus;
import dev.speechload.core.result.PairedFigure;
import dev.speechload.core.result.RunResult;
import dev.speechload.core.testkit.RunResultFixture;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("A/B verdicts on paired trials")
class PairedVerdictsTests {

    private static final String METRIC = "stt.final_latency";
    private static final String P99 = "latency." + METRIC + ".p99";
    private static final int PAIRS = 8;

    @Test
    void twoEqualBuildsPassAndCarryTheirPairedFigures() {
        PairedVerdicts.Judged judged = judge(side(50, 100, 1), side(50, 100, 2), Thresholds.defaults());

        assertThat(judged.verdict().overall())
                .as(VerdictMessages.summary(judged.verdict()))
                .isEqualTo(VerdictStatus.PASS);
        assertThat(line(judged, P99).reason()).contains("paired B/A of 8 pairs", "96 % interval");
        assertThat(judged.figures()).extracting(PairedFigure::metric).containsExactly(P99, "throughput");
        PairedFigure latency = judged.figures().get(0);
        assertThat(latency.reference()).hasSize(PAIRS);
        assertThat(latency.kept()).containsOnly(true);
        assertThat(latency.lower()).isLessThan(1.0);
        assertThat(latency.upper()).isGreaterThan(1.0);
        assertThat(judged.verdict().notes().get(0)).startsWith("A/B (test)");
    }

    @Test
    void aLatencyFarBeyondTheFailLevelFails() {
        PairedVerdicts.Judged judged = judge(side(50, 100, 1), side(90, 100, 2), Thresholds.defaults());

        assertThat(line(judged, P99).status()).isEqualTo(VerdictStatus.FAIL);
        assertThat(line(judged, P99).reason()).contains("beyond the fail level of +50 %");
        assertThat(line(judged, "throughput").status()).isEqualTo(VerdictStatus.PASS);
    }

    @Test
    void aSmallSignificantDropWarnsOnlyWhenItsIntervalReachesTheWarnLevel() {
        RunResult a = side(50, 100, 1);
        RunResult b = side(50, 92, 2);

        MetricVerdict strict = line(judge(a, b, Thresholds.defaults().scaledTo(5)), "throughput");
        MetricVerdict loose = line(judge(a, b, Thresholds.defaults()), "throughput");

        assertThat(strict.status()).as(strict.reason()).isEqualTo(VerdictStatus.WARN);
        assertThat(strict.reason()).contains("significantly worse", "reaches the warn level of -5 %");
        assertThat(loose.status()).as(loose.reason()).isEqualTo(VerdictStatus.PASS);
        assertThat(loose.reason()).contains("significantly worse, but the whole interval stays within the warn level");
    }

    @Test
    void pairsWithACompromisedTrialAreLeftOutAndTooFewLeftIsInconclusive() {
        HealthStatus[] health = new HealthStatus[PAIRS];
        Arrays.fill(health, HealthStatus.HEALTHY);
        health[1] = health[4] = health[6] = HealthStatus.COMPROMISED;
        RunResult a = side(50, 100, 1, health);
        RunResult b = side(90, 100, 2, null);

        PairedVerdicts.Judged judged = judge(a, b, Thresholds.defaults());

        assertThat(line(judged, P99).status()).isEqualTo(VerdictStatus.INCONCLUSIVE);
        assertThat(line(judged, P99).reason()).contains("5 of 8 pairs usable", "re-run on a steadier machine");
        assertThat(judged.verdict().overall()).isEqualTo(VerdictStatus.INCONCLUSIVE);
        assertThat(judged.verdict().notes())
                .anyMatch(n -> n.contains("Left out 3 of 8 pairs") && n.contains("[2, 5, 7]"));
        assertThat(judged.figures().get(0).kept())
                .as(judged.figures().toString())
                .containsExactly(true, false, true, true, false, true, false, true);
    }

    @Test
    void everyPairCompromisedLeavesEveryTimingInconclusiveNotReported() {
        HealthStatus[] health = new HealthStatus[PAIRS];
        Arrays.fill(health, HealthStatus.COMPROMISED);

        PairedVerdicts.Judged judged = judge(side(50, 100, 1, health), side(90, 100, 2, health), Thresholds.defaults());

        assertThat(line(judged, P99).status()).isEqualTo(VerdictStatus.INCONCLUSIVE);
        assertThat(line(judged, P99).reason())
                .contains("0 of 8 pairs usable", "met different machines or the generator fell behind");
        assertThat(line(judged, "throughput").status()).isEqualTo(VerdictStatus.INCONCLUSIVE);
    }

    @Test
    void oneCompromisedPairLeavesEnoughToJudge() {
        HealthStatus[] health = new HealthStatus[PAIRS];
        Arrays.fill(health, HealthStatus.HEALTHY);
        health[3] = HealthStatus.COMPROMISED;

        PairedVerdicts.Judged judged = judge(side(50, 100, 1), side(90, 100, 2, health), Thresholds.defaults());

        assertThat(line(judged, P99).status()).isEqualTo(VerdictStatus.FAIL);
        assertThat(line(judged, P99).reason()).contains("paired B/A of 7 pairs");
    }

    @Test
    void aHogThatRunsThroughEveryPairCompromisesEachSideButNotTheComparison() {
        HealthStatus[] compromised = new HealthStatus[PAIRS];
        Arrays.fill(compromised, HealthStatus.COMPROMISED);
        HealthFigures[] hog = new HealthFigures[PAIRS];
        HealthFigures[] hogToo = new HealthFigures[PAIRS];
        for (int i = 0; i < PAIRS; i++) {
            hog[i] = contended(0.24 + 0.002 * i, 0.03, 15);
            hogToo[i] = contended(0.26 - 0.002 * i, 0.04, 18);
        }

        PairedVerdicts.Judged same =
                judge(side(50, 100, 1, compromised, hog), side(50, 100, 2, compromised, hogToo), Thresholds.defaults());
        PairedVerdicts.Judged slower =
                judge(side(50, 100, 1, compromised, hog), side(90, 100, 2, compromised, hogToo), Thresholds.defaults());

        assertThat(same.verdict().overall())
                .as(VerdictMessages.summary(same.verdict()))
                .isEqualTo(VerdictStatus.PASS);
        assertThat(line(slower, P99).status()).isEqualTo(VerdictStatus.FAIL);
        assertThat(line(slower, P99).reason()).contains("paired B/A of 8 pairs");
        assertThat(slower.verdict().notes())
                .anyMatch(n ->
                        n.contains("DEGRADED") && n.contains("same contention") && n.contains("other processes used"));
    }

    @Test
    void aPairWhoseTrialsMetDifferentMachinesIsLeftOutAndSaysWhy() {
        HealthFigures[] quiet = new HealthFigures[PAIRS];
        Arrays.fill(quiet, contended(0.03, 0.60, 8));
        HealthFigures[] burst = quiet.clone();
        burst[2] = contended(0.31, 0.05, 9);
        HealthStatus[] statuses = new HealthStatus[PAIRS];
        Arrays.fill(statuses, HealthStatus.HEALTHY);
        HealthStatus[] withBurst = statuses.clone();
        withBurst[2] = HealthStatus.COMPROMISED;

        PairedVerdicts.Judged judged =
                judge(side(50, 100, 1, statuses, quiet), side(50, 100, 2, withBurst, burst), Thresholds.defaults());

        assertThat(judged.figures().get(0).kept()).containsExactly(true, true, false, true, true, true, true, true);
        assertThat(judged.verdict().notes())
                .anyMatch(n -> n.contains("Left out 1 of 8 pairs")
                        && n.contains("3.0 % of the machine in A's trial and 31 % in B's, B - A = +28 points where the"
                                + " comparison's pairs typically differ by +0")
                        && n.contains("different machines"));
        assertThat(line(judged, P99).reason()).contains("paired B/A of 7 pairs");
    }

    @Test
    void aSlowerCandidateThatLeavesAHogMoreRoomInEveryPairIsStillJudged() {
        // Measured beside a one-core hog: a build that waits 10 % longer let the hog use 45 % of the
        // machine in its trials against 31 % in the reference's, in every pair alike.
        HealthFigures[] a = new HealthFigures[PAIRS];
        HealthFigures[] b = new HealthFigures[PAIRS];
        for (int i = 0; i < PAIRS; i++) {
            a[i] = contended(0.31 + 0.01 * (i % 3), 0.02, 20);
            b[i] = contended(0.45 - 0.01 * (i % 2), 0.02, 20);
        }

        PairedVerdicts.Judged judged =
                judge(side(50, 100, 1, null, a), side(90, 100, 2, null, b), Thresholds.defaults());

        assertThat(judged.figures().get(0).kept()).containsOnly(true);
        assertThat(line(judged, P99).status()).isEqualTo(VerdictStatus.FAIL);
    }

    @Test
    void aPairWhoseGeneratorFellBehindIsLeftOutWhateverTheMachine() {
        HealthFigures[] a = new HealthFigures[PAIRS];
        Arrays.fill(a, contended(0.03, 0.60, 8));
        HealthFigures[] b = a.clone();
        b[0] = contended(0.03, 0.60, 80);
        b[5] = contended(0.03, 0.60, 95);
        b[7] = contended(0.03, 0.60, 120);

        PairedVerdicts.Judged judged =
                judge(side(50, 100, 1, null, a), side(90, 100, 2, null, b), Thresholds.defaults());

        assertThat(line(judged, P99).status()).isEqualTo(VerdictStatus.INCONCLUSIVE);
        assertThat(judged.verdict().notes()).anyMatch(n -> n.contains("pair 1: B's trial") && n.contains("lag p99"));
        assertThat(judged.verdict().overall()).isEqualTo(VerdictStatus.INCONCLUSIVE);
    }

    @Test
    void errorsAndLeaksAreJudgedOnBAgainstA() {
        RunResult a = RunResultFixture.run()
                .errors(0, 0)
                .fds(100, 100)
                .pairTrials(METRIC, 5000, values(50, 1), values(100, 3), null)
                .build();
        RunResult b = RunResultFixture.run()
                .errors(300, 0.3)
                .fds(100, 400)
                .pairTrials(METRIC, 5000, values(50, 2), values(100, 4), null)
                .build();

        PairedVerdicts.Judged judged = judge(a, b, Thresholds.defaults());

        assertThat(line(judged, "errors.ratio").status()).isEqualTo(VerdictStatus.FAIL);
        assertThat(line(judged, "fds.delta").status()).isEqualTo(VerdictStatus.FAIL);
        assertThat(line(judged, P99).status()).isEqualTo(VerdictStatus.PASS);
    }

    @Test
    void aBuildWhoseServerDiedFailsTheComparisonWithTheSentenceOnEitherSide() {
        RunResult alive = RunResultFixture.run()
                .pairTrials(METRIC, 5000, values(50, 1), values(100, 3), null)
                .build();
        RunResult died = RunResultFixture.run()
                .targetExited(137, 4_200)
                .pairTrials(METRIC, 5000, values(50, 2), values(100, 4), null)
                .build();

        PairedVerdicts.Judged candidateDied = judge(alive, died, Thresholds.defaults());
        PairedVerdicts.Judged referenceDied = judge(died, alive, Thresholds.defaults());

        assertThat(line(candidateDied, Verdicts.TARGET_ALIVE).status()).isEqualTo(VerdictStatus.FAIL);
        assertThat(line(candidateDied, Verdicts.TARGET_ALIVE).reason())
                .isEqualTo("target exited with code 137 at 4.2 s");
        assertThat(candidateDied.verdict().overall()).isEqualTo(VerdictStatus.FAIL);
        assertThat(line(referenceDied, Verdicts.TARGET_ALIVE + ".reference").reason())
                .isEqualTo("reference build (A): target exited with code 137 at 4.2 s");
        assertThat(referenceDied.verdict().overall()).isEqualTo(VerdictStatus.FAIL);
    }

    @Test
    void runsWithoutOneTrialPerPairAreRefused() {
        RunResult a = side(50, 100, 1);
        RunResult b = RunResultFixture.run()
                .pairTrials(METRIC, 5000, new double[] {50}, new double[] {100}, null)
                .build();

        assertThatThrownBy(() -> judge(a, b, Thresholds.defaults()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("8 reference and 1 candidate");
    }

    private static PairedVerdicts.Judged judge(RunResult a, RunResult b, Thresholds t) {
        return PairedVerdicts.judge(a, b, "A/B (test)", t);
    }

    private static RunResult side(double p99Millis, double throughput, long seed) {
        return side(p99Millis, throughput, seed, null);
    }

    private static RunResult side(double p99Millis, double throughput, long seed, HealthStatus[] health) {
        return side(p99Millis, throughput, seed, health, null);
    }

    private static RunResult side(
            double p99Millis, double throughput, long seed, HealthStatus[] health, HealthFigures[] figures) {
        return RunResultFixture.run()
                .pairTrials(METRIC, 5000, values(p99Millis, seed), values(throughput, seed + 100), health, figures)
                .build();
    }

    /** A trial's health figures: other processes' CPU, idle share, generator lag p99 in ms. */
    private static HealthFigures contended(double otherCpu, double idle, long lagMillis) {
        return new HealthFigures(0.2, otherCpu, 0.5, 0, 2, 0.01, lagMillis * 1_000_000L, 0, idle);
    }

    /** One value per pair around {@code centre}, 2 % log-normal noise. */
    private static double[] values(double centre, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double[] out = new double[PAIRS];
        for (int i = 0; i < PAIRS; i++) {
            double u = 1 - random.nextDouble();
            double z = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random.nextDouble());
            out[i] = centre * Math.exp(0.02 * z);
        }
        return out;
    }

    private static MetricVerdict line(PairedVerdicts.Judged judged, String metric) {
        return judged.verdict().metrics().stream()
                .filter(m -> m.metric().equals(metric))
                .findFirst()
                .orElseThrow(() -> new AssertionError(metric + " not in " + VerdictMessages.summary(judged.verdict())));
    }
}
