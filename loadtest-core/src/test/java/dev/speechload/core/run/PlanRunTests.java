package dev.speechload.core.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.speechload.core.compare.InterleavedComparison;
import dev.speechload.core.engine.LoadPlan;
import dev.speechload.core.engine.LoadRunner;
import dev.speechload.core.engine.TrialData;
import dev.speechload.core.result.RunResult;
import dev.speechload.core.target.Liveness;
import dev.speechload.core.target.TargetDeath;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("PlanRun: the one path that runs a plan")
class PlanRunTests {

    @Test
    void runsEveryTrialAndNamesThePlanItsScaleAndTheMissingTarget() throws Exception {
        LoadPlan plan = LoadPlan.closed(2).withIterations(3).withTrials(3);

        RunResult r = PlanRun.of("PlanRunTests.all", plan, "smoke")
                .withScaleNote("channels 20 -> 2")
                .run(iteration -> {});

        assertThat(r.testName()).isEqualTo("PlanRunTests.all");
        assertThat(r.partial()).isFalse();
        assertThat(r.trials()).hasSize(3);
        assertThat(r.throughput().completedIterations()).isEqualTo(3 * 2 * 3);
        assertThat(r.plan().scale()).isEqualTo("smoke");
        assertThat(r.plan().scaleNote()).isEqualTo("channels 20 -> 2");
        assertThat(r.target()).isEqualTo(PlanRun.NO_TARGET);
    }

    @Test
    void givesEachTrialItsStartAndTellsOfEachAsItEnds() throws Exception {
        LoadPlan plan = LoadPlan.closed(1).withIterations(1).withTrials(2);
        List<Integer> asked = new ArrayList<>();
        List<Integer> finished = new ArrayList<>();
        Instant soon = Instant.now().plusMillis(300);

        RunResult r = PlanRun.of("PlanRunTests.starts", plan, "full")
                .run(
                        iteration -> {},
                        trial -> {
                            asked.add(trial);
                            return trial == 0 ? soon : null;
                        },
                        trial -> finished.add(trial.trial()));

        assertThat(asked).containsExactly(0, 1);
        assertThat(finished).containsExactly(0, 1);
        assertThat(r.startedAtEpochMillis())
                .as("the first trial waited for its start")
                .isGreaterThanOrEqualTo(soon.toEpochMilli() - 20);
    }

    @Test
    void runsNoTrialAfterOneWhoseTargetDied() throws Exception {
        Liveness dead = () -> Optional.of(new TargetDeath(
                "exited with code 1",
                "log server.log",
                1,
                System.nanoTime() - Duration.ofSeconds(1).toNanos()));
        LoadPlan plan = LoadPlan.closed(1).withDuration(Duration.ofSeconds(60)).withTrials(3);
        List<TrialData> finished = new ArrayList<>();

        RunResult r = PlanRun.of("PlanRunTests.dead", plan, "full")
                .withRunner(runner -> runner.withLiveness(dead))
                .run(iteration -> Thread.sleep(5), trial -> null, finished::add);

        assertThat(finished).hasSize(1);
        assertThat(r.targetFailure().message()).startsWith("target exited with code 1 before trial 1 of 3 started");
    }

    @Test
    void assemblesPartialResultsNamedAsTheFinalOne() throws Exception {
        PlanRun run = PlanRun.of("PlanRunTests.partial", LoadPlan.closed(1).withIterations(2), "full");
        TrialData trial = run.trial(iteration -> {}, 0, null);

        RunResult partial = run.assemble(List.of(trial), true);

        assertThat(partial.partial()).isTrue();
        assertThat(partial.testName()).isEqualTo("PlanRunTests.partial");
        assertThat(partial.plan()).isEqualTo(run.summary());
        assertThat(partial.target()).isEqualTo(run.target());
    }

    @Test
    void refusesARunnerOfAnotherPlan() {
        LoadPlan plan = LoadPlan.closed(2).withIterations(1);
        PlanRun run = PlanRun.of("PlanRunTests.other", plan, "full");

        assertThatThrownBy(() -> run.withRunner(runner -> new LoadRunner(plan.withChannels(3))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("withRunner must keep the plan of PlanRunTests.other: ");
    }

    @Test
    void anAbComparisonRefusesASideWithoutATargetOrOfAnotherPlan() {
        LoadPlan plan = LoadPlan.closed(1).withIterations(1);
        InterleavedComparison ab = new InterleavedComparison(plan, 2, 7);
        PlanRun untargeted = PlanRun.of("PlanRunTests.ab", plan.withTrials(2), "full");
        PlanRun otherPlan = PlanRun.of("PlanRunTests.ab", plan, "full");

        assertThatThrownBy(() -> ab.run(iteration -> {}, untargeted, untargeted))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the reference side of PlanRunTests.ab needs a started target (PlanRun.withTarget)");
        assertThatThrownBy(() -> ab.run(iteration -> {}, otherPlan, untargeted))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("the reference side of PlanRunTests.ab must run this comparison's plan (2"
                        + " trials, one per pair)");
    }
}
