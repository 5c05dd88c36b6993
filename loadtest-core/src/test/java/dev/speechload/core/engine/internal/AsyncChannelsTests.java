package dev.speechload.core.engine.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.speechload.core.engine.AsyncScenario;
import dev.speechload.core.engine.LoadPlan;
import dev.speechload.core.record.internal.MetricRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** How the asynchronous channels hand their ramp steps to the scheduler (test clock; nothing waits). */
class AsyncChannelsTests {

    private static final long MS = 1_000_000L;
    private static final long SPAN = Duration.ofSeconds(10).toNanos();

    private final AtomicLong clock = new AtomicLong(1_000 * MS);
    private final Timeline timeline = new Timeline(clock::get);
    private final KeepingScheduler scheduler = new KeepingScheduler();
    private final MetricRegistry registry = new MetricRegistry();
    private final List<Integer> started = new ArrayList<>();
    private final AsyncScenario scenario = it -> {
        started.add(it.channel());
        return new CompletableFuture<>();
    };

    /** A task it was asked to run, with its delay and the clock's reading at the call. */
    private record Kept(Runnable task, long delayNanos, long readingNanos) {}

    /**
     * Keeps what it is asked to schedule with the clock's reading at the call (a real executor adds the
     * delay to its own reading), runs nothing itself, and takes 1 ms per call (10,000 channels take
     * milliseconds to schedule). Two threads, so a step is started in two lanes.
     */
    private final class KeepingScheduler extends ScheduledThreadPoolExecutor {
        final List<Kept> kept = new ArrayList<>();

        KeepingScheduler() {
            super(2);
        }

        @Override
        public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
            kept.add(new Kept(command, unit.toNanos(delay), clock.get()));
            clock.addAndGet(MS);
            return null;
        }
    }

    @AfterEach
    void shutDown() {
        scheduler.shutdownNow();
    }

    /** Channels ready, the run begun 50 ms from now, the steps handed to the scheduler; returns t0. */
    private long release(LoadPlan plan) {
        AsyncChannels channels =
                new AsyncChannels(plan, scenario, registry, timeline, new Tally(registry, false, 0), null, scheduler);
        channels.prepare(SPAN);
        long t0 = clock.get() + 50 * MS;
        timeline.begin(t0, SPAN);
        channels.release();
        return t0;
    }

    @Test
    void everyStepIsDueAtItsPlannedTimeHoweverLongSchedulingTheOthersTook() {
        long t0 = release(LoadPlan.closed(4).withIterations(1).withRamp(2, Duration.ofMillis(100)));

        // Two steps 100 ms apart, two lanes each: due at the step's time, counted from the clock as it
        // read when that task was handed over, not when the first one was.
        assertThat(scheduler.kept).hasSize(4);
        long[] planned = {t0, t0, t0 + 100 * MS, t0 + 100 * MS};
        for (int k = 0; k < 4; k++) {
            Kept task = scheduler.kept.get(k);
            assertThat(task.readingNanos() + task.delayNanos())
                    .as("task %d is due at", k)
                    .isEqualTo(planned[k]);
        }
    }

    @Test
    void aStepsLanesStartEachOfItsChannelsOnceAndNoneOfTheNextStep() {
        release(LoadPlan.closed(6).withIterations(1).withRamp(2, Duration.ofMillis(100)));
        assertThat(scheduler.kept).hasSize(4);

        scheduler.kept.get(0).task().run();
        scheduler.kept.get(1).task().run();
        assertThat(started).containsExactly(0, 2, 1);

        scheduler.kept.get(2).task().run();
        scheduler.kept.get(3).task().run();
        assertThat(started).containsExactly(0, 2, 1, 3, 5, 4);
    }
}
