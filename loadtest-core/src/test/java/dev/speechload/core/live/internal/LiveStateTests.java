package dev.speechload.core.live.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.speechload.core.result.IntervalSample;
import dev.speechload.core.result.ResourceSample;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("live view state")
class LiveStateTests {

    private final LiveState state = new LiveState();

    static Tick tick(String test, int step, long p99Nanos) {
        return new Tick(test, 0, 1, new IntervalSample(step * 1000L, step, step * 10, false, 100, 3, 97.0,
                p99Nanos / 2, p99Nanos), 5, 50, step * 1000L, 60_000, null, null, null);
    }

    @Test
    void theServersReadingsAreThoseOfTheIntervalNotOfAnOlderSnapshot() {
        Tick t = tick("T.a", 2, 10_000_000);
        state.publish(new Tick(t.testName(), t.trial(), t.trials(), t.sample(), t.rampSteps(), t.channels(),
                t.elapsedMillis(), t.plannedMillis(), null, new ResourceSample(2000, "load", 123_400_000, 57, 31),
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
        CompletableFuture<Long> closed = CompletableFuture.supplyAsync(
                () -> state.awaitChange(now, TimeUnit.MINUTES.toNanos(5)));
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
        state.publish(new Tick("T.a", 1, 3, new IntervalSample(1000, 1, 5, true, 4, 4, 0, 0, 0), 1, 5, 1000, 0, null, null, null));
        LiveSnapshot view = state.view();
        assertThat(view.p99()).isEqualTo("-");
        assertThat(view.trial()).isEqualTo("2/3");
        assertThat(view.phase()).isEqualTo("warm-up");
        assertThat(view.elapsed()).isEqualTo("1 s");
        assertThat(view.health()).isEqualTo("-");
    }
}
