package dev.speechload.core.engine;

import dev.speechload.core.engine.internal.Trial;
import dev.speechload.core.sample.ResourceProbe;
import dev.speechload.core.target.Endpoints;
import dev.speechload.core.target.Liveness;
import dev.speechload.core.target.Target;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Runs a {@link LoadPlan} against a scenario, one trial per {@link #run(Scenario, int)} call.
 *
 * <p>Closed model: channels start in {@code rampSteps} equal steps, one every {@code rampInterval};
 * each channel is a daemon platform thread (256 KiB stack) looping the scenario, its first
 * {@code warmupIterations} iterations and its first {@code warmup} of time excluded from all
 * statistics, until {@code iterations} measured iterations or the deadline
 * ({@code warmup + duration} after the start). Open model: {@code channels} workers take arrivals
 * due at {@code arrivalsPerSecond} (climbing in the same steps) and time each from its intended
 * start, so a stalled server shows in {@code response_time}.
 *
 * <p>Every channel thread is created before the run starts and parks until its planned time (its
 * ramp step's, or its arrival's), so a large step starts with timer wake-ups, not thread creations.
 * How late each planned start really happened is recorded as the latency metric
 * {@code generator.scheduling_lag} ({@code RunResult.SCHEDULING_LAG}) and its p99 as
 * {@link TrialData#schedulingLagP99Nanos()}.
 *
 * <p>At the deadline no new iteration starts; running ones get the grace period to end (and are
 * counted normally), then are interrupted and counted in the {@code iterations.cut} counter, not
 * as errors; channels that ignore the interrupt are abandoned. A run never outlives
 * {@code deadline + 2 x grace} by much. Iteration-bounded plans stop at the time limit at the latest.
 *
 * <p>A run watches its target when given one ({@link #withTarget} or {@link #withLiveness}): when
 * the target dies (a process or container exits on its own, an external server fails its health
 * checks), the run ends there as at its deadline, keeps what it measured, and its data carries the
 * death ({@link TrialData#targetFailure()}); {@link #runAll} runs no further trial. Iterations
 * that fail are counted and timed apart ({@code failed_time}): {@code service_time},
 * {@code response_time} and the throughput hold successful iterations only.
 *
 * <p>Immutable: {@code with...} methods return a new runner. Each {@code run} call is independent
 * and may be made from any one thread at a time.
 */
public final class LoadRunner {

    /** Default grace for iterations running at the deadline. */
    public static final Duration DEFAULT_GRACE = Duration.ofSeconds(5);
    /** Default bound on an iteration-bounded plan's measured phase. */
    public static final Duration DEFAULT_TIME_LIMIT = Duration.ofMinutes(30);

    private final LoadPlan plan;
    private final Endpoints endpoints;
    private final ResourceProbe probe;
    private final RunListener listener;
    private final Duration grace;
    private final Duration timeLimit;
    private final Consumer<ScenarioContext> preRegistration;
    private final Liveness liveness;
    private final ChannelThreads threads;

    /**
     * @throws IllegalArgumentException when the plan cannot run, listing every problem
     */
    public LoadRunner(LoadPlan plan) {
        this(
                check(plan),
                new Endpoints(Map.of()),
                null,
                RunListener.none(),
                DEFAULT_GRACE,
                DEFAULT_TIME_LIMIT,
                context -> {},
                null,
                ChannelThreads.PLATFORM);
    }

    private LoadRunner(
            LoadPlan plan,
            Endpoints endpoints,
            ResourceProbe probe,
            RunListener listener,
            Duration grace,
            Duration timeLimit,
            Consumer<ScenarioContext> preRegistration,
            Liveness liveness,
            ChannelThreads threads) {
        this.plan = plan;
        this.endpoints = endpoints;
        this.probe = probe;
        this.listener = listener;
        this.grace = grace;
        this.timeLimit = timeLimit;
        this.preRegistration = preRegistration;
        this.liveness = liveness;
        this.threads = threads;
    }

    /** The plan this runner follows. */
    public LoadPlan plan() {
        return plan;
    }

    /** Endpoints handed to the scenario's set-up; default none. */
    public LoadRunner withEndpoints(Endpoints newEndpoints) {
        return new LoadRunner(
                plan,
                Objects.requireNonNull(newEndpoints, "endpoints"),
                probe,
                listener,
                grace,
                timeLimit,
                preRegistration,
                liveness,
                threads);
    }

    /** Reads the server before, during (every sample interval) and after the load; null = none. */
    public LoadRunner withResourceProbe(ResourceProbe newProbe) {
        return new LoadRunner(
                plan, endpoints, newProbe, listener, grace, timeLimit, preRegistration, liveness, threads);
    }

    /**
     * Runs against a started target: its endpoints, its resource probe (where it has one) and its
     * {@link Target#liveness()}, so a run ends when the target dies.
     */
    public LoadRunner withTarget(Target target) {
        Objects.requireNonNull(target, "target");
        return withEndpoints(target.endpoints())
                .withResourceProbe(target.resourceProbe().orElse(null))
                .withLiveness(target.liveness());
    }

    /** Watches the target with this during every trial, ending a trial when it dies; null = not watched (default). */
    public LoadRunner withLiveness(Liveness newLiveness) {
        return new LoadRunner(
                plan, endpoints, probe, listener, grace, timeLimit, preRegistration, newLiveness, threads);
    }

    /** Called on the sampler thread once per sample interval. */
    public LoadRunner withListener(RunListener newListener) {
        return new LoadRunner(
                plan,
                endpoints,
                probe,
                Objects.requireNonNull(newListener, "listener"),
                grace,
                timeLimit,
                preRegistration,
                liveness,
                threads);
    }

    /** How long iterations running at the deadline may take to end before they are interrupted; >= 0. */
    public LoadRunner withGracePeriod(Duration newGrace) {
        if (newGrace.isNegative()) {
            throw new IllegalArgumentException("grace period must be >= 0, was " + newGrace);
        }
        return new LoadRunner(
                plan, endpoints, probe, listener, newGrace, timeLimit, preRegistration, liveness, threads);
    }

    /** Bound on an iteration-bounded plan (after ramp and warm-up); > 0. */
    public LoadRunner withTimeLimit(Duration newLimit) {
        if (newLimit.isNegative() || newLimit.isZero()) {
            throw new IllegalArgumentException("time limit must be > 0, was " + newLimit);
        }
        return new LoadRunner(plan, endpoints, probe, listener, grace, newLimit, preRegistration, liveness, threads);
    }

    /**
     * Registers metrics in every trial before the scenario's own set-up (for metrics a test
     * declared outside the scenario).
     */
    public LoadRunner withMetrics(Consumer<ScenarioContext> registration) {
        return new LoadRunner(
                plan,
                endpoints,
                probe,
                listener,
                grace,
                timeLimit,
                Objects.requireNonNull(registration, "registration"),
                liveness,
                threads);
    }

    /**
     * What a blocking scenario's channels run on: platform threads (the default) or, on Java 21 and
     * later, virtual threads. An {@link AsyncScenario}'s channels hold no thread either way.
     *
     * @throws UnsupportedOperationException for {@link ChannelThreads#VIRTUAL} on a JVM before Java 21
     */
    public LoadRunner withChannelThreads(ChannelThreads kind) {
        Objects.requireNonNull(kind, "kind").requireAvailable();
        return new LoadRunner(plan, endpoints, probe, listener, grace, timeLimit, preRegistration, liveness, kind);
    }

    /**
     * Runs one trial with fresh recorders: {@code setUp}, the load, {@code tearDown} (always).
     *
     * @param trial 0-based trial index, reported back in the data
     * @throws Exception what the scenario's set-up threw
     */
    public TrialData run(Scenario scenario, int trial) throws Exception {
        return run(scenario, trial, null);
    }

    /**
     * As {@link #run(Scenario, int)}, starting the ramp at {@code startAt} by this machine's clock
     * (after the scenario's set-up), so generators on several machines start together; null = at
     * once. The data records the start it had ({@link TrialData#startedAtEpochMillis()}).
     *
     * @throws IllegalArgumentException when {@code startAt} is more than {@link StartInstant#MAX_AHEAD}
     *                                  away or passed more than {@link StartInstant#MAX_LATE} ago
     */
    public TrialData run(Scenario scenario, int trial, java.time.Instant startAt) throws Exception {
        Objects.requireNonNull(scenario, "scenario");
        Trial t = new Trial(
                plan,
                scenario,
                endpoints,
                probe,
                listener,
                grace.toNanos(),
                timeLimit.toNanos(),
                preRegistration,
                liveness,
                trial);
        if (startAt != null) {
            t.startingAt(StartInstant.check(startAt, System.currentTimeMillis()));
        }
        t.onThreads(threads);
        return t.run();
    }

    /** Runs every trial of the plan in turn; none after a trial whose target died. */
    public List<TrialData> runAll(Scenario scenario) throws Exception {
        List<TrialData> out = new ArrayList<>();
        for (int i = 0; i < plan.trials(); i++) {
            TrialData data = run(scenario, i);
            out.add(data);
            if (data.targetFailure() != null) {
                break;
            }
        }
        return out;
    }

    /** Checks what the engine needs (the JUnit layer reports annotation errors itself, earlier). */
    static LoadPlan check(LoadPlan plan) {
        Objects.requireNonNull(plan, "plan");
        List<String> problems = new ArrayList<>();
        if (plan.channels() < 1) {
            problems.add("channels must be >= 1, was " + plan.channels());
        }
        if (!plan.stepChannels().isEmpty()) {
            if (plan.stepChannels().size() != plan.rampSteps()
                    || plan.stepChannels().stream().anyMatch(c -> c < 0)
                    || plan.stepChannels().stream().mapToInt(Integer::intValue).sum() != plan.channels()) {
                problems.add("stepChannels must hold rampSteps (" + plan.rampSteps() + ") counts >= 0 adding up to"
                        + " channels (" + plan.channels() + "), was " + plan.stepChannels());
            }
        } else if (plan.rampSteps() < 1
                || (plan.model() == LoadPlan.WorkloadModel.CLOSED && plan.rampSteps() > Math.max(1, plan.channels()))) {
            // The open model's steps raise the rate, not the worker cap: a shard may hold fewer workers than steps.
            problems.add("rampSteps must be between 1 and channels (" + plan.channels() + "), was " + plan.rampSteps());
        }
        if (plan.rampInterval().isNegative()
                || plan.warmup().isNegative()
                || plan.duration().isNegative()
                || plan.expectedInterval().isNegative()) {
            problems.add("durations must be >= 0");
        }
        if (plan.warmupIterations() < 0 || plan.iterations() < 0) {
            problems.add("warmupIterations and iterations must be >= 0");
        }
        if (plan.iterations() == 0 && plan.duration().isZero()) {
            problems.add("a plan needs a duration or iterations per channel");
        }
        if (plan.iterations() > 0 && !plan.duration().isZero()) {
            problems.add("a plan takes a duration or iterations per channel, not both");
        }
        if (plan.model() == LoadPlan.WorkloadModel.OPEN) {
            if (!(plan.arrivalsPerSecond() > 0) || Double.isInfinite(plan.arrivalsPerSecond())) {
                problems.add("an open plan needs arrivalsPerSecond > 0, was " + plan.arrivalsPerSecond());
            }
            if (plan.iterations() > 0) {
                problems.add("an open plan is bounded by duration, not iterations");
            }
        }
        if (plan.trials() < 1) {
            problems.add("trials must be >= 1, was " + plan.trials());
        }
        if (plan.sampleInterval().toMillis() < 1) {
            problems.add("sampleInterval must be >= 1 ms, was " + plan.sampleInterval());
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("invalid load plan: " + String.join("; ", problems));
        }
        return plan;
    }
}
