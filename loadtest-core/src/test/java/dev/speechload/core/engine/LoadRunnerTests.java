package dev.speechload.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.speechload.core.record.LatencyMetric;
import dev.speechload.core.result.HealthSample;
import dev.speechload.core.result.HealthStatus;
import dev.speechload.core.result.IntervalSample;
import dev.speechload.core.result.ResourceSample;
import dev.speechload.core.result.RunResult;
import dev.speechload.core.result.TargetFailure;
import dev.speechload.core.sample.ResourceProbe;
import dev.speechload.core.sample.ResourceReading;
import dev.speechload.core.stats.RunResults;
import dev.speechload.core.target.Liveness;
import dev.speechload.core.target.TargetDeath;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("LoadRunner")
class LoadRunnerTests {

    private static final long MS = 1_000_000L;

    @Test
    void openModelResponseTimeShowsAStallThatClosedServiceTimeHides() throws Exception {
        LoadPlan open = LoadPlan.open(200).withChannels(8).withDuration(Duration.ofSeconds(3));
        TrialData openRun = new LoadRunner(open).run(new StallingScenario(), 0);
        Histogram openResponse = openRun.latencies().get(RunResult.RESPONSE_TIME);
        // ~160 of ~600 arrivals queue behind the 800 ms stall: their response time shows it.
        assertThat(openResponse.getValueAtPercentile(99)).isGreaterThan(400 * MS);
        // Every measured arrival's start lag is recorded beside it.
        assertThat(openRun.latencies().get(RunResult.SCHEDULING_LAG).getTotalCount())
                .isEqualTo(openResponse.getTotalCount());
        assertThat(openRun.schedulingLagP99Nanos()).isNotNegative();

        LoadPlan closed = LoadPlan.closed(2).withDuration(Duration.ofSeconds(3));
        TrialData closedRun = new LoadRunner(closed).run(new StallingScenario(), 0);
        Histogram service = closedRun.latencies().get(RunResult.SERVICE_TIME);
        // Each channel waits out the stall in one iteration out of hundreds: p99 misses it, max sees it.
        // (Half the stall, not a speed: a busy machine delays the short iterations, never by 400 ms.)
        assertThat(service.getMaxValue()).isGreaterThan(600 * MS);
        assertThat(service.getValueAtPercentile(99)).isLessThan(400 * MS);
        assertThat(closedRun.latencies()).doesNotContainKey(RunResult.RESPONSE_TIME);
    }

    @Test
    void closedModelWithExpectedIntervalRecordsCorrectedResponseTime() throws Exception {
        LoadPlan closed =
                LoadPlan.closed(2).withDuration(Duration.ofSeconds(3)).withExpectedInterval(Duration.ofMillis(2));
        TrialData run = new LoadRunner(closed).run(new StallingScenario(), 0);
        Histogram service = run.latencies().get(RunResult.SERVICE_TIME);
        Histogram response = run.latencies().get(RunResult.RESPONSE_TIME);
        assertThat(service.getValueAtPercentile(99)).isLessThan(400 * MS);
        assertThat(response.getValueAtPercentile(99)).isGreaterThan(service.getValueAtPercentile(99));
        assertThat(response.getValueAtPercentile(99)).isGreaterThan(300 * MS);
        assertThat(response.getTotalCount()).isGreaterThan(service.getTotalCount());
    }

