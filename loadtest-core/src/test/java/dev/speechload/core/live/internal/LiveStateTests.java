package dev.speechload.core.live.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.speechload.core.compare.PairTrial;
import dev.speechload.core.engine.TrialData;
import dev.speechload.core.live.internal.ComparisonView.PairRow;
import dev.speechload.core.result.IntervalSample;
import dev.speechload.core.result.ResourceSample;
import dev.speechload.core.result.RunResult;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("live view state")
class LiveStateTests {

    private final LiveState state = new LiveState();

    static Tick tick(String test, int step, long p99Nanos) {
        return new Tick(
                test,
                0,
                1,
                new IntervalSample(step * 1000L, step, step * 10, false, 100, 3, 97.0, p99Nanos / 2, p99Nanos),
                5,
                50,
                step * 1000L,
                60_000,
                null,
                null,
                null);
    }

    @Test
    void theServersReadingsAreThoseOfTheIntervalNotOfAnOlderSnapshot() {
        Tick t = tick("T.a", 2, 10_000_000);
        state.publish(new Tick(
                t.testName(),
                t.trial(),
                t.trials(),
                t.sample(),
                t.rampSteps(),
                t.channels(),
                t.elapsedMillis(),
                t.plannedMillis(),
                null,
                new ResourceSample(2000, "load", 123_400_000, 57, 31),
                null));

        LiveSnapshot shown = state.view();
        assertThat(shown.memory()).isEqualTo("123.4 MB");
        assertThat(shown.fds()).isEqualTo("57");
        assertThat(shown.threads()).isEqualTo("31");
    }

    @Test
    void readersSeeOnlyTheNewestOfSeveralIntervals() {
        state.publish(tick("T.a", 1, 10_000_000));
        state.publish(tick("T.a", 2, 20_000_000));
        state.publish(tick("T.a", 3, 30_000_000));

        LiveSnapshot view = state.view();
        assertThat(view.status()).isEqualTo("running");
        assertThat(view.test()).isEqualTo("T.a");
        assertThat(view.step()).isEqualTo("3/5");
        assertThat(view.channels()).isEqualTo("30 of 50");
        assertThat(view.p99()).isEqualTo("30.0 ms");
        assertThat(view.errors()).isEqualTo("3 of 100");
        assertThat(view.elapsed()).isEqualTo("3 s of 60 s");
        assertThat(view.version()).isEqualTo(3);
    }

    @Test
    void rendersOncePerVersionForEveryReader() {
        state.publish(tick("T.a", 1, 10_000_000));
        assertThat(state.view()).isSameAs(state.view());
        state.publish(tick("T.a", 2, 10_000_000));
        assertThat(state.view().step()).isEqualTo("2/5");
    }

    @Test
    void listsFinishedTestsAndShowsNoneRunningAfterwards() {
        state.begin("T.a");
        assertThat(state.view().phase()).isEqualTo("starting");
        state.publish(tick("T.a", 1, 10_000_000));
        state.end("T.a");
        assertThat(state.view().status()).isEqualTo("judging");
        assertThat(state.view().test()).isEqualTo("T.a");
        state.finished(new FinishedTest("T.a", "PASS", "HEALTHY", "T.a.html"));

        LiveSnapshot view = state.view();
        assertThat(view.status()).isEqualTo("waiting");
        assertThat(view.test()).isEmpty();
        assertThat(view.finished()).containsExactly(new FinishedTest("T.a", "PASS", "HEALTHY", "T.a.html"));
    }

    @Test
    void aWaitingReaderWakesOnAChangeAndOnClose() throws Exception {
        long seen = state.version();
        CountDownLatch waiting = new CountDownLatch(1);
        CompletableFuture<Long> woke = CompletableFuture.supplyAsync(() -> {
            waiting.countDown();
            return state.awaitChange(seen, TimeUnit.MINUTES.toNanos(5));
        });
        waiting.await();
        state.publish(tick("T.a", 1, 1_000_000));
        assertThat(woke.get(1, TimeUnit.MINUTES)).isGreaterThan(seen);

        long now = state.version();
        CompletableFuture<Long> closed =
                CompletableFuture.supplyAsync(() -> state.awaitChange(now, TimeUnit.MINUTES.toNanos(5)));
        state.close();
        closed.get(1, TimeUnit.MINUTES);
        assertThat(state.isClosed()).isTrue();
        assertThat(state.view().status()).isEqualTo("ended");
    }

    @Test
    void aReaderThatWaitsPastItsTimeSeesTheSameVersion() {
        state.publish(tick("T.a", 1, 1_000_000));
        long seen = state.version();
        assertThat(state.awaitChange(seen, TimeUnit.MILLISECONDS.toNanos(20))).isEqualTo(seen);
    }

    @Test
    void showsNoLatencyForAnIntervalWithoutSuccessfulIterations() {
        state.publish(new Tick(
                "T.a", 1, 3, new IntervalSample(1000, 1, 5, true, 4, 4, 0, 0, 0), 1, 5, 1000, 0, null, null, null));
        LiveSnapshot view = state.view();
        assertThat(view.p99()).isEqualTo("-");
        assertThat(view.trial()).isEqualTo("2/3");
        assertThat(view.phase()).isEqualTo("warm-up");
        assertThat(view.elapsed()).isEqualTo("1 s");
        assertThat(view.health()).isEqualTo("-");
    }

