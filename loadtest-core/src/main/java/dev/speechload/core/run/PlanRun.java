package dev.speechload.core.run;

import dev.speechload.core.engine.LoadPlan;
import dev.speechload.core.engine.LoadRunner;
import dev.speechload.core.engine.Scenario;
import dev.speechload.core.engine.TrialData;
import dev.speechload.core.result.EnvironmentInfo;
import dev.speechload.core.result.PlanSummary;
import dev.speechload.core.result.RunResult;
import dev.speechload.core.result.TargetInfo;
import dev.speechload.core.stats.RunResults;
import dev.speechload.core.target.Target;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * One run of a plan: every trial through the engine's {@link LoadRunner}, then one
 * {@link RunResult} assembled from them ({@link RunResults#assemble}) naming the plan, its scale
 * and the target. What it says about its target is read once ({@link Target#info()}), so partial
 * and final results of a run name it the same way.
 *
 * <pre>{@code
 * RunResult r = PlanRun.of("Stt.steady", plan, "full")
 *         .withTarget(server)                                  // endpoints, resource probe, liveness
 *         .withEnvironment(Environments.capture(root))
 *         .withRunner(runner -> runner.withGracePeriod(Duration.ofSeconds(2)))
 *         .run(scenario);
 * }</pre>
 *
 * <p>Immutable: {@code with...} methods return a new run. {@link #run} may be called from one
 * thread at a time (as {@link LoadRunner#run}).
 */
public final class PlanRun {

    /** What a result says when scenarios ran in the generator JVM, against no target. */
    public static final TargetInfo NO_TARGET =
            new TargetInfo("none", "no @LoadTarget: scenarios run in the test JVM", -1, Map.of());

    private final String testName;
    private final LoadPlan plan;
    private final String scale;
    private final String scaleNote;
    private final LoadRunner runner;
    private final EnvironmentInfo environment;
    private final TargetInfo target;
    /** The started target the run is aimed at; null = none. */
    private final Target aimedAt;

    private PlanRun(
            String testName,
            LoadPlan plan,
            String scale,
            String scaleNote,
            LoadRunner runner,
            EnvironmentInfo environment,
            TargetInfo target,
            Target aimedAt) {
        this.testName = testName;
        this.plan = plan;
        this.scale = scale;
        this.scaleNote = scaleNote;
        this.runner = runner;
        this.environment = environment;
        this.target = target;
        this.aimedAt = aimedAt;
    }

    /**
     * A run of {@code plan} named {@code testName}, at {@code scale} ("smoke" or "full"), against no
     * target and with no environment until given.
     *
     * @throws IllegalArgumentException when the plan cannot run, listing every problem
     */
    public static PlanRun of(String testName, LoadPlan plan, String scale) {
        Objects.requireNonNull(testName, "testName");
        Objects.requireNonNull(scale, "scale");
        return new PlanRun(testName, plan, scale, null, new LoadRunner(plan), null, NO_TARGET, null);
    }

    /** What the smoke scale made of the declared plan, written into the result's plan; null = nothing. */
    public PlanRun withScaleNote(String note) {
        return new PlanRun(testName, plan, scale, note, runner, environment, target, aimedAt);
    }

    /** The machine and build the run is on (captured once by the caller); null = not recorded. */
    public PlanRun withEnvironment(EnvironmentInfo newEnvironment) {
        return new PlanRun(testName, plan, scale, scaleNote, runner, newEnvironment, target, aimedAt);
    }

    /**
     * Runs against a started target ({@link LoadRunner#withTarget}: its endpoints, resource probe
     * and liveness) and names it in the result.
     */
    public PlanRun withTarget(Target newTarget) {
        Objects.requireNonNull(newTarget, "target");
        return new PlanRun(
                testName,
                plan,
                scale,
                scaleNote,
                runner.withTarget(newTarget),
                environment,
                Objects.requireNonNull(newTarget.info(), "the target's info"),
                newTarget);
    }

    /**
     * The engine's settings beyond the target: grace period, channel threads, listener, metrics, a
     * resource probe taken away. {@code change} gets the current runner and returns the one to use;
     * it must keep the plan.
     *
     * @throws IllegalArgumentException when {@code change} returned a runner of another plan
     */
    public PlanRun withRunner(UnaryOperator<LoadRunner> change) {
        LoadRunner changed = Objects.requireNonNull(change.apply(runner), "the changed runner");
        if (!changed.plan().equals(plan)) {
            throw new IllegalArgumentException(
                    "withRunner must keep the plan of " + testName + ": " + plan + " became " + changed.plan());
        }
        return new PlanRun(testName, plan, scale, scaleNote, changed, environment, target, aimedAt);
    }

    /** The test's name the result carries. */
    public String testName() {
        return testName;
    }

    /** The plan this run follows. */
    public LoadPlan plan() {
        return plan;
    }

    /** The started target the run is aimed at ({@link #withTarget}); empty without one. */
    public Optional<Target> aimedAt() {
        return Optional.ofNullable(aimedAt);
    }

    /** The plan as the result records it. */
    public PlanSummary summary() {
        return RunResults.plan(plan, scale, scaleNote);
    }

    /** What the result says about its target; {@link #NO_TARGET} without one. */
    public TargetInfo target() {
        return target;
    }

    /**
     * Runs every trial of the plan in turn, each starting when it is ready; none after a trial
     * whose target died.
     *
     * @throws Exception what the scenario's set-up threw
     */
    public RunResult run(Scenario scenario) throws Exception {
        return run(scenario, trial -> null, trial -> {});
    }

    /**
     * As {@link #run(Scenario)}, trial {@code i} starting its ramp at {@code startAt.of(i)} (null =
     * when ready; {@link LoadRunner#run(Scenario, int, Instant)}), {@code finished} told of each
     * trial as it ends (on this thread).
     *
     * @throws Exception what the scenario's set-up or {@code startAt} threw
     */
    public RunResult run(Scenario scenario, Starts startAt, Consumer<TrialData> finished) throws Exception {
        Objects.requireNonNull(scenario, "scenario");
        List<TrialData> trials = new ArrayList<>();
        for (int i = 0; i < plan.trials(); i++) {
            TrialData trial = trial(scenario, i, startAt.of(i));
            trials.add(trial);
            finished.accept(trial);
            if (trial.targetFailure() != null) {
                break; // the server is gone: further trials would measure nothing of it
            }
        }
        return assemble(trials, false);
    }

    /**
     * Runs one trial, for callers that order trials themselves (an A/B comparison alternates two
     * runs); {@link #assemble} makes their result.
     *
     * @param index   0-based trial index, reported back in the data
     * @param startAt when its ramp starts by this machine's clock; null = when ready
     * @throws Exception what the scenario's set-up threw
     */
    public TrialData trial(Scenario scenario, int index, Instant startAt) throws Exception {
        return runner.run(scenario, index, startAt);
    }

    /**
     * The result of {@code trials} of this run ({@link RunResults#assemble}).
     *
     * @param partial true while the run is still going (the last trial may be a snapshot)
     * @throws IllegalArgumentException when {@code trials} is empty
     */
    public RunResult assemble(List<TrialData> trials, boolean partial) {
        return RunResults.assemble(testName, summary(), environment, target, trials, partial);
    }

    /** When each trial's ramp starts; may wait for a start far ahead. */
    @FunctionalInterface
    public interface Starts {
        /**
         * @param trial 0-based trial index
         * @return its start by this machine's clock; null = when ready
         * @throws InterruptedException when interrupted while waiting
         */
        Instant of(int trial) throws InterruptedException;
    }
}