    @Test
    void rampStepsAreVisibleInTheTimeSeries() throws Exception {
        LoadPlan plan = LoadPlan.closed(4)
                .withRamp(4, Duration.ofMillis(500))
                .withDuration(Duration.ofMillis(2500))
                .withSampleInterval(Duration.ofMillis(100));
        TrialData run = new LoadRunner(plan).run(iteration -> Thread.sleep(5), 0);
        List<IntervalSample> series = run.timeSeries();
        assertThat(series.stream().map(IntervalSample::rampStep).collect(Collectors.toSet()))
                .containsExactlyInAnyOrder(1, 2, 3, 4);
        for (int i = 1; i < series.size(); i++) {
            assertThat(series.get(i).rampStep())
                    .isGreaterThanOrEqualTo(series.get(i - 1).rampStep());
        }
        // One channel per step: never more channels than the step allows.
        assertThat(series).allSatisfy(s -> assertThat(s.activeChannels()).isLessThanOrEqualTo(s.rampStep()));
        assertThat(series).anySatisfy(s -> assertThat(s.activeChannels()).isEqualTo(4));
        assertThat(run.peakActiveChannels()).isEqualTo(4);
    }

    @Test
    void startsEveryChannelOfAOneStepRampNoEarlierThanPlannedAndRecordsEachStartLag() throws Exception {
        int channels = 200;
        Duration timeLimit = Duration.ofMinutes(2);
        FirstStarts starts = new FirstStarts(channels);
        TrialData run = new LoadRunner(LoadPlan.closed(channels).withIterations(1))
                .withTimeLimit(timeLimit)
                .run(starts, 0);

        // An iteration-bounded plan ends at t0 + ramp + warm-up + time limit: t0 from the deadline.
        long t0 = starts.deadlineNanos.get() - timeLimit.toNanos();
        assertThat(run.completedIterations()).isEqualTo(channels);
        for (int c = 0; c < channels; c++) {
            assertThat(starts.enteredNanos[c]).as("channel %d's first start", c).isGreaterThanOrEqualTo(t0);
        }
        Histogram lag = run.latencies().get(RunResult.SCHEDULING_LAG);
        assertThat(lag.getTotalCount()).isEqualTo(channels);
        assertThat(run.schedulingLagP99Nanos()).isNotNegative();
        assertThat(run.schedulingLagP99Nanos()).isEqualTo(lag.getValueAtPercentile(99));
    }

    @Test
    void startsEachRampStepsChannelsNoEarlierThanTheStepsTimeWarmupOrNot() throws Exception {
        int channels = 8;
        int steps = 4;
        Duration interval = Duration.ofMillis(150);
        Duration timeLimit = Duration.ofMinutes(1);
        FirstStarts starts = new FirstStarts(channels);
        LoadPlan plan = LoadPlan.closed(channels)
                .withRamp(steps, interval)
                .withWarmupIterations(1)
                .withIterations(1);
        TrialData run = new LoadRunner(plan).withTimeLimit(timeLimit).run(starts, 0);

        long t0 = starts.deadlineNanos.get() - (steps - 1) * interval.toNanos() - timeLimit.toNanos();
        for (int c = 0; c < channels; c++) {
            int step = c / (channels / steps) + 1; // 2 channels a step: channels 0-1 in step 1, 2-3 in step 2, ...
            long stepTime = t0 + (step - 1) * interval.toNanos();
            assertThat(starts.enteredNanos[c])
                    .as("channel %d's first start, step %d", c, step)
                    .isGreaterThanOrEqualTo(stepTime);
        }
        // The first iteration is warm-up, yet each channel's start lag is a generator figure: recorded.
        assertThat(run.latencies().get(RunResult.SCHEDULING_LAG).getTotalCount())
                .isEqualTo(channels);
        assertThat(run.latencies().get(RunResult.SERVICE_TIME).getTotalCount()).isEqualTo(channels);
    }

