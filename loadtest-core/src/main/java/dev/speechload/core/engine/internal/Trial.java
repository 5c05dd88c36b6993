package dev.speechload.core.engine.internal;

import dev.speechload.core.engine.AsyncScenario;
import dev.speechload.core.engine.ChannelThreads;
import dev.speechload.core.engine.LoadPlan;
import dev.speechload.core.engine.RunListener;
import dev.speechload.core.engine.Scenario;
import dev.speechload.core.engine.ScenarioContext;
import dev.speechload.core.engine.TrialData;
import dev.speechload.core.record.CounterMetric;
import dev.speechload.core.record.LatencyMetric;
import dev.speechload.core.record.internal.CounterRecorder;
import dev.speechload.core.record.internal.LatencyRecorder;
import dev.speechload.core.record.internal.MetricRegistry;
import dev.speechload.core.result.ResourceSample;
import dev.speechload.core.result.RunResult;
import dev.speechload.core.result.TargetFailure;
import dev.speechload.core.sample.GeneratorReading;
import dev.speechload.core.sample.ResourceProbe;
import dev.speechload.core.target.Endpoints;
import dev.speechload.core.target.Liveness;
import dev.speechload.core.target.TargetDeath;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import org.HdrHistogram.Histogram;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One trial of a plan: set-up, ramp, load until the deadline or the iteration bound, stop with a
 * grace period, tear-down. Single use; {@link #run()} is called from one thread, which also acts
 * as the ramp controller.
 *
 * <p>Who owns what: the {@link Channels} run the iterations (on threads of their own for a blocking
 * {@link Scenario}, on a few scheduler threads for an {@link AsyncScenario}); the {@link Tally}
 * counts and times their outcomes; the {@link OpenArrivals} hand out the open model's arrivals; the
 * {@link IntervalSampler} takes the per-interval series and health on its own thread; the
 * {@link Timeline} is what they all agree on (start, deadline, step, stop); this class sequences
 * them and assembles the {@link TrialData}. How late each planned start really happened is
 * recorded in {@link RunResult#SCHEDULING_LAG}.
 *
 * <p>With a {@link Liveness}, a {@link TargetWatch} checks the target while the load runs: when it
 * dies, the trial ends there as it would at its deadline (running iterations get the grace period),
 * and its data carries the {@link TargetFailure}. Failed iterations are timed into
 * {@link RunResult#FAILED_TIME}, never into the service or response time.
 */
public final class Trial {

    private static final Logger LOG = LoggerFactory.getLogger(Trial.class);
    static final String CUT_COUNTER = "iterations.cut";
    static final String MISSED_COUNTER = RunResult.MISSED_ARRIVALS;
    /** The shortest time between getting the channels ready and {@code t0}. */
    private static final long MIN_START_LEAD_NANOS = 10_000_000L;

    private final LoadPlan plan;
    private final Scenario scenario;
    private final Endpoints endpoints;
    private final long graceNanos;
    private final long timeLimitNanos;
    private final Consumer<ScenarioContext> preRegistration;
    private final Liveness liveness;
    private final int trialIndex;
    private final String threadPrefix;
    private final boolean open;
    private final long warmupNanos;
    private final long sampleNanos;
    private final Timeline timeline;
    private final MetricRegistry registry = new MetricRegistry();
    private final Tally tally;
    private final OpenArrivals arrivals;
    private final TargetReads reads;
    private final IntervalSampler sampler;
    private Thread controller;
    private long startedAtEpochMillis;
    private long measuredEnd;
    private long gcCountAtStart;
    private long gcTimeAtStart;
    /** The requested start by the wall clock; 0 = as soon as the channels are ready. */
    private long startAtEpochMillis;

    private ChannelThreads channelThreads = ChannelThreads.PLATFORM;

    /**
     * @param liveness how to tell the target died during the run; null to run without watching it
     */
    public Trial(
            LoadPlan plan,
            Scenario scenario,
            Endpoints endpoints,
            ResourceProbe probe,
            RunListener listener,
            long graceNanos,
            long timeLimitNanos,
            Consumer<ScenarioContext> preRegistration,
            Liveness liveness,
            int trialIndex) {
        this(
                plan,
                scenario,
                endpoints,
                probe,
                listener,
                graceNanos,
                timeLimitNanos,
                preRegistration,
                liveness,
                trialIndex,
                NanoClock.SYSTEM);
    }

    Trial(
            LoadPlan plan,
            Scenario scenario,
            Endpoints endpoints,
            ResourceProbe probe,
            RunListener listener,
            long graceNanos,
            long timeLimitNanos,
            Consumer<ScenarioContext> preRegistration,
            Liveness liveness,
            int trialIndex,
            NanoClock clock) {
        this.plan = plan;
        this.scenario = scenario;
        this.endpoints = endpoints;
        this.graceNanos = graceNanos;
        this.timeLimitNanos = timeLimitNanos;
        this.preRegistration = preRegistration;
        this.liveness = liveness;
        this.trialIndex = trialIndex;
        this.threadPrefix = "speechload-t" + trialIndex + "-";
        this.open = plan.model() == LoadPlan.WorkloadModel.OPEN;
        this.warmupNanos = plan.warmup().toNanos();
        this.sampleNanos = Math.max(1_000_000L, plan.sampleInterval().toNanos());
        this.timeline = new Timeline(clock);
        this.tally = new Tally(registry, open, plan.expectedInterval().toNanos());
        this.arrivals =
                open ? new OpenArrivals(schedule(plan), plan.warmupIterations(), warmupNanos, sampleNanos) : null;
        this.reads = new TargetReads(probe, liveness, timeline);
        this.sampler = new IntervalSampler(
                plan, trialIndex, registry, tally, timeline, arrivals, reads, listener, () -> data(true), sampleNanos);
    }

    private static ArrivalSchedule schedule(LoadPlan plan) {
        return plan.shardOf() == null
                ? new ArrivalSchedule(
                        plan.arrivalsPerSecond(),
                        plan.rampSteps(),
                        plan.rampInterval().toNanos())
                : new ArrivalSchedule(
                        plan.arrivalsPerSecond(),
                        plan.rampSteps(),
                        plan.rampInterval().toNanos(),
                        plan.shardOf().index(),
                        plan.shardOf().count());
    }

    /**
     * Makes the ramp start at {@code epochMillis} by this machine's clock (shards of one plan on
     * several machines start together); the channels are made ready before and wait until then.
     */
    public Trial startingAt(long epochMillis) {
        this.startAtEpochMillis = epochMillis;
        return this;
    }

    /** What a blocking scenario's channels run on (an asynchronous one's hold no thread). */
    public Trial onThreads(ChannelThreads kind) {
        this.channelThreads = kind;
        return this;
    }

    /** Runs the trial and returns what it recorded; rethrows what {@code Scenario.setUp} threw. */
    public TrialData run() throws Exception {
        ScenarioContext context = new Context();
        preRegistration.accept(context);
        ResourceSample before = reads.sample("before", 0);
        try {
            scenario.setUp(context);
            load(before);
        } finally {
            try {
                scenario.tearDown();
            } catch (Exception e) {
                LOG.warn(
                        "Scenario {} failed in tearDown: {}",
                        scenario.getClass().getName(),
                        e.toString(),
                        e);
            }
        }
        sampler.addServerSample(reads.sample("after", timeline.millisSinceStart()));
        logErrors();
        TrialData data = data(false);
        if (data.targetFailure() != null) {
            LOG.warn(
                    "{}: the run ended there; {} iteration(s) were measured until then, {} of them failed",
                    capitalized(data.targetFailure().message()),
                    data.completedIterations(),
                    data.failedIterations());
        }
        return data;
    }

    private static String capitalized(String sentence) {
        return sentence.isEmpty() ? sentence : Character.toUpperCase(sentence.charAt(0)) + sentence.substring(1);
    }

    private Channels channels() {
        return scenario instanceof AsyncScenario async
                ? new AsyncChannels(plan, async, registry, timeline, tally, arrivals, threadPrefix)
                : new ThreadChannels(plan, scenario, registry, timeline, tally, arrivals, threadPrefix, channelThreads);
    }

    private void load(ResourceSample before) {
        GeneratorReading atStart = sampler.generatorNow();
        gcCountAtStart = atStart.gcCount();
        gcTimeAtStart = atStart.gcTimeMillis();
        sampler.baseline(atStart);
        long rampNanos = (plan.rampSteps() - 1) * plan.rampInterval().toNanos();
        long spanNanos = plan.iterations() > 0
                ? rampNanos + warmupNanos + timeLimitNanos
                : warmupNanos + plan.duration().toNanos();
        sampler.addServerSample(before);
        Channels channels = channels();
        TargetWatch watch = null;
        controller = Thread.currentThread();
        boolean interrupted = false;
        boolean begun = false;
        try {
            long preparing = timeline.now();
            channels.prepare(spanNanos);
            // Waking what waits costs far less than getting it ready: a lead of one preparation
            // time lets every channel wait on its planned time before t0.
            long lead = Math.max(MIN_START_LEAD_NANOS, timeline.now() - preparing);
            begin(startNanos(lead), spanNanos);
            begun = true;
            sampler.start(threadPrefix + "sampler");
            if (liveness != null) {
                // Started once every channel is ready: a death wakes them all.
                Channels woken = channels;
                watch = new TargetWatch(liveness, threadPrefix + "target-watch", d -> targetDied(d, woken));
                watch.start();
            }
            channels.release();
            driveSteps();
            channels.awaitEnd();
        } catch (InterruptedException e) {
            interrupted = true;
            LOG.warn("Load run interrupted; stopping channels now");
        }
        if (!begun) {
            begin(timeline.now(), 0);
        }
        long graceEnd = interrupted ? timeline.now() : Math.max(timeline.now(), timeline.runEnd()) + graceNanos;
        channels.stop(graceEnd, graceNanos);
        measuredEnd = timeline.now();
        if (watch != null) {
            watch.close();
        }
        if (!sampler.stopAndTakeLast(Math.max(1000, 2 * sampleNanos / 1_000_000))) {
            interrupted = true;
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** The start: one preparation time ahead, or the requested instant when that is later. */
    private long startNanos(long lead) {
        long soonest = timeline.now() + lead;
        if (startAtEpochMillis == 0) {
            return soonest;
        }
        long requested = timeline.now() + (startAtEpochMillis - System.currentTimeMillis()) * 1_000_000L;
        return Math.max(soonest, requested);
    }

    /** The watch thread's report: the run ends now, as at its deadline. */
    private void targetDied(TargetDeath d, Channels channels) {
        timeline.died(d);
        channels.wake();
        LockSupport.unpark(controller);
    }

    /** Fixes the run's start; every planned time counts from it. */
    private void begin(long startNanos, long spanNanos) {
        timeline.begin(startNanos, spanNanos);
        sampler.startsAt(startNanos);
        startedAtEpochMillis = System.currentTimeMillis() + Math.max(0, startNanos - timeline.now()) / 1_000_000;
    }

    /** Moves the ramp step shown in the time series at each step's time. */
    private void driveSteps() throws InterruptedException {
        long interval = plan.rampInterval().toNanos();
        for (int s = 2; s <= plan.rampSteps() && interval > 0; s++) {
            long at = timeline.t0() + (s - 1) * interval;
            if (at >= timeline.deadline() || !sleepUntil(at)) {
                return;
            }
            timeline.raiseStep(s);
        }
    }

    /** Sleeps until {@code at}; false when the target died first. */
    private boolean sleepUntil(long at) throws InterruptedException {
        long now;
        while ((now = timeline.now()) < at) {
            if (timeline.death() != null) {
                return false;
            }
            LockSupport.parkNanos(at - now);
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
        }
        return timeline.death() == null;
    }

    private void logErrors() {
        Map<String, Long> counts = tally.errors().snapshot();
        tally.errors()
                .firstCauses()
                .forEach((code, cause) -> LOG.warn(
                        "{} iteration(s) failed with {}; the first: {}", counts.get(code), code, cause.toString()));
        if (tally.cutCount() > 0) {
            LOG.info(
                    "{} iteration(s) were still running {} ms after the deadline and were cut (not counted as errors)",
                    tally.cutCount(),
                    graceNanos / 1_000_000);
        }
    }

    /** Everything recorded so far. A snapshot copies the histograms; the final call hands them over. */
    private TrialData data(boolean snapshot) {
        Map<String, Histogram> latencies = new LinkedHashMap<>();
        Map<String, Long> clamped = new LinkedHashMap<>();
        registry.latencies().forEach((name, r) -> {
            latencies.put(name, snapshot ? r.copyOfTotal() : r.total());
            clamped.put(name, r.clampedCount());
        });
        Map<String, TrialData.Count> counters = new LinkedHashMap<>();
        for (CounterRecorder c : registry.counters().values()) {
            counters.put(c.name(), new TrialData.Count(c.sum(), c.unit()));
        }
        counters.put(CUT_COUNTER, new TrialData.Count(tally.cutCount(), "iterations"));
        if (open) {
            long missed = snapshot ? 0 : sampler.missedArrivals(timeline.runEnd(), true);
            counters.put(MISSED_COUNTER, new TrialData.Count(missed, "arrivals"));
        }
        long start = tally.measuredStart();
        long end = snapshot ? timeline.now() : measuredEnd;
        long measuredNanos = start == Long.MAX_VALUE ? 0 : Math.max(0, end - start);
        LatencyRecorder failedTime = tally.failedTime();
        Histogram failedTotal = snapshot ? failedTime.copyOfTotal() : failedTime.total();
        if (failedTotal.getTotalCount() > 0) {
            latencies.put(failedTime.name(), failedTotal);
            clamped.put(failedTime.name(), failedTime.clampedCount());
        }
        LatencyRecorder lag = tally.lag();
        Histogram lagTotal = snapshot ? lag.copyOfTotal() : lag.total();
        latencies.put(lag.name(), lagTotal);
        clamped.put(lag.name(), lag.clampedCount());
        long lagP99 = lagTotal.getTotalCount() > 0 ? lagTotal.getValueAtPercentile(99) : -1;
        long errorsTotal = 0;
        Map<String, Long> byCode = tally.errors().snapshot();
        for (long v : byCode.values()) {
            errorsTotal += v;
        }
        long done = Math.max(tally.completed(), errorsTotal);
        GeneratorReading jvm = sampler.generatorNow();
        // A target that died before the planned start ends the trial before it began: it ends at its start.
        long finishedAtEpochMillis = snapshot ? 0 : Math.max(startedAtEpochMillis, System.currentTimeMillis());
        return new TrialData(
                trialIndex,
                startedAtEpochMillis,
                finishedAtEpochMillis,
                measuredNanos,
                done,
                errorsTotal,
                byCode,
                tally.peakActive(),
                latencies,
                clamped,
                counters,
                sampler.timeSeries(),
                reads.description(),
                sampler.serverSeries(),
                sampler.generatorSeries(),
                jvm.gcCount() - gcCountAtStart,
                jvm.gcTimeMillis() - gcTimeAtStart,
                lagP99,
                sampler.healthSeries(),
                targetFailure(),
                reads.counts());
    }

    /** The target's death as the result tells it, or null while it lives. */
    private TargetFailure targetFailure() {
        TargetDeath d = timeline.death();
        if (d == null) {
            return null;
        }
        long t0 = timeline.t0();
        return TargetFailure.of(
                d.cause(),
                d.detail(),
                d.exitCode(),
                trialIndex,
                plan.trials(),
                (d.atNanos() - t0) / 1_000_000,
                d.atNanos() >= t0);
    }

    /** What the scenario sees at set-up. */
    private final class Context implements ScenarioContext {
        @Override
        public Endpoints endpoints() {
            return endpoints;
        }

        @Override
        public LatencyMetric latency(String name, String description) {
            if (RunResult.FAILED_TIME.equals(name)) {
                throw new IllegalArgumentException("latency metric '" + name + "' is the engine's own (the time of"
                        + " failed iterations); choose another name, such as 'stt.failed_session_time'");
            }
            if (name != null && name.startsWith(RunResult.GENERATOR_PREFIX)) {
                throw new IllegalArgumentException("latency metric '" + name + "': names starting with '"
                        + RunResult.GENERATOR_PREFIX + "' are reserved for the engine's own figures; choose"
                        + " another name, such as 'stt.final_latency'");
            }
            return registry.latency(name, description);
        }

        @Override
        public LatencyMetric generatorLatency(String name, String description) {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("a generator latency metric needs a name, such as 'grpc.send_lag'");
            }
            String full = name.startsWith(RunResult.GENERATOR_PREFIX) ? name : RunResult.GENERATOR_PREFIX + name;
            return registry.latency(full, description);
        }

        @Override
        public CounterMetric counter(String name, String unit) {
            return registry.counter(name, unit);
        }

        @Override
        public LoadPlan plan() {
            return plan;
        }

        @Override
        public ChannelThreads channelThreads() {
            return channelThreads;
        }
    }
}
