package dev.speechload.bench;

import dev.speechload.core.engine.AsyncScenario;
import dev.speechload.core.engine.LoadPlan;
import dev.speechload.core.engine.LoadRunner;
import dev.speechload.core.engine.Scenario;
import dev.speechload.core.engine.TrialData;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * What each open channel costs the generator: heap after GC (and resident memory, which holds the
 * touched part of each channel thread's stack) with {@code channels} channels idle-waiting inside a
 * scenario, minus the same with one channel, divided by {@code channels - 1}. Both states hold one
 * running trial with the same recorders, so only per-channel costs remain. Single use.
 */
final class IdleChannels {

    /**
     * @param channels          channels open in the loaded state
     * @param heapOneBytes      settled heap with one idle channel
     * @param heapManyBytes     settled heap with {@code channels} idle channels
     * @param rssOneBytes       resident memory with one (-1 where unknown)
     * @param rssManyBytes      resident memory with {@code channels}
     * @param threadsMany       live JVM threads with {@code channels}
     */
    record Figures(
            int channels, long heapOneBytes, long heapManyBytes, long rssOneBytes, long rssManyBytes, int threadsMany) {

        double heapBytesPerChannel() {
            return (double) (heapManyBytes - heapOneBytes) / (channels - 1);
        }

        double rssBytesPerChannel() {
            return rssOneBytes < 0 ? -1 : (double) (rssManyBytes - rssOneBytes) / (channels - 1);
        }
    }

    /** A reading taken while {@code channels} channels wait. */
    private record Reading(long heapBytes, long rssBytes, int threads) {}

    private IdleChannels() {}

    /** @param channels >= 2 */
    static Figures measure(int channels) throws Exception {
        return measure(channels, false);
    }

    /**
     * @param channels >= 2
     * @param async    channels of an {@code AsyncScenario} (waiting on a stage, no thread each)
     */
    static Figures measure(int channels, boolean async) throws Exception {
        if (channels < 2) {
            throw new IllegalArgumentException(
                    "IdleChannels needs at least 2 channels to compare with 1, was " + channels);
        }
        Reading one = readWhileIdle(1, async);
        Reading many = readWhileIdle(channels, async);
        return new Figures(
                channels, one.heapBytes(), many.heapBytes(), one.rssBytes(), many.rssBytes(), many.threads());
    }

    private static Reading readWhileIdle(int channels, boolean async) throws Exception {
        CountDownLatch started = new CountDownLatch(channels);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Void> released = new CompletableFuture<>();
        // The scenario allocates nothing per channel (the asynchronous one a dependent stage): what
        // is measured is the engine's own cost.
        Scenario idle = async
                ? (AsyncScenario) it -> {
                    started.countDown();
                    return released.copy();
                }
                : it -> {
                    started.countDown();
                    release.await(Math.max(0, it.deadlineNanos() - System.nanoTime()), TimeUnit.NANOSECONDS);
                };
        LoadRunner runner = new LoadRunner(LoadPlan.closed(channels).withIterations(1))
                .withTimeLimit(Duration.ofMinutes(2))
                .withGracePeriod(Duration.ofSeconds(2));
        FutureTask<TrialData> trial = new FutureTask<>(() -> runner.run(idle, 0));
        Thread driver = new Thread(trial, "idle-channels-driver");
        driver.setDaemon(true);
        driver.start();
        try {
            if (!started.await(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("only " + (channels - started.getCount()) + " of " + channels
                        + " channels started within 60 s");
            }
            // Let the sampler take its first sample, which allocates its interval histograms once.
            Thread.sleep(1_500);
            long heap = Heap.settledUsedBytes();
            return new Reading(heap, Heap.residentBytes(), Heap.threadCount());
        } finally {
            release.countDown();
            released.complete(null);
            finish(trial, channels);
        }
    }

    private static void finish(FutureTask<TrialData> trial, int channels) throws Exception {
        TrialData data;
        try {
            data = trial.get(60, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            throw new IllegalStateException("the idle trial of " + channels + " channels did not end within 60 s", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("the idle trial of " + channels + " channels failed: " + e.getCause(), e);
        }
        if (data.peakActiveChannels() != channels) {
            throw new IllegalStateException(
                    "expected " + channels + " channels active at once, the engine saw " + data.peakActiveChannels());
        }
    }
}
