package dev.speechload.bench;

import dev.speechload.core.engine.LoadPlan;
import dev.speechload.core.engine.LoadRunner;
import dev.speechload.core.engine.Scenario;
import dev.speechload.core.engine.TrialData;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Closed model: how late each channel's first iteration starts after the time its ramp step was
 * planned for. The engine starts step {@code s} at {@code t0 + (s - 1) x rampInterval}, creating
 * and starting one thread per channel of the step; the lag of a channel is the moment its scenario
 * is entered minus that planned time, so it holds the ramp timer's wake-up, thread creation and
 * start, and the wait behind the other channels of the same step. Every channel stays open
 * (idle-waiting) until all have started, so later steps start beside the earlier ones.
 *
 * <p>The engine does not report this lag itself ({@code schedulingLagP99Nanos} is open-model only),
 * so the planned times are rebuilt from the iteration's deadline: for an iteration-bounded plan the
 * engine sets {@code deadline = t0 + rampNanos + warmupNanos + timeLimitNanos}. Single use.
 */
final class RampLag {

    private static final Duration TIME_LIMIT = Duration.ofMinutes(2);

    private RampLag() {
    }

    /**
     * @param channels  >= 1
     * @param steps     1..channels
     * @param interval  between steps
     * @return the lag of every channel's first start
     */
    static Percentiles measure(int channels, int steps, Duration interval) throws Exception {
        long[] enteredNanos = new long[channels];
        AtomicLong deadline = new AtomicLong();
        CountDownLatch started = new CountDownLatch(channels);
        CountDownLatch release = new CountDownLatch(1);
        Scenario firstStart = it -> {
            enteredNanos[it.channel()] = System.nanoTime();
            deadline.set(it.deadlineNanos());
            started.countDown();
            release.await(Math.max(0, it.deadlineNanos() - System.nanoTime()), TimeUnit.NANOSECONDS);
        };
        LoadRunner runner = new LoadRunner(LoadPlan.closed(channels).withRamp(steps, interval).withIterations(1))
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
        return Percentiles.of(lagNanos);
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
