package dev.speechload.core.engine.internal;

import dev.speechload.core.engine.ErrorCodes;
import dev.speechload.core.engine.LoadPlan;
import dev.speechload.core.engine.RunListener;
import dev.speechload.core.engine.RunProgress;
import dev.speechload.core.engine.Scenario;
import dev.speechload.core.engine.ScenarioContext;
import dev.speechload.core.engine.TrialData;
import dev.speechload.core.record.CounterMetric;
import dev.speechload.core.record.CounterRecorder;
import dev.speechload.core.record.ErrorCounter;
import dev.speechload.core.record.LatencyMetric;
import dev.speechload.core.record.LatencyRecorder;
import dev.speechload.core.record.MetricRegistry;
import dev.speechload.core.result.GeneratorSample;
import dev.speechload.core.result.HealthSample;
import dev.speechload.core.result.IntervalSample;
import dev.speechload.core.result.ProbeReads;
import dev.speechload.core.result.ResourceSample;
import dev.speechload.core.result.RunResult;
import dev.speechload.core.result.TargetFailure;
import dev.speechload.core.sample.GeneratorProbe;
import dev.speechload.core.sample.GeneratorReading;
import dev.speechload.core.sample.MachineProbe;
import dev.speechload.core.sample.MachineReading;
import dev.speechload.core.sample.ResourceProbe;
import dev.speechload.core.sample.ResourceProbes;
import dev.speechload.core.sample.ResourceReading;
import dev.speechload.core.target.Endpoints;
import dev.speechload.core.target.Liveness;
import dev.speechload.core.target.TargetDeath;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import org.HdrHistogram.Histogram;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One trial of a plan: set-up, ramp, load until the deadline or the iteration bound, stop with a
 * grace period, tear-down. Single use; {@link #run()} is called from one thread, which also acts
 * as the ramp controller. Channel threads are daemon platform threads with small stacks, so a
 * thousand channels fit and a channel that ignores interrupts cannot keep the JVM alive.
 *
 * <p>Every channel thread is created and started before the run's start {@code t0} and parks until
 * its planned time (closed: its ramp step's time; open: each arrival's), so a step of a thousand
 * channels starts with one timer wake-up per channel, not a thousand thread creations in a row.
 * How late each planned start really happened is recorded in {@link RunResult#SCHEDULING_LAG}.
 *
 * <p>With a {@link Liveness}, a {@link TargetWatch} checks the target while the load runs: when it
 * dies, the trial ends there as it would at its deadline (running iterations get the grace period),
 * and its data carries the {@link TargetFailure}. Failed iterations are timed into
 * {@link RunResult#FAILED_TIME}, never into the service or response time.
 */
public final class Trial {

    private static final Logger LOG = LoggerFactory.getLogger(Trial.class);
    /** Channel threads mostly wait on I/O: 256 KiB of stack is plenty and lets 1,000+ channels fit. */
    private static final long CHANNEL_STACK_BYTES = 256 * 1024;
    static final String CUT_COUNTER = "iterations.cut";
    static final String MISSED_COUNTER = RunResult.MISSED_ARRIVALS;
    /** The shortest time between releasing the parked channel threads and {@code t0}. */
    private static final long MIN_START_LEAD_NANOS = 10_000_000L;
    /**
     * A parked thread wakes about 50 µs late (Linux's default timer slack), so a channel parks until
     * this long before its planned time and spins the rest.
     */
    private static final long SPIN_NANOS = 50_000L;
    /** The controller waits for the end in slices this long, to see a target's death soon. */
    private static final long END_WAIT_SLICE_MILLIS = 50;

    private final LoadPlan plan;
    private final Scenario scenario;
    private final Endpoints endpoints;
    private final ResourceProbe probe;
    private final RunListener listener;
    private final long graceNanos;
    private final long timeLimitNanos;
    private final Consumer<ScenarioContext> preRegistration;
    private final Liveness liveness;
    private final int trialIndex;
    private final String threadPrefix;

    private final boolean open;
    private final long expectedIntervalNanos;
    private final long warmupNanos;
    private final long sampleNanos;
    private final MetricRegistry registry = new MetricRegistry();
    private final ErrorCounter errors = new ErrorCounter();
    private final LongAdder completed = new LongAdder();
    private final LongAdder warmupCompleted = new LongAdder();
    private final LongAdder warmupErrors = new LongAdder();
    private final LongAdder cut = new LongAdder();
    private final LongAdder arrivalsStarted = new LongAdder();
    private final AtomicInteger active = new AtomicInteger();
    private final AtomicInteger peakActive = new AtomicInteger();
    private final AtomicLong measuredStart = new AtomicLong(Long.MAX_VALUE);
    private final AtomicLong nextArrival = new AtomicLong();
    private volatile boolean measuring;
    private final AtomicInteger step = new AtomicInteger(1);
    private volatile boolean stopping;
    private volatile boolean cutting;
    private volatile boolean closed;
    private volatile boolean samplerStop;
    /** Set once {@code t0} and {@code deadline} are known; channel threads wait for it. */
    private volatile boolean released;
    private CountDownLatch parked;
    /** Set once by the target watch; the run ends at {@link #diedSeenNanos}. */
    private volatile TargetDeath death;
    private volatile long diedSeenNanos;
    private Thread controller;

    private LatencyRecorder service;
    private LatencyRecorder response;
    private LatencyRecorder failedTime;
    private LatencyRecorder lag;
    private ArrivalSchedule schedule;
    private long t0;
    private long deadline;
    private long startedAtEpochMillis;
    /** The requested start by the wall clock; 0 = as soon as the channels are parked. */
    private long startAtEpochMillis;
    private final List<Thread> threads = new ArrayList<>();

    // Guarded by sampleLock: touched by the sampler thread, then by the caller for the final sample.
    private final Object sampleLock = new Object();
    private final List<IntervalSample> timeSeries = new ArrayList<>();
    private final List<ResourceSample> serverSeries = new ArrayList<>();
    private final List<GeneratorSample> generatorSeries = new ArrayList<>();
    private final GeneratorProbe generator = ResourceProbes.generatorJvm();
    private final MachineProbe machine = ResourceProbes.machine();
    private final List<HealthSample> healthSeries = new ArrayList<>();
    private final int cores = Runtime.getRuntime().availableProcessors();
    private HealthBase healthBase;
    private long lastSampleNanos;
    private long lastCompleted;
    private long lastErrors;
    private boolean probeWarned;
    // Written by whichever thread reads the target (sampler, or the trial's thread before and after).
    private final AtomicLong probeReads = new AtomicLong();
    private final AtomicLong probeFailures = new AtomicLong();
    private volatile String firstProbeFailure;
    private long gcCountAtStart;
    private long gcTimeAtStart;

    /**
     * @param liveness how to tell the target died during the run; null to run without watching it
     */
    public Trial(LoadPlan plan, Scenario scenario, Endpoints endpoints, ResourceProbe probe, RunListener listener,
                 long graceNanos, long timeLimitNanos, Consumer<ScenarioContext> preRegistration, Liveness liveness,
                 int trialIndex) {
        this.plan = plan;
        this.scenario = scenario;
        this.endpoints = endpoints;
        this.probe = probe;
        this.listener = listener;
        this.graceNanos = graceNanos;
        this.timeLimitNanos = timeLimitNanos;
        this.preRegistration = preRegistration;
        this.liveness = liveness;
        this.trialIndex = trialIndex;
        this.threadPrefix = "speechload-t" + trialIndex + "-";
        this.open = plan.model() == LoadPlan.WorkloadModel.OPEN;
        this.expectedIntervalNanos = plan.expectedInterval().toNanos();
        this.warmupNanos = plan.warmup().toNanos();
        this.sampleNanos = Math.max(1_000_000L, plan.sampleInterval().toNanos());
    }

    /** Runs the trial and returns what it recorded; rethrows what {@code Scenario.setUp} threw. */
    public TrialData run() throws Exception {
        service = registry.latency(RunResult.SERVICE_TIME, "successful iteration time from its actual start");
        if (open || expectedIntervalNanos > 0) {
            response = registry.latency(RunResult.RESPONSE_TIME,
                    "successful iteration time from its intended start (corrected for coordinated omission)");
        }
        // Not in the registry: it joins the data only when an iteration failed.
        failedTime = new LatencyRecorder(RunResult.FAILED_TIME, "failed iteration time from its actual start");
        if (open) {
            lag = new LatencyRecorder(RunResult.SCHEDULING_LAG,
                    "measured arrivals: actual start - the later of the intended start and a worker being free");
            schedule = plan.shardOf() == null
                    ? new ArrivalSchedule(plan.arrivalsPerSecond(), plan.rampSteps(), plan.rampInterval().toNanos())
                    : new ArrivalSchedule(plan.arrivalsPerSecond(), plan.rampSteps(), plan.rampInterval().toNanos(),
                            plan.shardOf().index(), plan.shardOf().count());
        } else {
            lag = new LatencyRecorder(RunResult.SCHEDULING_LAG,
                    "each channel's first iteration start - its ramp step's planned time");
        }
        ScenarioContext context = new Context();
        preRegistration.accept(context);
        ResourceSample before = readProbe("before", 0);
        try {
            scenario.setUp(context);
            load(before);
        } finally {
            try {
                scenario.tearDown();
            } catch (Exception e) {
                LOG.warn("Scenario {} failed in tearDown: {}", scenario.getClass().getName(), e.toString(), e);
            }
        }
        ResourceSample after = readProbe("after", millisSince(t0));
        synchronized (sampleLock) {
            if (after != null) {
                serverSeries.add(after);
            }
        }
        logErrors();
        TrialData data = data(false);
        if (data.targetFailure() != null) {
            LOG.warn("{}: the run ended there; {} iteration(s) were measured until then, {} of them failed",
                    capitalized(data.targetFailure().message()), data.completedIterations(), data.failedIterations());
        }
        return data;
    }

    private static String capitalized(String sentence) {
        return sentence.isEmpty() ? sentence : Character.toUpperCase(sentence.charAt(0)) + sentence.substring(1);
    }

    private void load(ResourceSample before) {
        GeneratorReading atStart = generator.read();
        gcCountAtStart = atStart.gcCount();
        gcTimeAtStart = atStart.gcTimeMillis();
        // No extra read of the target here (reads have a cost and probes count them): the first
        // interval's target CPU is unknown, the ones after it are measured from the load readings.
        healthBase = new HealthBase(System.nanoTime(), machine.read(), atStart, targetCpuNanos(null), 0);
        long rampNanos = (plan.rampSteps() - 1) * plan.rampInterval().toNanos();
        long spanNanos = plan.iterations() > 0
                ? rampNanos + warmupNanos + timeLimitNanos
                : warmupNanos + plan.duration().toNanos();
        if (before != null) {
            serverSeries.add(before);
        }
        Thread sampler = null;
        TargetWatch watch = null;
        controller = Thread.currentThread();
        boolean interrupted = false;
        try {
            long creating = System.nanoTime();
            createChannels(spanNanos);
            // Waking the parked threads costs far less than creating them: a lead of one creation
            // time lets every thread be parked on its planned time before t0.
            long lead = Math.max(MIN_START_LEAD_NANOS, System.nanoTime() - creating);
            begin(startNanos(lead), spanNanos);
            sampler = startSampler();
            if (liveness != null) {
                // Started once every channel thread exists: a death unparks them all.
                watch = new TargetWatch(liveness, threadPrefix + "target-watch", this::targetDied);
                watch.start();
            }
            released = true;
            threads.forEach(LockSupport::unpark);
            driveSteps();
        } catch (InterruptedException e) {
            interrupted = true;
            LOG.warn("Load run interrupted; stopping channels now");
        }
        if (!released) {
            begin(System.nanoTime(), 0);
        }
        stopChannels(interrupted);
        if (watch != null) {
            watch.close();
        }
        samplerStop = true;
        if (sampler != null) {
            LockSupport.unpark(sampler);
            try {
                sampler.join(Math.max(1000, 2 * sampleNanos / 1_000_000));
            } catch (InterruptedException e) {
                interrupted = true;
            }
            if (sampler.isAlive()) {
                LOG.warn("The sampler thread is still busy (a slow resource probe?); taking the last sample without it");
            }
        }
        sample(true);
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Makes the ramp start at {@code epochMillis} by this machine's clock (shards of one plan on
     * several machines start together); the channels are created before and park until then.
     */
    public Trial startingAt(long epochMillis) {
        this.startAtEpochMillis = epochMillis;
        return this;
    }

    /** The start: one creation time ahead, or the requested instant when that is later. */
    private long startNanos(long lead) {
        long soonest = System.nanoTime() + lead;
        if (startAtEpochMillis == 0) {
            return soonest;
        }
        long requested = System.nanoTime() + (startAtEpochMillis - System.currentTimeMillis()) * 1_000_000L;
        return Math.max(soonest, requested);
    }

    /** The watch thread's report: the run ends now, as at its deadline. */
    private void targetDied(TargetDeath d) {
        diedSeenNanos = System.nanoTime();
        death = d;
        stopping = true;
        threads.forEach(LockSupport::unpark);
        LockSupport.unpark(controller);
    }

    /** When the load ends: the deadline, or earlier when the target died. */
    private long runEnd() {
        return death == null ? deadline : Math.min(deadline, diedSeenNanos);
    }

    /** Fixes the run's start; every planned time counts from it. Called before {@link #released}. */
    private void begin(long startNanos, long spanNanos) {
        t0 = startNanos;
        deadline = startNanos + spanNanos;
        lastSampleNanos = startNanos;
        startedAtEpochMillis = System.currentTimeMillis() + Math.max(0, startNanos - System.nanoTime()) / 1_000_000;
    }

    private Thread startSampler() {
        Thread sampler = new Thread(null, this::sampleLoop, threadPrefix + "sampler", 0);
        sampler.setDaemon(true);
        sampler.start();
        return sampler;
    }

    /**
     * Creates and starts every channel thread and returns once all are parked, waiting for the start.
     * Closed model: the channels of the ramp steps planned before the end ({@code spanNanos} after
     * the start); a step's channels are {@code [(s-1) x channels / steps, s x channels / steps)}.
     */
    private void createChannels(long spanNanos) throws InterruptedException {
        List<Runnable> channels = new ArrayList<>();
        if (open) {
            for (int c = 0; c < plan.channels(); c++) {
                channels.add(new OpenWorker(c));
            }
        } else {
            int steps = plan.rampSteps();
            long interval = plan.rampInterval().toNanos();
            for (int s = 1; s <= steps; s++) {
                long offset = (s - 1) * interval;
                if (offset >= spanNanos) {
                    break;
                }
                int from = plan.firstChannelOfStep(s);
                int to = plan.firstChannelOfStep(s + 1);
                for (int c = from; c < to; c++) {
                    channels.add(new ClosedChannel(c, s, offset));
                }
            }
        }
        parked = new CountDownLatch(channels.size());
        try {
            for (int c = 0; c < channels.size(); c++) {
                start(channels.get(c), c);
            }
        } catch (RuntimeException | Error e) {
            // Out of native threads, typically: let the ones already started go before failing.
            stopping = true;
            threads.forEach(LockSupport::unpark);
            throw e;
        }
        parked.await();
    }

    /** Moves the ramp step shown in the time series at each step's time, then waits for the end. */
    private void driveSteps() throws InterruptedException {
        long interval = plan.rampInterval().toNanos();
        for (int s = 2; s <= plan.rampSteps() && interval > 0; s++) {
            long at = t0 + (s - 1) * interval;
            if (at >= deadline || !sleepUntil(at)) {
                break;
            }
            raiseStep(s);
        }
        awaitEnd();
    }

    /** Waits until every channel ended, the deadline passed or the target died. */
    private void awaitEnd() throws InterruptedException {
        for (Thread t : threads) {
            while (t.isAlive()) {
                long remaining = deadline - System.nanoTime();
                if (remaining <= 0 || death != null) {
                    return;
                }
                t.join(Math.min(remaining / 1_000_000 + 1, END_WAIT_SLICE_MILLIS));
            }
        }
    }

    private void raiseStep(int s) {
        int cur;
        while (s > (cur = step.get()) && !step.compareAndSet(cur, s)) {
            // retry: a channel of a later step moved it
        }
    }

    /** Channel side of the start: parks until the run's start is fixed; false when the run stops first. */
    private boolean awaitRelease() {
        parked.countDown();
        while (!released) {
            if (stopping) {
                return false;
            }
            LockSupport.park(this);
        }
        return !stopping;
    }

    /**
     * Parks until {@code plannedNanos} ({@code System.nanoTime()}), the last {@link #SPIN_NANOS}
     * spinning; false when the run stops first.
     */
    private boolean awaitPlanned(long plannedNanos) {
        long wake = plannedNanos - SPIN_NANOS;
        long now;
        while ((now = System.nanoTime()) < wake) {
            if (stopping) {
                return false;
            }
            LockSupport.parkNanos(this, wake - now);
        }
        while (System.nanoTime() < plannedNanos) {
            Thread.onSpinWait();
        }
        return !stopping;
    }

    private void start(Runnable channel, int index) {
        Thread t = new Thread(null, channel, threadPrefix + "ch-" + index, CHANNEL_STACK_BYTES);
        t.setDaemon(true);
        threads.add(t);
        t.start();
    }

    /** Stop starting iterations; give running ones the grace period, then interrupt, then abandon. */
    private void stopChannels(boolean now) {
        stopping = true;
        threads.forEach(LockSupport::unpark);
        long graceEnd = now ? System.nanoTime() : Math.max(System.nanoTime(), runEnd()) + graceNanos;
        joinQuietly(graceEnd);
        List<Thread> alive = threads.stream().filter(Thread::isAlive).toList();
        if (!alive.isEmpty()) {
            cutting = true;
            alive.forEach(Thread::interrupt);
            joinQuietly(System.nanoTime() + Math.max(graceNanos, 100_000_000L));
            List<Thread> stuck = alive.stream().filter(Thread::isAlive).toList();
            if (!stuck.isEmpty()) {
                closed = true;
                cut.add(stuck.size());
                LOG.warn("{} channel(s) ignored the interrupt at the run's deadline and were abandoned; a scenario"
                        + " should end by Iteration.deadlineNanos() and honour interrupts", stuck.size());
            }
        }
        measuredEnd = System.nanoTime();
    }

    private long measuredEnd;

    private void joinUntil(long until) throws InterruptedException {
        for (Thread t : threads) {
            long remaining = until - System.nanoTime();
            if (remaining <= 0) {
                return;
            }
            t.join(remaining / 1_000_000 + 1);
        }
    }

    private void joinQuietly(long until) {
        try {
            joinUntil(until);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Sleeps until {@code at}; false when the target died first. */
    private boolean sleepUntil(long at) throws InterruptedException {
        long now;
        while ((now = System.nanoTime()) < at) {
            if (death != null) {
                return false;
            }
            LockSupport.parkNanos(at - now);
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
        }
        return death == null;
    }

    private void markMeasuring(long now) {
        measuring = true;
        long cur;
        while (now < (cur = measuredStart.get()) && !measuredStart.compareAndSet(cur, now)) {
            // retry: another channel moved it
        }
    }

    private void enter() {
        int n = active.incrementAndGet();
        int peak;
        while (n > (peak = peakActive.get()) && !peakActive.compareAndSet(peak, n)) {
            // retry
        }
    }

    /**
     * Runs one iteration and records its outcome. Hot path: no allocation, no lock.
     *
     * @param lagFrom open model: when the generator could have started this arrival: its intended
     *                time, or later when every worker was still busy with earlier arrivals (that wait
     *                is the server's, and response time shows it; only the rest is the generator's lag)
     */
    private void iterate(ChannelIteration it, long index, boolean warm, long intendedStart, long lagFrom) {
        it.begin(index, warm, intendedStart);
        long start = System.nanoTime();
        Throwable failure = null;
        try {
            scenario.run(it);
        } catch (VirtualMachineError e) {
            throw e;
        } catch (Throwable t) {
            failure = t;
        }
        long end = System.nanoTime();
        if (closed) {
            return;
        }
        if (failure != null && cutting) {
            cut.increment();
            return;
        }
        String code = it.failCode();
        if (code == null && failure != null) {
            code = ErrorCodes.of(failure);
        }
        if (warm) {
            warmupCompleted.increment();
            if (code != null) {
                warmupErrors.increment();
            }
            return;
        }
        if (open) {
            lag.record(Math.max(0, start - lagFrom));
        }
        if (code != null) {
            // A failure is not service: a server that refuses fast must not look faster.
            failedTime.record(end - start);
        } else if (open) {
            service.record(end - start);
            response.record(end - intendedStart);
        } else {
            service.record(end - start);
            if (response != null) {
                response.recordWithExpectedInterval(end - start, expectedIntervalNanos);
            }
        }
        completed.increment();
        if (code != null) {
            errors.increment(code, failure);
        }
    }

    /**
     * Closed model: waits for its ramp step's time, then loops the scenario until the deadline, the
     * iteration bound or stop. Records how late its first iteration started (warm-up or not: it is
     * the channel's only planned start, and a generator figure, not a server one).
     */
    private final class ClosedChannel implements Runnable {
        private final int channel;
        private final int rampStep;
        private final long offsetNanos;

        /** @param offsetNanos planned start, after {@code t0} */
        ClosedChannel(int channel, int rampStep, long offsetNanos) {
            this.channel = channel;
            this.rampStep = rampStep;
            this.offsetNanos = offsetNanos;
        }

        @Override
        public void run() {
            if (!awaitRelease()) {
                return;
            }
            ChannelIteration it = new ChannelIteration(registry, channel, deadline);
            long planned = t0 + offsetNanos;
            if (!awaitPlanned(planned)) {
                return;
            }
            raiseStep(rampStep);
            enter();
            try {
                long channelStart = System.nanoTime();
                long warmEnd = channelStart + warmupNanos;
                long bound = plan.iterations();
                long index = 0;
                long measured = 0;
                boolean marked = false;
                while (!stopping) {
                    long now = System.nanoTime();
                    if (now >= deadline || (bound > 0 && measured >= bound)) {
                        break;
                    }
                    if (index == 0) {
                        lag.record(now - planned);
                    }
                    boolean warm = index < plan.warmupIterations() || now < warmEnd;
                    if (!warm && !marked) {
                        markMeasuring(now);
                        marked = true;
                    }
                    iterate(it, index, warm, now, now);
                    index++;
                    if (!warm) {
                        measured++;
                    }
                }
            } finally {
                active.decrementAndGet();
            }
        }
    }

    /**
     * Open model: claims the next arrival, waits for its intended time, runs it. When every worker
     * is busy, arrivals wait, and their response time (from the intended start) shows it.
     */
    private final class OpenWorker implements Runnable {
        private final int channel;

        OpenWorker(int channel) {
            this.channel = channel;
        }

        @Override
        public void run() {
            if (!awaitRelease()) {
                return;
            }
            ChannelIteration it = new ChannelIteration(registry, channel, deadline);
            long span = deadline - t0;
            long warmEnd = t0 + warmupNanos;
            while (!stopping) {
                long k = nextArrival.getAndIncrement();
                long claimed = System.nanoTime();
                long offset = schedule.offsetNanos(k);
                if (offset >= span) {
                    return;
                }
                long intended = t0 + offset;
                if (!awaitPlanned(intended)) {
                    return;
                }
                long now = System.nanoTime();
                if (now >= deadline) {
                    return;
                }
                boolean warm = k < plan.warmupIterations() || intended < warmEnd;
                if (!warm && !measuring) {
                    markMeasuring(intended);
                }
                arrivalsStarted.increment();
                enter();
                try {
                    iterate(it, k, warm, intended, Math.max(intended, claimed));
                } finally {
                    active.decrementAndGet();
                }
            }
        }
    }

    private void sampleLoop() {
        long next = t0 + sampleNanos;
        while (!samplerStop) {
            long now = System.nanoTime();
            if (now < next) {
                LockSupport.parkNanos(next - now);
                continue;
            }
            sample(false);
            next += sampleNanos;
            if (next <= System.nanoTime()) {
                next = System.nanoTime() + sampleNanos; // fell behind: skip, do not burst
            }
        }
    }

    private void sample(boolean last) {
        synchronized (sampleLock) {
            if (samplerStop && !last) {
                return;
            }
            long now = System.nanoTime();
            Histogram serviceInterval = null;
            long generatorLagP99 = -1;
            for (LatencyRecorder r : registry.latencies().values()) {
                Histogram h = r.sampleInterval();
                if (r == service) {
                    serviceInterval = h;
                } else if (r.name().startsWith(RunResult.GENERATOR_PREFIX) && h.getTotalCount() > 0) {
                    generatorLagP99 = Math.max(generatorLagP99, h.getValueAtPercentile(99));
                }
            }
            failedTime.sampleInterval();
            Histogram lagInterval = lag.sampleInterval();
            if (lagInterval.getTotalCount() > 0) {
                generatorLagP99 = Math.max(generatorLagP99, lagInterval.getValueAtPercentile(99));
            }
            long doneNow = completed.sum() + warmupCompleted.sum();
            long errorsNow = errors.total() + warmupErrors.sum();
            long elapsed = now - lastSampleNanos;
            long done = doneNow - lastCompleted;
            long failed = errorsNow - lastErrors;
            boolean hasValues = serviceInterval != null && serviceInterval.getTotalCount() > 0;
            // Active channels first: a channel raises the step before it counts as active, so the
            // step read after them is never below the step of a channel counted.
            int activeNow = active.get();
            IntervalSample sample = new IntervalSample(millisSince(t0), step.get(), activeNow, !measuring, done, failed,
                    elapsed > 0 ? Math.max(0, done - failed) * 1e9 / elapsed : 0,
                    hasValues ? serviceInterval.getValueAtPercentile(50) : 0,
                    hasValues ? serviceInterval.getValueAtPercentile(99) : 0);
            boolean kept = !last || elapsed >= sampleNanos / 2 || timeSeries.isEmpty();
            if (kept) {
                timeSeries.add(sample);
                lastSampleNanos = now;
                lastCompleted = doneNow;
                lastErrors = errorsNow;
            }
            if (last) {
                if (!kept && open && !healthSeries.isEmpty()) {
                    // Too short to be an interval of its own: its missed arrivals join the one before,
                    // so the series adds up to the trial's missed count.
                    long missed = Math.max(0, missedArrivals(now, true) - healthBase.missed());
                    HealthSample h = healthSeries.remove(healthSeries.size() - 1);
                    healthSeries.add(new HealthSample(h.offsetMillis(), h.warmup(), h.generatorCpuShare(),
                            h.otherCpuShare(), h.cpuPressureShare(), h.stealShare(), h.runQueuePerCore(),
                            h.gcPauseMillis(), h.generatorLagP99Nanos(), h.missedArrivals() + missed,
                            h.idleShare()));
                }
                if (kept) {
                    // The target is read "after" the run, not here: its CPU is unknown for this interval.
                    healthSeries.add(health(sample, generator.read(), null, generatorLagP99, true));
                }
                samplerStop = true;
                return;
            }
            GeneratorReading jvm = generator.read();
            ResourceReading target = readReading();
            healthSeries.add(health(sample, jvm, target, generatorLagP99, false));
            if (target != null) {
                serverSeries.add(target.toSample(sample.offsetMillis(), "load"));
            }
            generatorSeries.add(jvm.toSample(sample.offsetMillis()));
            try {
                listener.onInterval(new RunProgress(trialIndex, plan.trials(), sample, plan.rampSteps(),
                        plan.channels(), sample.offsetMillis(),
                        plan.iterations() > 0 ? 0 : (deadline - t0) / 1_000_000, () -> data(true)));
            } catch (RuntimeException e) {
                LOG.warn("Run listener failed; the run goes on: {}", e.toString(), e);
            }
        }
    }

    private ResourceSample readProbe(String phase, long offsetMillis) {
        ResourceReading r = readReading();
        return r == null ? null : r.toSample(offsetMillis, phase);
    }

    /** A reading of the target, UNKNOWN when it fails; null without a probe. */
    private ResourceReading readReading() {
        if (probe == null) {
            return null;
        }
        ResourceReading r;
        // Reads of a target that died, or that the test stopped itself, are expected to fail.
        boolean alive = death == null && (liveness == null || !liveness.stoppedOnPurpose());
        try {
            r = probe.read();
            if (r == null) {
                r = ResourceReading.UNKNOWN;
            }
            if (alive) {
                probeReads.incrementAndGet();
            }
        } catch (Exception e) {
            // A target that died or was stopped cannot be read: that is no news about the probe.
            if (alive) {
                probeReads.incrementAndGet();
                probeFailures.incrementAndGet();
                if (firstProbeFailure == null) {
                    firstProbeFailure = e.getMessage() == null ? e.toString() : e.getMessage();
                }
            }
            if (!probeWarned && alive) {
                probeWarned = true;
                LOG.warn("Reading the server's resources from {} failed ({}); recording -1 and going on",
                        probe.description(), e.toString());
            }
            r = ResourceReading.UNKNOWN;
        }
        return r;
    }

    /**
     * The readings the next interval's health is measured from.
     *
     * @param targetCpuNanos the target's CPU time, 0 when it runs elsewhere, -1 when unknown
     * @param missed         open model: arrivals counted missed so far
     */
    private record HealthBase(long nanos, MachineReading machine, GeneratorReading generator, long targetCpuNanos,
                              long missed) {
    }

    /**
     * The target's CPU time as far as this machine is concerned: 0 when it runs elsewhere (its CPU
     * is not in this machine's busy time), -1 when it may run here but gives no CPU reading.
     */
    private long targetCpuNanos(ResourceReading reading) {
        if (probe != null && !probe.onThisMachine()) {
            return 0;
        }
        return reading == null ? -1 : reading.cpuTimeNanos();
    }

    /**
     * One interval's health from the deltas of the machine's, the generator's and the target's
     * readings since the last one. Runs on the sampler thread: three small /proc reads.
     */
    private HealthSample health(IntervalSample interval, GeneratorReading jvm, ResourceReading target,
                                long generatorLagP99, boolean last) {
        long now = System.nanoTime();
        MachineReading m = machine.read();
        long targetCpu = targetCpuNanos(target);
        HealthBase b = healthBase;
        long elapsed = Math.max(1, now - b.nanos());
        double generatorShare = -1;
        long generatorDelta = -1;
        if (jvm.cpuTimeNanos() >= 0 && b.generator().cpuTimeNanos() >= 0) {
            generatorDelta = Math.max(0, jvm.cpuTimeNanos() - b.generator().cpuTimeNanos());
            generatorShare = generatorDelta / ((double) elapsed * cores);
        }
        double otherShare = -1;
        double stealShare = -1;
        double idleShare = -1;
        MachineReading pm = b.machine();
        if (m.cpuKnown() && pm.cpuKnown() && m.totalCpuNanos() > pm.totalCpuNanos()) {
            double total = m.totalCpuNanos() - pm.totalCpuNanos();
            long busy = Math.max(0, m.busyCpuNanos() - pm.busyCpuNanos());
            long steal = 0;
            if (m.stealCpuNanos() >= 0 && pm.stealCpuNanos() >= 0) {
                steal = Math.max(0, m.stealCpuNanos() - pm.stealCpuNanos());
                stealShare = clampShare(steal / total);
            }
            idleShare = clampShare(Math.max(0, total - busy - steal) / total);
            if (generatorDelta >= 0 && targetCpu >= 0 && b.targetCpuNanos() >= 0) {
                long targetDelta = Math.max(0, targetCpu - b.targetCpuNanos());
                otherShare = clampShare(Math.max(0, busy - generatorDelta - targetDelta) / total);
            }
        }
        double pressureShare = -1;
        if (m.cpuPressureSomeMicros() >= 0 && pm.cpuPressureSomeMicros() >= 0) {
            pressureShare = clampShare((m.cpuPressureSomeMicros() - pm.cpuPressureSomeMicros()) * 1000.0 / elapsed);
        }
        double runQueue = -1;
        if (m.runnableTasks() >= 0) {
            int cpus = m.cpus() > 0 ? m.cpus() : cores;
            // procs_running counts the task reading it (this sampler thread): leave it out.
            runQueue = Math.max(0, m.runnableTasks() - 1) / (double) cpus;
        }
        long gcMillis = Math.max(0, jvm.gcTimeMillis() - b.generator().gcTimeMillis());
        long missedSoFar = open ? missedArrivals(now, last) : 0;
        long missed = Math.max(0, missedSoFar - b.missed());
        healthBase = new HealthBase(now, m, jvm, targetCpu, missedSoFar);
        return new HealthSample(interval.offsetMillis(), interval.warmup(), generatorShare, otherShare, pressureShare,
                stealShare, runQueue, gcMillis, generatorLagP99, missed, idleShare);
    }

    /**
     * Open model: arrivals that are more than one sample interval overdue and not started, at the
     * last sample counted at the deadline (the final missed count). Arrivals due within the last
     * interval before the deadline and still waiting are cut by the plan's end, not missed: one
     * arrival due a few ms before the end behind a busy worker is no sign of a server falling
     * behind, and in a short smoke run it alone would be over 1 % of the plan.
     */
    private long missedArrivals(long now, boolean last) {
        long offset = (last ? Math.min(now, runEnd()) : now) - t0 - sampleNanos;
        if (offset <= 0) {
            return 0;
        }
        return Math.max(0, schedule.countBefore(offset) - arrivalsStarted.sum());
    }

    private static double clampShare(double share) {
        return Math.max(0, Math.min(1, share));
    }

    private void logErrors() {
        Map<String, Long> counts = errors.snapshot();
        errors.firstCauses().forEach((code, cause) -> LOG.warn("{} iteration(s) failed with {}; the first: {}",
                counts.get(code), code, cause.toString()));
        if (cut.sum() > 0) {
            LOG.info("{} iteration(s) were still running {} ms after the deadline and were cut (not counted as errors)",
                    cut.sum(), graceNanos / 1_000_000);
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
        counters.put(CUT_COUNTER, new TrialData.Count(cut.sum(), "iterations"));
        if (open) {
            long missed = snapshot ? 0 : missedArrivals(runEnd(), true);
            counters.put(MISSED_COUNTER, new TrialData.Count(missed, "arrivals"));
        }
        long now = System.nanoTime();
        long start = measuredStart.get();
        long end = snapshot ? now : measuredEnd;
        long measuredNanos = start == Long.MAX_VALUE ? 0 : Math.max(0, end - start);
        Histogram failedTotal = snapshot ? failedTime.copyOfTotal() : failedTime.total();
        if (failedTotal.getTotalCount() > 0) {
            latencies.put(failedTime.name(), failedTotal);
            clamped.put(failedTime.name(), failedTime.clampedCount());
        }
        Histogram lagTotal = snapshot ? lag.copyOfTotal() : lag.total();
        latencies.put(lag.name(), lagTotal);
        clamped.put(lag.name(), lag.clampedCount());
        long lagP99 = lagTotal.getTotalCount() > 0 ? lagTotal.getValueAtPercentile(99) : -1;
        long errorsTotal = 0;
        Map<String, Long> byCode = errors.snapshot();
        for (long v : byCode.values()) {
            errorsTotal += v;
        }
        long done = Math.max(completed.sum(), errorsTotal);
        GeneratorReading jvm = generator.read();
        return new TrialData(trialIndex, startedAtEpochMillis, snapshot ? 0 : System.currentTimeMillis(),
                measuredNanos, done, errorsTotal, byCode, peakActive.get(), latencies, clamped, counters,
                new ArrayList<>(timeSeries), probe == null ? null : probe.description(),
                new ArrayList<>(serverSeries), new ArrayList<>(generatorSeries),
                jvm.gcCount() - gcCountAtStart, jvm.gcTimeMillis() - gcTimeAtStart, lagP99,
                new ArrayList<>(healthSeries), targetFailure(), probe == null ? null
                        : new ProbeReads(probeReads.get(), probeFailures.get(), firstProbeFailure));
    }

    /** The target's death as the result tells it, or null while it lives. */
    private TargetFailure targetFailure() {
        TargetDeath d = death;
        if (d == null) {
            return null;
        }
        return TargetFailure.of(d.cause(), d.detail(), d.exitCode(), trialIndex, plan.trials(),
                (d.atNanos() - t0) / 1_000_000, d.atNanos() >= t0);
    }

    private static long millisSince(long startNanos) {
        return Math.max(0, (System.nanoTime() - startNanos) / 1_000_000);
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
    }
}
