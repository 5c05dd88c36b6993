package dev.speechload.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.speechload.core.engine.internal.ErrorCodes;
import dev.speechload.core.result.RunResult;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The engine running an {@link AsyncScenario}: its channels on a few scheduler threads, stages
 * completed by another thread (as a transport's I/O thread would), cancelled at the deadline.
 * Assertions are on counts and outcomes, never on speed.
 */
@DisplayName("LoadRunner with an AsyncScenario")
class AsyncEngineTests {

    /** Completes stages later, like a transport's event loop. */
    private static final ScheduledExecutorService IO = Executors.newScheduledThreadPool(2, r -> {
        Thread t = new Thread(r, "test-io");
        t.setDaemon(true);
        return t;
    });

    @AfterAll
    static void stopIo() {
        IO.shutdownNow();
    }

    private static CompletableFuture<Void> after(long millis) {
        CompletableFuture<Void> f = new CompletableFuture<>();
        IO.schedule(() -> f.complete(null), millis, TimeUnit.MILLISECONDS);
        return f;
    }

    @Test
    void everyChannelRunsItsIterationsOnceEachInOrderAndNeverTwoAtOnce() throws Exception {
        int channels = 40;
        int iterations = 25;
        Map<Integer, List<Long>> seen = new ConcurrentHashMap<>();
        Map<Integer, AtomicBoolean> busy = new ConcurrentHashMap<>();
        AtomicInteger overlaps = new AtomicInteger();
        AsyncScenario scenario = it -> {
            AtomicBoolean b = busy.computeIfAbsent(it.channel(), c -> new AtomicBoolean());
            if (!b.compareAndSet(false, true)) {
                overlaps.incrementAndGet();
            }
            seen.computeIfAbsent(it.channel(), c -> new CopyOnWriteArrayList<>())
                    .add(it.index());
            return after(1 + it.index() % 3).whenComplete((v, t) -> b.set(false));
        };
        LoadPlan plan = LoadPlan.closed(channels).withIterations(iterations).withWarmupIterations(2);

        TrialData run = new LoadRunner(plan).run(scenario, 0);

        assertThat(run.completedIterations()).isEqualTo((long) channels * iterations);
        assertThat(run.failedIterations()).isZero();
        assertThat(overlaps.get()).isZero();
        assertThat(seen).hasSize(channels);
        List<Long> expected =
                java.util.stream.LongStream.range(0, iterations + 2).boxed().toList();
        seen.values().forEach(indices -> assertThat(indices).isEqualTo(expected));
        assertThat(run.latencies().get(RunResult.SERVICE_TIME).getTotalCount()).isEqualTo((long) channels * iterations);
    }

    @Test
    void twoThousandWaitingStreamsHoldNoThreadEach() throws Exception {
        int channels = 2000;
        AtomicInteger maxEngineThreads = new AtomicInteger();
        AsyncScenario scenario = it -> {
            if (it.channel() % 200 == 0) {
                int n = (int) Thread.getAllStackTraces().keySet().stream()
                        .filter(t -> t.getName().startsWith("speechload-t"))
                        .count();
                maxEngineThreads.accumulateAndGet(n, Math::max);
            }
            return after(300);
        };
        LoadPlan plan = LoadPlan.closed(channels).withIterations(2);

        TrialData run = new LoadRunner(plan).run(scenario, 0);

        assertThat(run.completedIterations()).isEqualTo(2L * channels);
        assertThat(run.peakActiveChannels()).isEqualTo(channels);
        // The scheduler's threads and the sampler: a handful, not one per channel.
        assertThat(maxEngineThreads.get()).isPositive().isLessThan(20);
    }

    @Test
    void aStageStillRunningAfterTheGracePeriodIsCancelledAndCountedAsCutNotAsAnError() throws Exception {
        List<CompletableFuture<Void>> stages = new CopyOnWriteArrayList<>();
        AsyncScenario endless = it -> {
            CompletableFuture<Void> f = new CompletableFuture<>();
            stages.add(f);
            return f;
        };
        LoadPlan plan = LoadPlan.closed(3).withDuration(Duration.ofMillis(300));

        TrialData run =
                new LoadRunner(plan).withGracePeriod(Duration.ofMillis(100)).run(endless, 0);

        assertThat(stages).hasSize(3).allMatch(CompletableFuture::isCancelled);
        assertThat(run.counters().get("iterations.cut").total()).isEqualTo(3);
        assertThat(run.failedIterations()).isZero();
        assertThat(run.completedIterations()).isZero();
    }

    @Test
    void failuresCarryTheirCodesWhetherThrownAtStartCompletedExceptionallyOrMarked() throws Exception {
        AsyncScenario failing = it -> {
            switch ((int) (it.index() % 4)) {
                case 0:
                    throw new IOException("connection refused");
                case 1:
                    return CompletableFuture.failedFuture(new TimeoutException("no answer"));
                case 2:
                    it.fail("ERR2003");
                    return after(1);
                default:
                    return CompletableFuture.completedFuture(null);
            }
        };
        LoadPlan plan = LoadPlan.closed(2).withIterations(8);

        TrialData run = new LoadRunner(plan).run(failing, 0);

        assertThat(run.completedIterations()).isEqualTo(16);
        assertThat(run.errorsByCode())
                .containsOnly(
                        Map.entry(ErrorCodes.IO, 4L), Map.entry(ErrorCodes.TIMEOUT, 4L), Map.entry("ERR2003", 4L));
        assertThat(run.latencies().get(RunResult.SERVICE_TIME).getTotalCount()).isEqualTo(4);
    }

    @Test
    void stagesCompletedAtOnceRunTheirThousandsOfIterationsWithoutRecursion() throws Exception {
        AsyncScenario immediate = it -> CompletableFuture.completedFuture(null);
        LoadPlan plan = LoadPlan.closed(1).withIterations(50_000);

        TrialData run = new LoadRunner(plan).run(immediate, 0);

        assertThat(run.completedIterations()).isEqualTo(50_000);
    }

    @Test
    void aNullStageIsAFailureThatNamesTheScenario() throws Exception {
        AsyncScenario broken = new AsyncScenario() {
            @Override
            public CompletionStage<?> start(Iteration iteration) {
                return null;
            }
        };
        TrialData run = new LoadRunner(LoadPlan.closed(1).withIterations(3)).run(broken, 0);

        assertThat(run.errorsByCode()).containsOnly(Map.entry("IllegalStateException", 3L));
    }

    @Test
    void openModelStartsEveryArrivalDueBeforeTheDeadline() throws Exception {
        AsyncScenario quick = it -> after(5);
        LoadPlan plan = LoadPlan.open(200)
                .withChannels(20)
                .withDuration(Duration.ofSeconds(2))
                .withSampleInterval(Duration.ofMillis(200));

        TrialData run = new LoadRunner(plan).run(quick, 0);

        // 400 arrivals are due in 2 s; one due in the last moment may meet the deadline first.
        assertThat(run.completedIterations()).isBetween(398L, 400L);
        assertThat(run.counters().get(RunResult.MISSED_ARRIVALS).total()).isZero();
        assertThat(run.latencies().get(RunResult.SCHEDULING_LAG).getTotalCount())
                .isEqualTo(run.completedIterations());
    }

    @Test
    void openModelArrivalsStartOnTheirTimerWithoutWaitingForACompletion() throws Exception {
        AtomicInteger startsBeforeAnyEnd = new AtomicInteger();
        AtomicBoolean anyEnded = new AtomicBoolean();
        AsyncScenario slow = it -> {
            if (!anyEnded.get()) {
                startsBeforeAnyEnd.incrementAndGet();
            }
            return after(600).whenComplete((v, t) -> anyEnded.set(true));
        };
        LoadPlan plan = LoadPlan.open(100).withChannels(200).withDuration(Duration.ofSeconds(1));

        new LoadRunner(plan).withGracePeriod(Duration.ofSeconds(2)).run(slow, 0);

        // About 60 arrivals are due before the first 600 ms iteration ends; each must be started by
        // the pump's timer, not by a completion (a lost timer would start one, then wait).
        assertThat(startsBeforeAnyEnd.get()).isGreaterThan(20);
    }

    @Test
    void openModelArrivalsWaitBehindBusyWorkersAndTheirResponseTimeShowsIt() throws Exception {
        AsyncScenario slow = it -> after(50);
        LoadPlan plan = LoadPlan.open(100)
                .withChannels(1)
                .withDuration(Duration.ofSeconds(1))
                .withSampleInterval(Duration.ofMillis(100));

        TrialData run = new LoadRunner(plan).run(slow, 0);

        // One worker of 50 ms iterations serves at most 20 of the 100 arrivals per second: the rest
        // are missed, and the served ones waited (response time), which is the server's, not lag.
        assertThat(run.completedIterations()).isBetween(5L, 25L);
        assertThat(run.counters().get(RunResult.MISSED_ARRIVALS).total()).isGreaterThan(50);
        assertThat(run.latencies().get(RunResult.RESPONSE_TIME).getMaxValue())
                .isGreaterThan(run.latencies().get(RunResult.SERVICE_TIME).getMaxValue());
    }
}
