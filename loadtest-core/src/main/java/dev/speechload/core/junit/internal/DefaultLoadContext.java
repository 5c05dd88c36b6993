package dev.speechload.core.junit.internal;

import dev.speechload.core.baseline.Thresholds;
import dev.speechload.core.compare.InterleavedComparison;
import dev.speechload.core.config.Settings;
import dev.speechload.core.config.Shard;
import dev.speechload.core.engine.ChannelThreads;
import dev.speechload.core.engine.LoadPlan;
import dev.speechload.core.engine.Scenario;
import dev.speechload.core.junit.LoadContext;
import dev.speechload.core.junit.LoadJudge;
import dev.speechload.core.live.internal.LiveView;
import dev.speechload.core.record.CounterMetric;
import dev.speechload.core.record.LatencyMetric;
import dev.speechload.core.result.EnvironmentInfo;
import dev.speechload.core.result.RunResult;
import dev.speechload.core.result.Sharding;
import dev.speechload.core.run.PlanRun;
import dev.speechload.core.target.Endpoints;
import dev.speechload.core.target.Target;
import java.io.PrintStream;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The {@link LoadContext} of one test method, kept in the method's store. Not API; test thread only. */
final class DefaultLoadContext implements LoadContext {

    /** Partial results are written at most this often (and at least every sample interval). */
    static final long PARTIAL_EVERY_MILLIS = 2_000;
    /** A ramp that started this much after its planned start ({@code loadtest.startAt}'s schedule) is reported as late. */
    static final long LATE_START_WARN_MILLIS = 100;

    private final String testName;
    private static final Logger LOG = LoggerFactory.getLogger(DefaultLoadContext.class);

    private final LoadPlan plan;
    private final String scaleNote;
    private final Settings settings;
    private final StartedTarget target;
    private final StartedTarget reference;
    private final EnvironmentInfo environment;
    private final Thresholds thresholds;
    private final boolean failOnRegression;
    private final Map<String, String> latencies = new LinkedHashMap<>();
    private final Map<String, String> counters = new LinkedHashMap<>();
    private RunResult result;
    private InterleavedComparison.Outcome comparison;
    private boolean started;
    private LiveView live = LiveView.off();
    /** Whether this test's run was shown in the live view (so its end is shown too). */
    private boolean shownLive;
    /** When this test's trials start, from {@code loadtest.startAt}'s schedule; taken by the first {@link #run}. */
    private TestStarts starts = TestStarts.NONE;
    /** The planned start of this test's first trial; null = none (it started when ready). */
    private Instant startAt;

    /**
     * @param scaleNote what the smoke scale made of the declared plan; null at full scale
     * @param reference the reference build when the test runs as A/B ({@link StartedTarget#none()}
     *                  when not)
     */
    DefaultLoadContext(
            String testName,
            LoadPlan plan,
            String scaleNote,
            Settings settings,
            StartedTarget target,
            StartedTarget reference,
            EnvironmentInfo environment,
            Thresholds thresholds,
            boolean failOnRegression) {
        this.testName = testName;
        this.plan = plan;
        this.scaleNote = scaleNote;
        this.settings = settings;
        this.target = target;
        this.reference = reference;
        this.environment = environment;
        this.thresholds = thresholds;
        this.failOnRegression = failOnRegression;
    }

    /** The test run's live view ({@code loadtest.live}); off by default. */
    DefaultLoadContext withLive(LiveView view) {
        this.live = Objects.requireNonNull(view, "view");
        return this;
    }

    /** The live view this test's run was shown in; {@link LiveView#off()} when it was not. */
    LiveView live() {
        return shownLive ? live : LiveView.off();
    }

    /** When this test's trials start ({@link StartSchedule#claim}). */
    DefaultLoadContext withStarts(TestStarts testStarts) {
        this.starts = testStarts;
        return this;
    }

    @Override
    public Endpoints endpoints() {
        return target.endpoints();
    }

