package dev.speechload.bench;

import dev.speechload.core.engine.AsyncScenario;
import dev.speechload.core.engine.LoadPlan;
import dev.speechload.core.engine.LoadRunner;
import dev.speechload.core.engine.Scenario;
import dev.speechload.core.engine.TrialData;
import dev.speechload.core.record.internal.LatencyRecorder;
import dev.speechload.core.result.GeneratorSummary;
import dev.speechload.core.stats.RunResults;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Open model: how late arrivals start after their intended time while about {@code rate x
 * iterationTime} channels are busy idle-waiting. The engine's own figure is
 * {@link GeneratorSummary#schedulingLagP99Nanos()} (its {@code scheduling_lag} recorder: actual
 * start minus intended start, measured iterations only); the scenario also records, on entry,
 * {@code nanoTime - intendedStartNanos} for the full distribution. Single use.
 */
final class OpenLag {

    /**
     * @param engineP99Nanos  the engine's {@code GeneratorSummary.schedulingLagP99Nanos}
     * @param scenarioSide    lag seen on entering the scenario (a little later than the engine's)
     * @param peakActive      most channels busy at once
     * @param missedArrivals  arrivals due before the deadline that never started
     * @param completed       measured iterations completed
     */
    record Figures(
            long engineP99Nanos,
            Percentiles scenarioSide,
            int peakActive,
            long missedArrivals,
            long completed,
            long gcCount,
            long gcTimeMillis) {}

    private OpenLag() {}

    static Figures measure(
            int channels, double arrivalsPerSecond, Duration iterationTime, Duration warmup, Duration duration)
            throws Exception {
        return measure(channels, arrivalsPerSecond, iterationTime, warmup, duration, false);
    }

    /** @param async an {@code AsyncScenario} whose stages a timer completes, no thread per busy worker */
    static Figures measure(
            int channels,
            double arrivalsPerSecond,
            Duration iterationTime,
            Duration warmup,
            Duration duration,
            boolean async)
            throws Exception {
        LatencyRecorder entered = new LatencyRecorder("bench.open_entry_lag", "scenario entry - intended start");
        long sleepNanos = iterationTime.toNanos();
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "open-lag-timer");
            t.setDaemon(true);
            return t;
        });
        Scenario idle = async
                ? (AsyncScenario) it -> {
                    long lag = System.nanoTime() - it.intendedStartNanos();
                    if (!it.warmup()) {
                        entered.record(lag);
                    }
                    CompletableFuture<Void> end = new CompletableFuture<>();
                    timer.schedule(() -> end.complete(null), sleepNanos, TimeUnit.NANOSECONDS);
                    return end;
                }
                : it -> {
                    long lag = System.nanoTime() - it.intendedStartNanos();
                    if (!it.warmup()) {
                        entered.record(lag);
                    }
                    TimeUnit.NANOSECONDS.sleep(sleepNanos);
                };
        LoadPlan plan = LoadPlan.open(arrivalsPerSecond)
                .withChannels(channels)
                .withWarmup(warmup)
                .withDuration(duration);
        TrialData data;
        try {
            data = new LoadRunner(plan).withGracePeriod(Duration.ofSeconds(2)).run(idle, 0);
        } finally {
            timer.shutdownNow();
        }
        entered.sampleInterval();
        GeneratorSummary generator = RunResults.generator(data);
        TrialData.Count missed = data.counters().get("arrivals.missed");
        return new Figures(
                generator.schedulingLagP99Nanos(),
                Percentiles.of(entered.total()),
                data.peakActiveChannels(),
                missed == null ? -1 : missed.total(),
                data.completedIterations(),
                data.gcCount(),
                data.gcTimeMillis());
    }
}