    @Test
    void rejectsAScenarioMetricNamedLikeTheGeneratorsOwn() {
        Scenario scenario = new Scenario() {
            @Override
            public void setUp(ScenarioContext context) {
                context.latency("generator.my_lag", "not the engine's");
            }

            @Override
            public void run(Iteration iteration) {}
        };
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> new LoadRunner(LoadPlan.closed(1).withIterations(1)).run(scenario, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("latency metric 'generator.my_lag': names starting with 'generator.' are reserved for"
                        + " the engine's own figures; choose another name, such as 'stt.final_latency'");
    }

    @Test
    void warmupIterationsAreExcludedFromEveryFigure() throws Exception {
        LoadPlan plan = LoadPlan.closed(2).withWarmupIterations(5).withIterations(20);
        TrialData run = new LoadRunner(plan)
                .run(
                        new Scenario() {
                            private LatencyMetric custom;

                            @Override
                            public void setUp(ScenarioContext context) {
                                custom = context.latency("custom", "recorded by the scenario");
                            }

                            @Override
                            public void run(Iteration iteration) throws Exception {
                                iteration.record(custom, 7 * MS);
                                if (iteration.warmup()) {
                                    Thread.sleep(60);
                                    throw new IOException("cold");
                                }
                            }
                        },
                        0);
        assertThat(run.completedIterations()).isEqualTo(40);
        assertThat(run.failedIterations()).isZero();
        assertThat(run.errorsByCode()).isEmpty();
        assertThat(run.latencies().get(RunResult.SERVICE_TIME).getTotalCount()).isEqualTo(40);
        // The warm-up iterations' values (custom 7 ms each, and their 60 ms) are not among the 40.
        assertThat(run.latencies().get("custom").getTotalCount()).isEqualTo(40);
    }

    @Test
    void countsErrorsByCodeWithTheScenariosOwnCodeWinning() throws Exception {
        LoadPlan plan = LoadPlan.closed(2).withIterations(30);
        TrialData run = new LoadRunner(plan)
                .run(
                        iteration -> {
                            switch ((int) (iteration.index() % 6)) {
                                case 0 -> throw new IOException("connection reset");
                                case 1 -> iteration.fail("ERR2003");
                                case 2 -> throw new SocketTimeoutException("read timed out");
                                case 3 -> {
                                    iteration.fail("HTTP_503");
                                    throw new IllegalStateException("server said 503");
                                }
                                case 4 ->
                                    throw new java.util.concurrent.ExecutionException(new TimeoutException("deadline"));
                                default -> {}
                            }
                        },
                        0);
        assertThat(run.completedIterations()).isEqualTo(60);
        assertThat(run.failedIterations()).isEqualTo(50);
        assertThat(run.errorsByCode())
                .containsExactlyInAnyOrderEntriesOf(
                        java.util.Map.of("IO", 10L, "ERR2003", 10L, "TIMEOUT", 20L, "HTTP_503", 10L));
    }

    @Test
    void failedIterationsAreTimedApartAndAddNothingToServiceTime() throws Exception {
        LoadPlan plan = LoadPlan.closed(2).withIterations(20);
        TrialData run = new LoadRunner(plan)
                .run(
                        iteration -> {
                            if (iteration.index() % 2 == 0) {
                                throw new java.net.ConnectException("Connection refused"); // fails at once
                            }
                            Thread.sleep(20);
                        },
                        0);

        assertThat(run.completedIterations()).isEqualTo(40);
        assertThat(run.failedIterations()).isEqualTo(20);
        Histogram service = run.latencies().get(RunResult.SERVICE_TIME);
        assertThat(service.getTotalCount())
                .as("service_time: the successful iterations only")
                .isEqualTo(20);
        assertThat(service.getMinValue()).as("no fast failure among them").isGreaterThanOrEqualTo(19 * MS);
        assertThat(run.latencies().get(RunResult.FAILED_TIME).getTotalCount()).isEqualTo(20);
        assertThat(RunResults.figures(run).throughputPerSecond())
                .isCloseTo(20 / (run.measuredNanos() / 1e9), org.assertj.core.data.Percentage.withPercentage(0.001));
    }

    @Test
    void openModelResponseTimeHoldsOnlySuccessfulArrivals() throws Exception {
        LoadPlan plan = LoadPlan.open(100).withChannels(4).withDuration(Duration.ofSeconds(1));
        TrialData run = new LoadRunner(plan)
                .run(
                        iteration -> {
                            if (iteration.index() % 2 == 0) {
                                iteration.fail("HTTP_503");
                            }
                        },
                        0);

        long ok = run.completedIterations() - run.failedIterations();
        assertThat(run.failedIterations()).isPositive();
        assertThat(run.latencies().get(RunResult.RESPONSE_TIME).getTotalCount()).isEqualTo(ok);
        assertThat(run.latencies().get(RunResult.SERVICE_TIME).getTotalCount()).isEqualTo(ok);
        assertThat(run.latencies().get(RunResult.FAILED_TIME).getTotalCount()).isEqualTo(run.failedIterations());
        assertThat(run.latencies().get(RunResult.SCHEDULING_LAG).getTotalCount())
                .isEqualTo(run.completedIterations());
    }

    @Test
    void aRunWithoutFailuresHasNoFailedTime() throws Exception {
        TrialData run = new LoadRunner(LoadPlan.closed(1).withIterations(5)).run(iteration -> {}, 0);
        assertThat(run.latencies()).doesNotContainKey(RunResult.FAILED_TIME);
    }

    @Test
    void endsTheRunWhenTheTargetDiesAndSaysHowAndWhen() throws Exception {
        FakeServer server = new FakeServer(50);
        LoadPlan plan = LoadPlan.closed(2).withDuration(Duration.ofSeconds(60));
        TrialData run = new LoadRunner(plan).withLiveness(server).run(server, 0);

        TargetFailure failure = run.targetFailure();
        assertThat(failure).isNotNull();
        assertThat(failure.message()).matches("target exited with code 137 at \\d+\\.\\d s");
        assertThat(failure.exitCode()).isEqualTo(137);
        assertThat(failure.trial()).isZero();
        assertThat(run.completedIterations() - run.failedIterations())
                .as("answers before the crash")
                .isEqualTo(50);
        assertThat(run.failedIterations())
                .as("refused between the crash and its detection")
                .isPositive();
        assertThat(run.latencies().get(RunResult.SERVICE_TIME).getTotalCount()).isEqualTo(50);
        assertThat(run.latencies().get(RunResult.FAILED_TIME).getTotalCount()).isEqualTo(run.failedIterations());
        assertThat(run.measuredNanos())
                .as("ended long before its 60 s")
                .isLessThan(Duration.ofSeconds(30).toNanos());
        assertThat(run.finishedAtEpochMillis()).isPositive();
    }

    @Test
    void aTargetDeadBeforeTheLoadStartsEndsTheRunAtOnceAndRunAllRunsNoFurtherTrial() throws Exception {
        // Died a second before the first check, which is before the load's start.
        Liveness dead = () -> Optional.of(new TargetDeath(
                "exited with code 1",
                "log server.log",
                1,
                System.nanoTime() - Duration.ofSeconds(1).toNanos()));
        LoadPlan plan = LoadPlan.closed(2).withDuration(Duration.ofSeconds(60)).withTrials(3);
        List<TrialData> trials = new LoadRunner(plan).withLiveness(dead).runAll(iteration -> Thread.sleep(5));

        assertThat(trials).hasSize(1);
        assertThat(trials.get(0).targetFailure().message())
                .isEqualTo("target exited with code 1 before trial 1 of 3 started (log server.log)");
        assertThat(trials.get(0).targetFailure().offsetMillis()).isZero();
    }

    @Test
    void aLivenessCheckThatThrowsIsNoNews() throws Exception {
        AtomicInteger checks = new AtomicInteger();
        Liveness broken = () -> {
            checks.incrementAndGet();
            throw new IllegalStateException("docker said no");
        };
        TrialData run = new LoadRunner(LoadPlan.closed(1).withDuration(Duration.ofMillis(500)))
                .withLiveness(broken)
                .run(iteration -> Thread.sleep(5), 0);
        assertThat(run.targetFailure()).isNull();
        assertThat(run.completedIterations()).isPositive();
        assertThat(checks).hasPositiveValue();
    }

    /**
     * A server in the test JVM with a crash fault: answers {@code answers} requests, then dies (its
     * liveness says it exited with 137) and refuses every request after.
     */
    private static final class FakeServer implements Scenario, Liveness {
        private final int answers;
        private final AtomicInteger requests = new AtomicInteger();
        private volatile long diedAtNanos;

        FakeServer(int answers) {
            this.answers = answers;
        }

        @Override
        public void run(Iteration iteration) throws Exception {
            if (requests.incrementAndGet() > answers) {
                synchronized (this) {
                    if (diedAtNanos == 0) {
                        diedAtNanos = System.nanoTime();
                    }
                }
                throw new java.net.ConnectException("Connection refused");
            }
            Thread.sleep(2);
        }

        @Override
        public Optional<TargetDeath> check() {
            long at = diedAtNanos;
            return at == 0 ? Optional.empty() : Optional.of(new TargetDeath("exited with code 137", null, 137, at));
        }
    }

    @Test
    void endsOnTimeCuttingIterationsThatOutliveTheGracePeriod() throws Exception {
        AtomicInteger interrupted = new AtomicInteger();
        LoadPlan plan = LoadPlan.closed(2).withDuration(Duration.ofMillis(300));
        Object release = new Object();
        TrialData run = new LoadRunner(plan)
                .withGracePeriod(Duration.ofMillis(200))
                .run(
                        iteration -> {
                            if (iteration.channel() == 0) {
                                try {
                                    Thread.sleep(60_000); // honours the interrupt
                                } catch (InterruptedException e) {
                                    interrupted.incrementAndGet();
                                    throw e;
                                }
                            }
                            synchronized (release) {
                                while (true) {
                                    try {
                                        release.wait(60_000); // ignores interrupts: will be abandoned
                                        return;
                                    } catch (InterruptedException ignored) {
                                        // keep waiting
                                    }
                                }
                            }
                        },
                        0);
        synchronized (release) {
            release.notifyAll();
        }
        assertThat(interrupted).hasValue(1);
        assertThat(run.counters().get("iterations.cut").total()).isEqualTo(2);
        assertThat(run.failedIterations()).isZero();
        assertThat(run.completedIterations()).isZero();
    }

    @Test
    void readsTheProbeBeforeDuringAndAfterTheLoadAndSurvivesFailingReads() throws Exception {
        AtomicInteger reads = new AtomicInteger();
        ResourceProbe probe = new ResourceProbe() {
            @Override
            public ResourceReading read() throws IOException {
                int n = reads.incrementAndGet();
                if (n == 3) {
                    throw new IOException("process gone for a moment");
                }
                return new ResourceReading(1000L * n, 10, 20);
            }

            @Override
            public String description() {
                return "fake:1";
            }
        };
        LoadPlan plan =
                LoadPlan.closed(1).withDuration(Duration.ofMillis(600)).withSampleInterval(Duration.ofMillis(100));
        TrialData run = new LoadRunner(plan).withResourceProbe(probe).run(iteration -> Thread.sleep(2), 0);
        List<ResourceSample> series = run.serverSeries();
        assertThat(series.get(0).phase()).isEqualTo("before");
        assertThat(series.get(series.size() - 1).phase()).isEqualTo("after");
        assertThat(series).filteredOn(s -> s.phase().equals("load")).hasSizeGreaterThanOrEqualTo(2);
        assertThat(series.get(2).memoryRssBytes()).isEqualTo(-1);
        assertThat(run.resourceSource()).isEqualTo("fake:1");
        assertThat(run.probeReads().reads()).isEqualTo(reads.get());
        assertThat(run.probeReads().failures()).isEqualTo(1);
        assertThat(run.probeReads().firstFailure()).isEqualTo("process gone for a moment");
        assertThat(run.generatorSeries()).isNotEmpty();
        assertThat(run.generatorSeries())
                .allSatisfy(g -> assertThat(g.heapUsedBytes()).isPositive());
    }

    @Test
    void aProbeThatNeverSucceedsFailsTheVerdictAndTheResultSaysHowItFailed() throws Exception {
        ResourceProbe refused = new ResourceProbe() {
            @Override
            public ResourceReading read() throws IOException {
                throw new IOException("GET http://127.0.0.1:9/metrics: expected HTTP 2xx, saw HTTP 400");
            }

            @Override
            public String description() {
                return "metrics:http://127.0.0.1:9/metrics";
            }
        };
        LoadPlan plan =
                LoadPlan.closed(1).withDuration(Duration.ofMillis(500)).withSampleInterval(Duration.ofMillis(100));
        TrialData run = new LoadRunner(plan).withResourceProbe(refused).run(iteration -> Thread.sleep(2), 0);
        RunResult result = RunResults.assemble(
                "LoadRunnerTests.refused", RunResults.plan(plan, "full"), null, null, List.of(run), false);

        assertThat(result.server().reads().allFailed()).isTrue();
        dev.speechload.core.baseline.Verdict verdict = dev.speechload.core.baseline.Verdicts.judge(
                result, java.util.Optional.empty(), dev.speechload.core.baseline.Thresholds.defaults());
        assertThat(verdict.overall()).isEqualTo(dev.speechload.core.baseline.VerdictStatus.FAIL);
        assertThat(verdict.metrics())
                .filteredOn(m -> m.metric().equals("resources.reads"))
                .singleElement()
                .satisfies(
                        m -> assertThat(m.reason())
                                .startsWith(
                                        "metrics endpoint metrics:http://127.0.0.1:9/metrics"
                                                + " failed " + run.probeReads().reads() + " of "
                                                + run.probeReads().reads() + " reads; the first:"
                                                + " GET http://127.0.0.1:9/metrics: expected HTTP 2xx, saw HTTP 400: no server memory"));
    }

    @Test
    void readsThatFailAfterTheTestStoppedItsTargetAreNotCountedAsTheProbesFailures() throws Exception {
        java.util.concurrent.atomic.AtomicBoolean stopped = new java.util.concurrent.atomic.AtomicBoolean();
        ResourceProbe gone = new ResourceProbe() {
            @Override
            public ResourceReading read() throws IOException {
                if (stopped.get()) {
                    throw new IOException("/proc/4242/status: no such process");
                }
                return new ResourceReading(1000, 10, 20);
            }

            @Override
            public String description() {
                return "proc:4242";
            }
        };
        dev.speechload.core.target.Liveness stoppedByTheTest = new dev.speechload.core.target.Liveness() {
            @Override
            public java.util.Optional<dev.speechload.core.target.TargetDeath> check() {
                return java.util.Optional.empty();
            }

            @Override
            public boolean stoppedOnPurpose() {
                return stopped.get();
            }
        };
        LoadPlan plan =
                LoadPlan.closed(1).withDuration(Duration.ofMillis(800)).withSampleInterval(Duration.ofMillis(100));
        long stopAt = System.nanoTime() + Duration.ofMillis(300).toNanos();
        TrialData run = new LoadRunner(plan)
                .withResourceProbe(gone)
                .withLiveness(stoppedByTheTest)
                .run(
                        iteration -> {
                            if (System.nanoTime() > stopAt) {
                                stopped.set(true); // as a test's SIGTERM would, mid-run
                            }
                            Thread.sleep(2);
                        },
                        0);

        assertThat(stopped).isTrue();
        assertThat(run.probeReads().reads()).isPositive();
        assertThat(run.probeReads().failures()).isZero();
    }

    @Test
    void aRunsResultCarriesAHealthBlockAndAHealthSeriesAlignedWithItsTimeSeries() throws Exception {
        AtomicLong cpu = new AtomicLong();
        ResourceProbe probe = new ResourceProbe() {
            @Override
            public ResourceReading read() {
                return new ResourceReading(1000, 10, 20, cpu.addAndGet(1_000_000));
            }

            @Override
            public String description() {
                return "fake:cpu";
            }
        };
        LoadPlan plan = LoadPlan.closed(2)
                .withWarmup(Duration.ofMillis(300))
                .withDuration(Duration.ofMillis(1200))
                .withSampleInterval(Duration.ofMillis(100));
        TrialData run = new LoadRunner(plan)
                .withResourceProbe(probe)
                .run(
                        new Scenario() {
                            private LatencyMetric sendLag;

                            @Override
                            public void setUp(ScenarioContext context) {
                                sendLag = context.generatorLatency("test.send_lag", "a driver's own lag");
                            }

                            @Override
                            public void run(Iteration iteration) throws Exception {
                                iteration.record(sendLag, 30 * MS);
                                Thread.sleep(5);
                            }
                        },
                        0);

        List<HealthSample> health = run.healthSeries();
        assertThat(health).hasSameSizeAs(run.timeSeries());
        for (int i = 0; i < health.size(); i++) {
            assertThat(health.get(i).offsetMillis())
                    .isEqualTo(run.timeSeries().get(i).offsetMillis());
            assertThat(health.get(i).warmup()).isEqualTo(run.timeSeries().get(i).warmup());
        }
        assertThat(health).anySatisfy(h -> assertThat(h.warmup()).isTrue());
        assertThat(health).allSatisfy(h -> {
            assertThat(h.missedArrivals()).isZero(); // closed model
            assertThat(h.generatorCpuShare()).isBetween(0.0, 1.0);
            assertThat(h.gcPauseMillis()).isNotNegative();
        });
        // The driver's generator metric is named with the prefix and counts as the generator's lag.
        assertThat(run.latencies()).containsKey("generator.test.send_lag");
        assertThat(health).anySatisfy(h -> assertThat(h.generatorLagP99Nanos()).isGreaterThanOrEqualTo(29 * MS));
        if (dev.speechload.core.sample.ResourceProbes.procAvailable()) {
            // After the first interval the target's CPU is known, so other processes' share is measured.
            assertThat(health.subList(1, health.size() - 1))
                    .allSatisfy(h -> assertThat(h.otherCpuShare()).isBetween(0.0, 1.0));
        }

        RunResult result = RunResults.assemble(
                "LoadRunnerTests.health", RunResults.plan(plan, "smoke"), null, null, List.of(run), false);
        assertThat(result.healthSeries()).isEqualTo(health);
        assertThat(result.health()).isNotNull();
        assertThat(result.health().figures()).isNotNull();
        // A generator lag p99 of 30 ms: DEGRADED at least, whatever else the machine is doing.
        assertThat(result.health().status()).isNotEqualTo(HealthStatus.HEALTHY);
        assertThat(result.health().findings()).anyMatch(f -> f.contains("lag p99") && f.contains("30 ms"));
    }

    @Test
    void openModelHealthCountsArrivalsTheGeneratorCouldNotStart() throws Exception {
        // One worker, 100 arrivals a second, 50 ms each: about half the arrivals cannot start.
        LoadPlan plan = LoadPlan.open(100)
                .withChannels(1)
                .withDuration(Duration.ofMillis(1500))
                .withSampleInterval(Duration.ofMillis(100));
        TrialData run = new LoadRunner(plan).run(iteration -> Thread.sleep(50), 0);

        long missed = run.healthSeries().stream()
                .mapToLong(HealthSample::missedArrivals)
                .sum();
        assertThat(missed)
                .isGreaterThanOrEqualTo(run.counters().get("arrivals.missed").total());
        assertThat(missed).isPositive();
        RunResult result = RunResults.assemble(
                "LoadRunnerTests.missed", RunResults.plan(plan, "smoke"), null, null, List.of(run), false);
        assertThat(result.health().status()).isEqualTo(HealthStatus.COMPROMISED);
        assertThat(result.health().findings()).anyMatch(f -> f.contains("of the planned arrivals were missed"));
    }

    @Test
    void scenariosCannotNameTheirOwnMetricsLikeTheGeneratorsButCanRegisterGeneratorMetrics() throws Exception {
        LoadPlan plan = LoadPlan.closed(1).withIterations(1);
        List<String> names = new java.util.ArrayList<>();
        new LoadRunner(plan)
                .run(
                        new Scenario() {
                            @Override
                            public void setUp(ScenarioContext context) {
                                try {
                                    context.latency("generator.mine", "not allowed");
                                } catch (IllegalArgumentException e) {
                                    names.add("refused");
                                }
                                context.generatorLatency("mine", "allowed");
                                context.generatorLatency("generator.mine", "the same one");
                            }

                            @Override
                            public void run(Iteration iteration) {}
                        },
                        0)
                .latencies()
                .keySet()
                .forEach(names::add);

        assertThat(names).contains("refused", "generator.mine").doesNotContain("generator.generator.mine");
    }

    @Test
    void callsSetUpAndTearDownOncePerTrialEvenWhenIterationsFail() throws Exception {
        AtomicInteger setUps = new AtomicInteger();
        AtomicInteger tearDowns = new AtomicInteger();
        LoadPlan plan = LoadPlan.closed(3).withIterations(2).withTrials(2);
        List<TrialData> trials = new LoadRunner(plan).runAll(new Scenario() {
            @Override
            public void setUp(ScenarioContext context) {
                setUps.incrementAndGet();
            }

            @Override
            public void run(Iteration iteration) {
                throw new IllegalStateException("broken");
            }

            @Override
            public void tearDown() {
                tearDowns.incrementAndGet();
            }
        });
        assertThat(setUps).hasValue(2);
        assertThat(tearDowns).hasValue(2);
        assertThat(trials).extracting(TrialData::trial).containsExactly(0, 1);
        assertThat(trials).allSatisfy(t -> assertThat(t.errorsByCode()).containsEntry("IllegalStateException", 6L));
    }

    @Test
    void rejectsAPlanItCannotRun() {
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> new LoadRunner(LoadPlan.closed(0).withRamp(2, Duration.ZERO)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "invalid load plan: channels must be >= 1, was 0; rampSteps must be between 1 and channels (0), was 2");
    }

    /** Notes when each channel first entered the scenario, and the run's deadline. */
    static final class FirstStarts implements Scenario {
        final long[] enteredNanos;
        final AtomicLong deadlineNanos = new AtomicLong();

        FirstStarts(int channels) {
            enteredNanos = new long[channels];
        }

        @Override
        public void run(Iteration iteration) {
            long now = System.nanoTime();
            if (iteration.index() == 0) {
                enteredNanos[iteration.channel()] = now;
                deadlineNanos.set(iteration.deadlineNanos());
            }
        }
    }

    /**
     * Iterations take about 1 ms, except that any iteration starting between 1.0 s and 1.8 s after
     * the first one waits until 1.8 s: a server that stalls for 0.8 s.
     */
    static final class StallingScenario implements Scenario {
        private final AtomicLong firstStart = new AtomicLong();

        @Override
        public void run(Iteration iteration) throws InterruptedException {
            long now = System.nanoTime();
            firstStart.compareAndSet(0, now);
            long stallFrom = firstStart.get() + 1_000 * MS;
            long stallUntil = firstStart.get() + 1_800 * MS;
            if (now >= stallFrom && now < stallUntil) {
                Thread.sleep((stallUntil - now) / MS + 1);
            } else {
                Thread.sleep(1);
            }
        }
    }
}