    @Override
    public Optional<Target> target() {
        return target.target();
    }

    @Override
    public LoadPlan plan() {
        return plan;
    }

    @Override
    public String testName() {
        return testName;
    }

    @Override
    public Settings settings() {
        return settings;
    }

    @Override
    public LatencyMetric latency(String name, String description) {
        requireNotStarted("latency");
        latencies.putIfAbsent(name, description);
        return new Handle(name, latencies.get(name));
    }

    @Override
    public CounterMetric counter(String name, String unit) {
        requireNotStarted("counter");
        counters.putIfAbsent(name, unit);
        return new Handle(name, counters.get(name));
    }

    private void requireNotStarted(String what) {
        if (started) {
            throw new IllegalStateException(
                    "declare metrics before LoadContext.run: " + what + " came after it in " + testName);
        }
    }

    /** The rules this test is judged by, in the test ({@link #judge()}) and after it. */
    Thresholds thresholds() {
        return thresholds;
    }

    /** What a test that judges inside itself receives: this test's rules and baselines. */
    LoadJudge judge() {
        return new DefaultLoadJudge(testName, thresholds, settings.baselinesDir());
    }

    @Override
    public RunResult run(Scenario scenario) throws Exception {
        Objects.requireNonNull(scenario, "scenario");
        started = true;
        if (scaleNote != null) {
            LOG.info("{}: {}; -Dloadtest.scale=full runs the declared plan", testName, scaleNote);
        }
        if (reference.target().isPresent()) {
            return runComparison(scenario);
        }
        TestStarts planned = starts;
        starts = TestStarts.NONE; // a second run in one test has no slot of its own: it starts when ready
        if (planned.unscheduled() != null) {
            LOG.warn("{}: no common start with the other shards: {}", testName, planned.unscheduled());
        }
        startAt = planned.of(0);
        PlanRun planRun = target.aim(PlanRun.of(testName, plan, settings.scale().id())
                .withScaleNote(scaleNote)
                .withEnvironment(environment));
        RunReporter reporter = reporter(planRun);
        Shard shard = settings.shard();
        // One shard reads the server: the others' reads would cost the server n times and tell the same.
        boolean readsServer = shard == null || shard.samplesServer();
        planRun = planRun.withRunner(runner -> (readsServer ? runner : runner.withResourceProbe(null))
                .withChannelThreads(channelThreads(settings))
                .withListener(reporter)
                .withMetrics(context -> {
                    latencies.forEach(context::latency);
                    counters.forEach(context::counter);
                }));
        try {
            result = sharded(planRun.run(
                    scenario, i -> StartSlots.usable(testName, planned.of(i), settings), reporter::trialFinished));
        } finally {
            reporter.close();
        }
        warnIfLate(result.startedAtEpochMillis());
        return result;
    }

    /** A shard that came late to the common start skews the merge: say so where its operator looks. */
    private void warnIfLate(long actualStartEpochMillis) {
        if (startAt != null && actualStartEpochMillis - startAt.toEpochMilli() > LATE_START_WARN_MILLIS) {
            LOG.warn(
                    "{}: the ramp started {} ms after its planned start {} (this generator was not ready by then:"
                            + " its JVM, the test before or the scenario's set-up took longer): set {} further ahead (the"
                            + " first test) or raise {} (the tests after it) so every shard starts together",
                    testName,
                    actualStartEpochMillis - startAt.toEpochMilli(),
                    startAt,
                    Settings.START_AT,
                    Settings.START_GAP);
        }
    }

    /** {@code result} naming this generator's shard, its requested and its actual start; as is when unsharded. */
    private RunResult sharded(RunResult result) {
        Shard shard = settings.shard();
        if (shard == null) {
            return result;
        }
        // A result's start is its first trial's.
        return result.withSharding(Sharding.of(
                shard.index(),
                shard.count(),
                startAt == null ? 0 : startAt.toEpochMilli(),
                result.startedAtEpochMillis()));
    }