    /** A tick of an A/B comparison's trial in the middle of its run. */
    static Tick abTick(String test, PairTrial trial, long p99Nanos) {
        Tick t = tick(test, 2, p99Nanos);
        return new Tick(
                test,
                trial.pair(),
                trial.pairs(),
                t.sample(),
                t.rampSteps(),
                t.channels(),
                t.elapsedMillis(),
                t.plannedMillis(),
                null,
                null,
                null,
                trial);
    }

    /** A finished trial whose successful iterations took 1..100 ms (p50 50 ms, p99 99 ms), 50 it/s. */
    static TrialData finishedTrial(int index) {
        Histogram serviceTime = new Histogram(1_000, 60_000_000_000L, 3);
        for (int ms = 1; ms <= 100; ms++) {
            serviceTime.recordValue(ms * 1_000_000L);
        }
        return new TrialData(
                index,
                1_000,
                3_000,
                2_000_000_000L,
                100,
                0,
                Map.of(),
                2,
                Map.of(RunResult.SERVICE_TIME, serviceTime),
                Map.of(),
                Map.of(),
                List.of(),
                null,
                List.of(),
                List.of(),
                0,
                0,
                -1);
    }

    @Test
    void showsWhichPairAndBuildOfAnAbComparisonRunsAndEachSidesFinishedTrials() {
        PairTrial a1 = new PairTrial(0, 6, PairTrial.Side.REFERENCE, "server 1.0");
        PairTrial b1 = new PairTrial(0, 6, PairTrial.Side.CANDIDATE, "server 1.1");
        PairTrial b2 = new PairTrial(1, 6, PairTrial.Side.CANDIDATE, "server 1.1");
        state.begin("T.ab");
        state.publish(Tick.starting("T.ab", a1));

        LiveSnapshot starting = state.view();
        assertThat(starting.phase()).isEqualTo("starting");
        assertThat(starting.trial()).isEqualTo("1/6");
        assertThat(starting.comparison().now()).isEqualTo("pair 1 of 6, A: reference");
        assertThat(starting.comparison().reference()).isEqualTo("A: reference, server 1.0");
        assertThat(starting.comparison().candidate()).isEqualTo("B: candidate");
        assertThat(starting.comparison().pairs())
                .containsExactly(new PairRow(1, "running", "running", "running", "-", "-", "-"));

        state.pairTrialFinished("T.ab", a1, finishedTrial(0));
        state.publish(abTick("T.ab", b1, 30_000_000));
        LiveSnapshot onB = state.view();
        assertThat(onB.comparison().now()).isEqualTo("pair 1 of 6, B: candidate");
        assertThat(onB.comparison().candidate()).isEqualTo("B: candidate, server 1.1");
        assertThat(onB.p99()).as("the running trial's own interval").isEqualTo("30.0 ms");
        assertThat(onB.comparison().pairs())
                .containsExactly(new PairRow(1, "50.0 ms", "99.0 ms", "50.0 it/s", "running", "running", "running"));

        state.pairTrialFinished("T.ab", b1, finishedTrial(0));
        state.publish(abTick("T.ab", b2, 30_000_000)); // pair 2 runs B first
        assertThat(state.view().comparison().pairs())
                .containsExactly(
                        new PairRow(1, "50.0 ms", "99.0 ms", "50.0 it/s", "50.0 ms", "99.0 ms", "50.0 it/s"),
                        new PairRow(2, "-", "-", "-", "running", "running", "running"));

        state.pairTrialFinished("T.ab", b2, finishedTrial(1));
        state.end("T.ab");
        LiveSnapshot judging = state.view();
        assertThat(judging.status()).isEqualTo("judging");
        assertThat(judging.comparison().now()).isEqualTo("no trial running");
        assertThat(judging.comparison().pairs()).hasSize(2);

        state.finished(new FinishedTest("T.ab", "PASS", "HEALTHY", "T.ab.html"));
        assertThat(state.view().comparison()).as("the report has the pairs now").isNull();
    }

    @Test
    void aRunThatIsNoComparisonShowsNoneAndANewTestForgetsTheLastComparison() {
        state.publish(tick("T.a", 1, 1_000_000));
        assertThat(state.view().comparison()).isNull();

        PairTrial a1 = new PairTrial(0, 6, PairTrial.Side.REFERENCE, "server 1.0");
        state.begin("T.ab");
        state.publish(Tick.starting("T.ab", a1));
        state.pairTrialFinished("T.ab", a1, finishedTrial(0));
        state.begin("T.next");
        state.publish(tick("T.next", 1, 1_000_000));

        assertThat(state.view().comparison()).isNull();
    }

    @Test
    void aTrialWithoutSuccessfulIterationsShowsNoLatencyButItsThroughput() {
        PairTrial a1 = new PairTrial(0, 6, PairTrial.Side.REFERENCE, "server 1.0");
        state.begin("T.ab");
        state.publish(Tick.starting("T.ab", a1));
        state.pairTrialFinished(
                "T.ab",
                a1,
                new TrialData(
                        0,
                        1_000,
                        3_000,
                        2_000_000_000L,
                        10,
                        10,
                        Map.of("UNAVAILABLE", 10L),
                        2,
                        Map.of(RunResult.SERVICE_TIME, new Histogram(1_000, 60_000_000_000L, 3)),
                        Map.of(),
                        Map.of(),
                        List.of(),
                        null,
                        List.of(),
                        List.of(),
                        0,
                        0,
                        -1));

        assertThat(state.view().comparison().pairs())
                .containsExactly(new PairRow(1, "-", "-", "0.0 it/s", "-", "-", "-"));
    }
}
