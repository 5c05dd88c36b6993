package dev.speechload.bench;

import dev.speechload.core.engine.AsyncScenario;
import dev.speechload.core.engine.LoadPlan;
import dev.speechload.core.engine.LoadRunner;
import dev.speechload.core.engine.Scenario;
import dev.speechload.core.engine.TrialData;
import dev.speechload.core.result.RunResult;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Closed model: how late each channel's first iteration starts after the time its ramp step was
 * planned for ({@code t0 + (s - 1) x rampInterval}). The engine creates every channel thread
 * before {@code t0} and parks each until its step's time, so the lag is a timer wake-up plus the
 * wait for a core behind the other channels of the same step. Every channel stays open
 * (idle-waiting) until all have started, so later steps start beside the earlier ones.
 *
 * <p>Two figures: the engine's own, its {@code generator.scheduling_lag} histogram (first
 * iteration start minus planned start, one value per channel) and its
 * {@code schedulingLagP99Nanos}; and, as a check the engine cannot grade itself on, the moment the
 * scenario is entered minus the planned time, with the planned times rebuilt from the iteration's
 * deadline (for an iteration-bounded plan the engine sets
 * {@code deadline = t0 + rampNanos + warmupNanos + timeLimitNanos}). Single use.
 */
final class RampLag {

    private static final Duration TIME_LIMIT = Duration.ofMinutes(2);

    /**
     * @param engine          the engine's {@code generator.scheduling_lag}, one value per channel
     * @param engineP99Nanos  the engine's {@code TrialData.schedulingLagP99Nanos}
     * @param scenarioSide    scenario entry minus planned start, one value per channel
     */
    record Figures(Percentiles engine, long engineP99Nanos, Percentiles scenarioSide) {}

    private RampLag() {}

    /**
     * @param channels  >= 1
     * @param steps     1..channels
     * @param interval  between steps
     * @return the lag of every channel's first start, as the engine and the scenario saw it
     */
    static Figures measure(int channels, int steps, Duration interval) throws Exception {
        return measure(channels, steps, interval, false);
    }

    /** @param async channels of an {@code AsyncScenario}, started by the engine's scheduler threads */
    static Figures measure(int channels, int steps, Duration interval, boolean async) throws Exception {
        long[] enteredNanos = new long[channels];
        AtomicLong deadline = new AtomicLong();
        CountDownLatch started = new CountDownLatch(channels);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Void> released = new CompletableFuture<>();
        Scenario firstStart = async
                ? (AsyncScenario) it -> {
                    enteredNanos[it.channel()] = System.nanoTime();
                    deadline.set(it.deadlineNanos());
                    started.countDown();
                    return released.copy();
                }
                : it -> {
                    enteredNanos[it.channel()] = System.nanoTime();
                    deadline.set(it.deadlineNanos());
                    started.countDown();
                    release.await(Math.max(0, it.deadlineNanos() - System.nanoTime()), TimeUnit.NANOSECONDS);
                };
        LoadRunner runner = new LoadRunner(
                        LoadPlan.closed(channels).withRamp(steps, interval).withIterations(1))
                .withTimeLimit(TIME_LIMIT)
                .withGracePeriod(Duration.ofSeconds(2));
        FutureTask<TrialData> trial = new FutureTask<>(() -> runner.run(firstStart, 0));
        Thread driver = new Thread(trial, "ramp-lag-driver");
        driver.setDaemon(true);
        driver.start();
        long waitSeconds = 60 + (steps - 1) * interval.toSeconds();
        boolean all;
        try {
            all = started.await(waitSeconds, TimeUnit.SECONDS);
        } finally {
            release.countDown();
            released.complete(null);
        }
        TrialData data = trial.get(60, TimeUnit.SECONDS);
        if (!all || data.peakActiveChannels() != channels) {
            throw new IllegalStateException("expected all " + channels + " channels open at once; "
                    + (channels - started.getCount()) + " started, the engine saw " + data.peakActiveChannels());
        }
        long intervalNanos = interval.toNanos();
        long t0 = deadline.get() - (steps - 1) * intervalNanos - TIME_LIMIT.toNanos();
        long[] lagNanos = new long[channels];
        for (int c = 0; c < channels; c++) {
            long planned = t0 + (stepOf(c, channels, steps) - 1) * intervalNanos;
            lagNanos[c] = enteredNanos[c] - planned;
        }
        return new Figures(
                Percentiles.of(data.latencies().get(RunResult.SCHEDULING_LAG)),
                data.schedulingLagP99Nanos(),
                Percentiles.of(lagNanos));
    }

    /** The 1-based ramp step that starts channel {@code c}: the engine's split of channels over steps. */
    static int stepOf(int c, int channels, int steps) {
        for (int s = 1; s <= steps; s++) {
            if (c < (int) ((long) s * channels / steps)) {
                return s;
            }
        }
        throw new IllegalArgumentException("channel " + c + " is not below " + channels);
    }
}
