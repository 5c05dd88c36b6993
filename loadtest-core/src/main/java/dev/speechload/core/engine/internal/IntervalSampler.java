package dev.speechload.core.engine.internal;

import dev.speechload.core.engine.LoadPlan;
import dev.speechload.core.engine.RunListener;
import dev.speechload.core.engine.RunProgress;
import dev.speechload.core.engine.TrialData;
import dev.speechload.core.record.internal.LatencyRecorder;
import dev.speechload.core.record.internal.MetricRegistry;
import dev.speechload.core.result.GeneratorSample;
import dev.speechload.core.result.HealthSample;
import dev.speechload.core.result.IntervalSample;
import dev.speechload.core.result.ResourceSample;
import dev.speechload.core.result.RunResult;
import dev.speechload.core.sample.GeneratorProbe;
import dev.speechload.core.sample.GeneratorReading;
import dev.speechload.core.sample.MachineProbe;
import dev.speechload.core.sample.MachineReading;
import dev.speechload.core.sample.ResourceProbes;
import dev.speechload.core.sample.ResourceReading;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;
import org.HdrHistogram.Histogram;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Once per sample interval, on a thread of its own: the interval's throughput, errors and latency
 * percentiles, the target's resources, the generator JVM's, and the measurement's health (CPU
 * shares, pressure, run queue, GC, generator lag, missed arrivals), then a progress report to the
 * run listener. A last sample at the end closes the series.
 */
final class IntervalSampler {

    private static final Logger LOG = LoggerFactory.getLogger(IntervalSampler.class);

    private final LoadPlan plan;
    private final int trialIndex;
    private final MetricRegistry registry;
    private final Tally tally;
    private final Timeline timeline;
    private final OpenArrivals arrivals;
    private final TargetReads reads;
    private final RunListener listener;
    private final Supplier<TrialData> snapshot;
    private final long sampleNanos;
    private final GeneratorProbe generator = ResourceProbes.generatorJvm();
    private final MachineProbe machine = ResourceProbes.machine();
    private final int cores = Runtime.getRuntime().availableProcessors();
    private volatile boolean stop;
    private Thread thread;

    // Guarded by lock: touched by the sampler thread, then by the trial's thread for the last sample.
    private final Object lock = new Object();
    private final List<IntervalSample> timeSeries = new ArrayList<>();
    private final List<ResourceSample> serverSeries = new ArrayList<>();
    private final List<GeneratorSample> generatorSeries = new ArrayList<>();
    private final List<HealthSample> healthSeries = new ArrayList<>();
    private HealthBase healthBase;
    private long lastSampleNanos;
    private long lastCompleted;
    private long lastErrors;

    /**
     * @param arrivals the open model's arrivals (for missed arrivals); null in the closed model
     * @param snapshot the trial's data so far, for the listener
     */
    IntervalSampler(
            LoadPlan plan,
            int trialIndex,
            MetricRegistry registry,
            Tally tally,
            Timeline timeline,
            OpenArrivals arrivals,
            TargetReads reads,
            RunListener listener,
            Supplier<TrialData> snapshot,
            long sampleNanos) {
        this.plan = plan;
        this.trialIndex = trialIndex;
        this.registry = registry;
        this.tally = tally;
        this.timeline = timeline;
        this.arrivals = arrivals;
        this.reads = reads;
        this.listener = listener;
        this.snapshot = snapshot;
        this.sampleNanos = sampleNanos;
    }

    /** The generator JVM now (GC counts at the start and end of the trial come from it). */
    GeneratorReading generatorNow() {
        return generator.read();
    }

    /**
     * The readings the first interval's health is measured from. No extra read of the target here
     * (reads have a cost and probes count them): the first interval's target CPU is unknown.
     */
    void baseline(GeneratorReading atStart) {
        healthBase = new HealthBase(timeline.now(), machine.read(), atStart, targetCpuNanos(null), 0);
    }

    /** Where the intervals count from (the run's start, once fixed). */
    void startsAt(long t0) {
        lastSampleNanos = t0;
    }

    void addServerSample(ResourceSample sample) {
        if (sample == null) {
            return;
        }
        synchronized (lock) {
            serverSeries.add(sample);
        }
    }

