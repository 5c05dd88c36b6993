package dev.speechload.core.compare;

import dev.speechload.core.baseline.PairedVerdicts;
import dev.speechload.core.baseline.Thresholds;
import dev.speechload.core.engine.ChannelThreads;
import dev.speechload.core.engine.LoadPlan;
import dev.speechload.core.engine.LoadRunner;
import dev.speechload.core.engine.Scenario;
import dev.speechload.core.engine.ScenarioContext;
import dev.speechload.core.engine.TrialData;
import dev.speechload.core.result.Comparison;
import dev.speechload.core.result.EnvironmentInfo;
import dev.speechload.core.result.Health;
import dev.speechload.core.result.RunResult;
import dev.speechload.core.run.PlanRun;
import dev.speechload.core.stats.RunResults;
import dev.speechload.core.stats.internal.PairHealth;
import dev.speechload.core.target.Target;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one plan as an interleaved A/B comparison: {@code pairs} pairs of trials, each pair one
 * trial against the reference A and one against the candidate B, one server loaded at a time, in
 * the order {@link TrialOrder} draws. Both servers are started by the caller and stay up for the
 * whole comparison, so each is as warm as the other at every pair: pair 1 compares two cold
 * servers, later pairs two warm ones, and the pairing cancels what warming does to both.
 *
 * <p>Before every trial both servers are given a moment to go idle ({@link Settle}): the one not
 * under load is part of the experiment, not foreign work, and a server still compiling or
 * collecting after its last trial would show in the next trial's health as other processes'
 * CPU, and slow the server under load.
 *
 * <p>Immutable; {@link #run} may be called from one thread at a time.
 */
public final class InterleavedComparison {

    private static final Logger LOG = LoggerFactory.getLogger(InterleavedComparison.class);

    private final LoadPlan plan;
    private final int pairs;
    private final long seed;
    private final Consumer<ScenarioContext> metrics;
    private final ComparisonWatch watch;
    private final ChannelThreads threads;

    /**
     * @param plan  the plan of one trial (its own {@code trials} count is replaced by {@code pairs})
     * @param pairs trial pairs, at least {@link PairedVerdicts#MIN_PAIRS} for a judged timing
     * @param seed  the seed of the pair order
     */
    public InterleavedComparison(LoadPlan plan, int pairs, long seed) {
        this(
                plan.withTrials(requirePairs(pairs)),
                pairs,
                seed,
                context -> {},
                ComparisonWatch.none(),
                ChannelThreads.PLATFORM);
    }

    private static int requirePairs(int pairs) {
        if (pairs < 1) {
            throw new IllegalArgumentException("an A/B comparison needs at least one pair, was " + pairs);
        }
        return pairs;
    }

    private InterleavedComparison(
            LoadPlan plan,
            int pairs,
            long seed,
            Consumer<ScenarioContext> metrics,
            ComparisonWatch watch,
            ChannelThreads threads) {
        this.plan = plan;
        this.pairs = pairs;
        this.seed = seed;
        this.metrics = metrics;
        this.watch = watch;
        this.threads = threads;
    }

    /** Metrics registered in every trial before the scenario's set-up (as {@link LoadRunner#withMetrics}). */
    public InterleavedComparison withMetrics(Consumer<ScenarioContext> registration) {
        return new InterleavedComparison(
                plan, pairs, seed, Objects.requireNonNull(registration, "registration"), watch, threads);
    }

    /** Watches every trial of both sides: which pair and build it is, its intervals and its end. */
    public InterleavedComparison withWatch(ComparisonWatch newWatch) {
        return new InterleavedComparison(
                plan, pairs, seed, metrics, Objects.requireNonNull(newWatch, "watch"), threads);
    }

    /**
     * What both sides' blocking channels run on ({@link LoadRunner#withChannelThreads}); platform
     * threads by default.
     *
     * @throws UnsupportedOperationException for {@link ChannelThreads#VIRTUAL} on a JVM before Java 21
     */
    public InterleavedComparison withChannelThreads(ChannelThreads kind) {
        Objects.requireNonNull(kind, "kind").requireAvailable();
        return new InterleavedComparison(plan, pairs, seed, metrics, watch, kind);
    }

    /** The order the pairs will run in. */
    public List<String> order() {
        return TrialOrder.draw(pairs, seed);
    }

    /**
     * Runs every pair, watching both targets: a pair in which one died is the last one run (its
     * trial ended at the death; the verdict FAILs with it).
     *
     * @param testName    the test's name, for both results
     * @param scale       the scale id the plan ran at ("smoke" or "full")
     * @param environment the machine, captured once
     * @param scenario    the work of one channel; set up afresh for every trial with that
     *                    trial's target's endpoints
     * @param reference   A, started
     * @param candidate   B, started
     * @throws Exception what a scenario's set-up threw
     */
    public Outcome run(
            String testName,
            String scale,
            EnvironmentInfo environment,
            Scenario scenario,
            Target reference,
            Target candidate)
            throws Exception {
        return run(
                scenario, side(testName, scale, environment, reference), side(testName, scale, environment, candidate));
    }

    /**
     * As {@link #run(String, String, EnvironmentInfo, Scenario, Target, Target)} with both sides
     * given as runs of this comparison's plan (one trial per pair), each aimed at its started target,
     * so the caller names them (a scale note) and can assemble partial results of a side itself with
     * the same run. This comparison adds its metrics and channel threads to both.
     *
     * @throws IllegalArgumentException when a side has no target or follows another plan
     * @throws Exception                what a scenario's set-up threw
     */
    public Outcome run(Scenario scenario, PlanRun referenceRun, PlanRun candidateRun) throws Exception {
        Objects.requireNonNull(scenario, "scenario");
        Target reference = aimedAt(referenceRun, "reference");
        Target candidate = aimedAt(candidateRun, "candidate");
        String testName = candidateRun.testName();
        List<String> order = order();
        PlanRun a =
                referenceRun.withRunner(runner -> runner.withMetrics(metrics).withChannelThreads(threads));
        PlanRun b =
                candidateRun.withRunner(runner -> runner.withMetrics(metrics).withChannelThreads(threads));
        List<TrialData> aTrials = new ArrayList<>();
        List<TrialData> bTrials = new ArrayList<>();
        boolean died = false;
        for (int i = 0; i < pairs && !died; i++) {
            boolean aFirst = TrialOrder.AB.equals(order.get(i));
            LOG.info("{}: A/B pair {} of {} ({})", testName, i + 1, pairs, order.get(i));
            for (int side = 0; side < 2; side++) {
                boolean onA = (side == 0) == aFirst;
                Target target = onA ? reference : candidate;
                PairTrial step = new PairTrial(
                        i, pairs, onA ? PairTrial.Side.REFERENCE : PairTrial.Side.CANDIDATE, target.description());
                watch.starting(step);
                Settle.untilIdle(reference, candidate);
                TrialData trial = (onA ? a : b)
                        .withRunner(runner -> runner.withListener(progress -> watch.onInterval(step, progress)))
                        .trial(scenario, i, null);
                (onA ? aTrials : bTrials).add(trial);
                watch.finished(step, trial);
                // A dead target ends the comparison after this pair, which stays whole.
                died |= trial.targetFailure() != null;
            }
        }
        return pairwise(Comparison.INTERLEAVED, a.assemble(aTrials, false), b.assemble(bTrials, false), order, seed);
    }

    /**
     * The outcome with both runs carrying the comparison's health ({@link PairHealth}): each side's
     * own rule asks for a machine like a baseline's, which contention shared by a pair's two trials
     * does not spoil.
     */
    public static Outcome pairwise(
            String mode, RunResult reference, RunResult candidate, List<String> order, long seed) {
        Health health = PairHealth.comparison(
                reference.trials(),
                candidate.trials(),
                RunResults.cores(reference.environment()),
                PairedVerdicts.MIN_PAIRS);
        return new Outcome(mode, reference.withHealth(health), candidate.withHealth(health), order, seed);
    }

    /** One side of the comparison: the plan against {@code target}, one trial per pair. */
    private PlanRun side(String testName, String scale, EnvironmentInfo environment, Target target) {
        return PlanRun.of(testName, plan, scale).withEnvironment(environment).withTarget(target);
    }

    private Target aimedAt(PlanRun side, String which) {
        if (!side.plan().equals(plan)) {
            throw new IllegalArgumentException("the " + which + " side of " + side.testName() + " must run this"
                    + " comparison's plan (" + pairs + " trials, one per pair): " + plan + ", was " + side.plan());
        }
        return side.aimedAt()
                .orElseThrow(() -> new IllegalArgumentException("the " + which + " side of " + side.testName()
                        + " needs a started target (PlanRun.withTarget)"));
    }

    /**
     * What an A/B comparison measured.
     *
     * @param mode      {@link Comparison#INTERLEAVED} or {@link Comparison#DUET}
     * @param reference A's run, one trial per pair
     * @param candidate B's run, one trial per pair
     * @param order     each pair's order
     * @param seed      the seed the order was drawn with
     */
    public record Outcome(String mode, RunResult reference, RunResult candidate, List<String> order, long seed) {

        public Outcome {
            Objects.requireNonNull(mode, "mode");
            Objects.requireNonNull(reference, "reference");
            Objects.requireNonNull(candidate, "candidate");
            order = List.copyOf(order);
        }

        /** Judges the pairs with {@code thresholds} ({@link PairedVerdicts}). */
        public PairedVerdicts.Judged judge(Thresholds thresholds) {
            return PairedVerdicts.judge(reference, candidate, how(), thresholds);
        }

        /** The comparison as a report keeps it, with the figures {@code judged} rests on. */
        public Comparison comparison(PairedVerdicts.Judged judged) {
            return new Comparison(mode, seed, order, reference, judged.figures());
        }

        /** One sentence: which builds, how many pairs, in which order. */
        String how() {
            String how = Comparison.DUET.equals(mode)
                    ? "both at once, the load split between them"
                    : "in randomized block order " + String.join(" ", order) + " (seed " + seed
                            + ", loadtest.compareSeed repeats it)";
            return "A/B (" + mode + "): " + order.size() + " pairs of trials, A = " + describe(reference) + ", B = "
                    + describe(candidate) + ", " + how + "; each timing judged on the paired ratios B/A"
                    + " (Hodges-Lehmann estimate, Wilcoxon signed-rank interval)";
        }

        private static String describe(RunResult run) {
            return run.target() == null ? "?" : run.target().description();
        }
    }
}