    /**
     * The A/B path: the plan's trial in {@code loadtest.comparePairs} pairs against the reference
     * (A) and the class's target (B). B's trials are written as a partial result while it runs;
     * the live view shows both sides' trials; the result returned is B's.
     */
    private RunResult runComparison(Scenario scenario) throws Exception {
        Target a = reference.target().orElseThrow();
        Target b = target.target()
                .orElseThrow(() -> new IllegalStateException(
                        "an A/B comparison needs the class's @LoadTarget as the candidate; " + testName + " has none"));
        long seed = settings.compareSeed() != null ? settings.compareSeed() : new SecureRandom().nextLong();
        InterleavedComparison ab = new InterleavedComparison(plan, settings.comparePairs(), seed)
                .withChannelThreads(channelThreads(settings));
        // Both sides as the comparison runs them, one trial per pair; B's partial results come from B's run.
        PlanRun side = PlanRun.of(
                        testName,
                        plan.withTrials(settings.comparePairs()),
                        settings.scale().id())
                .withScaleNote(scaleNote)
                .withEnvironment(environment);
        PlanRun candidate = side.withTarget(b);
        LiveView.Feed feed = live.watch(testName);
        RunReporter reporter = reporter(candidate, feed);
        try {
            comparison = ab.withMetrics(context -> {
                        latencies.forEach(context::latency);
                        counters.forEach(context::counter);
                    })
                    .withWatch(new ComparisonReporter(reporter, feed))
                    .run(scenario, side.withTarget(a), candidate);
        } finally {
            reporter.close();
        }
        result = comparison.candidate();
        return result;
    }

    /**
     * What {@code loadtest.channelThreads} asks the channels to run on. A kind this JVM lacks fails
     * the test here, naming the setting, before its target is started (the extension calls this
     * first) and certainly before any load.
     *
     * @throws ExtensionConfigurationException for {@code virtual} before Java 21
     */
    static ChannelThreads channelThreads(Settings settings) {
        // Same names on both sides: config cannot name the engine's type (package order).
        ChannelThreads kind = ChannelThreads.valueOf(settings.channelThreads().name());
        kind.unavailableReason().ifPresent(why -> {
            throw new ExtensionConfigurationException(
                    Settings.CHANNEL_THREADS + "=" + kind.name().toLowerCase(Locale.ROOT) + ": " + why);
        });
        return kind;
    }

    /** Why a reference build that was asked for did not run for this test; empty when none was asked for. */
    Optional<String> notCompared() {
        return reference.absence();
    }

    /**
     * Writes partial results of the trials so far (as {@code run}'s), draws the progress line and
     * feeds the live view.
     */
    private RunReporter reporter(PlanRun run) {
        return reporter(run, live.watch(testName));
    }

    private RunReporter reporter(PlanRun run, LiveView.Feed feed) {
        PrintStream progressOut = settings.progress() ? System.err : null;
        shownLive = true;
        return new RunReporter(
                testName,
                settings.resultsDir(),
                Math.max(PARTIAL_EVERY_MILLIS, plan.sampleInterval().toMillis()),
                progressOut,
                scaleNote,
                trials -> sharded(run.assemble(trials, true)),
                feed);
    }

    /** The last {@link #run}'s A/B comparison when the test runs as A/B, else null. */
    InterleavedComparison.Outcome comparison() {
        return comparison;
    }

    /** The result of the last {@link #run} that completed, or null when none did. */
    RunResult result() {
        return result;
    }

    /** Whether a FAIL verdict fails this test. */
    boolean failOnRegression() {
        return failOnRegression;
    }

    /** A metric declared before the run; recorded by name into each trial's recorders. */
    private record Handle(String name, String text) implements LatencyMetric, CounterMetric {
        @Override
        public String description() {
            return text;
        }

        @Override
        public String unit() {
            return text;
        }
    }
}