    void start(String threadName) {
        thread = new Thread(null, this::loop, threadName, 0);
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * Stops the sampler thread (waiting at most {@code joinMillis}) and takes the last sample.
     *
     * @return true unless interrupted while waiting
     */
    boolean stopAndTakeLast(long joinMillis) {
        boolean interrupted = false;
        stop = true;
        if (thread != null) {
            LockSupport.unpark(thread);
            try {
                thread.join(joinMillis);
            } catch (InterruptedException e) {
                interrupted = true;
            }
            if (thread.isAlive()) {
                LOG.warn("The sampler thread is still busy (a slow resource probe?); taking the last sample"
                        + " without it");
            }
        }
        sample(true);
        return !interrupted;
    }

    List<IntervalSample> timeSeries() {
        synchronized (lock) {
            return new ArrayList<>(timeSeries);
        }
    }

    List<ResourceSample> serverSeries() {
        synchronized (lock) {
            return new ArrayList<>(serverSeries);
        }
    }

    List<GeneratorSample> generatorSeries() {
        synchronized (lock) {
            return new ArrayList<>(generatorSeries);
        }
    }

    List<HealthSample> healthSeries() {
        synchronized (lock) {
            return new ArrayList<>(healthSeries);
        }
    }

    private void loop() {
        long next = timeline.t0() + sampleNanos;
        while (!stop) {
            long now = timeline.now();
            if (now < next) {
                LockSupport.parkNanos(next - now);
                continue;
            }
            sample(false);
            next += sampleNanos;
            if (next <= timeline.now()) {
                next = timeline.now() + sampleNanos; // fell behind: skip, do not burst
            }
        }
    }

    private void sample(boolean last) {
        synchronized (lock) {
            if (stop && !last) {
                return;
            }
            long now = timeline.now();
            Histogram serviceInterval = null;
            long generatorLagP99 = -1;
            for (LatencyRecorder r : registry.latencies().values()) {
                Histogram h = r.sampleInterval();
                if (r == tally.service()) {
                    serviceInterval = h;
                } else if (r.name().startsWith(RunResult.GENERATOR_PREFIX) && h.getTotalCount() > 0) {
                    generatorLagP99 = Math.max(generatorLagP99, h.getValueAtPercentile(99));
                }
            }
            tally.failedTime().sampleInterval();
            Histogram lagInterval = tally.lag().sampleInterval();
            if (lagInterval.getTotalCount() > 0) {
                generatorLagP99 = Math.max(generatorLagP99, lagInterval.getValueAtPercentile(99));
            }
            long doneNow = tally.allCompleted();
            long errorsNow = tally.allErrors();
            long elapsed = now - lastSampleNanos;
            long done = doneNow - lastCompleted;
            long failed = errorsNow - lastErrors;
            boolean hasValues = serviceInterval != null && serviceInterval.getTotalCount() > 0;
            // Active channels first: a channel raises the step before it counts as active, so the
            // step read after them is never below the step of a channel counted.
            int activeNow = tally.active();
            long offsetMillis = Math.max(0, (now - timeline.t0()) / 1_000_000);
            IntervalSample sample = new IntervalSample(
                    offsetMillis,
                    timeline.step(),
                    activeNow,
                    !tally.measuring(),
                    done,
                    failed,
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
                if (!kept && arrivals != null && !healthSeries.isEmpty()) {
                    // Too short to be an interval of its own: its missed arrivals join the one before,
                    // so the series adds up to the trial's missed count.
                    long missed = Math.max(0, missedArrivals(now, true) - healthBase.missed());
                    HealthSample h = healthSeries.remove(healthSeries.size() - 1);
                    healthSeries.add(new HealthSample(
                            h.offsetMillis(),
                            h.warmup(),
                            h.generatorCpuShare(),
                            h.otherCpuShare(),
                            h.cpuPressureShare(),
                            h.stealShare(),
                            h.runQueuePerCore(),
                            h.gcPauseMillis(),
                            h.generatorLagP99Nanos(),
                            h.missedArrivals() + missed,
                            h.idleShare()));
                }
                if (kept) {
                    // The target is read "after" the run, not here: its CPU is unknown for this interval.
                    healthSeries.add(health(sample, generator.read(), null, generatorLagP99, true));
                }
                stop = true;
                return;
            }
            GeneratorReading jvm = generator.read();
            ResourceReading target = reads.read();
            HealthSample healthNow = health(sample, jvm, target, generatorLagP99, false);
            healthSeries.add(healthNow);
            ResourceSample serverNow = target == null ? null : target.toSample(sample.offsetMillis(), "load");
            if (serverNow != null) {
                serverSeries.add(serverNow);
            }
            generatorSeries.add(jvm.toSample(sample.offsetMillis()));
            try {
                listener.onInterval(new RunProgress(
                        trialIndex,
                        plan.trials(),
                        sample,
                        plan.rampSteps(),
                        plan.channels(),
                        sample.offsetMillis(),
                        plan.iterations() > 0 ? 0 : (timeline.deadline() - timeline.t0()) / 1_000_000,
                        snapshot,
                        serverNow,
                        healthNow));
            } catch (RuntimeException e) {
                LOG.warn("Run listener failed; the run goes on: {}", e.toString(), e);
            }
        }
    }

    /**
     * Open model: arrivals missed by {@code now}; at the last sample, counted at the run's end (the
     * deadline, or the target's death).
     */
    long missedArrivals(long now, boolean last) {
        return arrivals.missed((last ? Math.min(now, timeline.runEnd()) : now) - timeline.t0());
    }

    /**
     * The readings the next interval's health is measured from.
     *
     * @param targetCpuNanos the target's CPU time, 0 when it runs elsewhere, -1 when unknown
     * @param missed         open model: arrivals counted missed so far
     */
    private record HealthBase(
            long nanos, MachineReading machine, GeneratorReading generator, long targetCpuNanos, long missed) {}

    /**
     * The target's CPU time as far as this machine is concerned: 0 when it runs elsewhere (its CPU
     * is not in this machine's busy time), -1 when it may run here but gives no CPU reading.
     */
    private long targetCpuNanos(ResourceReading reading) {
        if (reads.present() && !reads.onThisMachine()) {
            return 0;
        }
        return reading == null ? -1 : reading.cpuTimeNanos();
    }

    /**
     * One interval's health from the deltas of the machine's, the generator's and the target's
     * readings since the last one: three small /proc reads.
     */
    private HealthSample health(
            IntervalSample interval, GeneratorReading jvm, ResourceReading target, long generatorLagP99, boolean last) {
        long now = timeline.now();
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
        long missedSoFar = arrivals != null ? missedArrivals(now, last) : 0;
        long missed = Math.max(0, missedSoFar - b.missed());
        healthBase = new HealthBase(now, m, jvm, targetCpu, missedSoFar);
        return new HealthSample(
                interval.offsetMillis(),
                interval.warmup(),
                generatorShare,
                otherShare,
                pressureShare,
                stealShare,
                runQueue,
                gcMillis,
                generatorLagP99,
                missed,
                idleShare);
    }

    private static double clampShare(double share) {
        return Math.max(0, Math.min(1, share));
    }
}
