package dev.speechload.core.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.speechload.core.engine.ChannelThreads;
import dev.speechload.core.engine.LoadPlan;
import dev.speechload.core.record.CounterMetric;
import dev.speechload.core.record.LatencyMetric;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("RecordingContext")
class RecordingContextTests {

    @Test
    void keepsEveryLatencyValueInOrderCounterTotalsAndErrorCodes() {
        RecordingContext context = RecordingContext.http(URI.create("http://127.0.0.1:8080"));
        LatencyMetric ttfb = context.latency("my.ttfb", "request sent to first byte");
        CounterMetric bytes = context.counter("my.bytes", "bytes");

        RecordingIteration first = context.iteration(0);
        first.record(ttfb, 3_000_000);
        first.add(bytes, 100);
        RecordingIteration second = context.iteration(1);
        second.record(ttfb, 1_000_000);
        second.record(ttfb, -5);
        second.add(bytes, 20);
        second.fail("HTTP_503");
        context.iteration(2).fail("HTTP_503");
        context.iteration(3).fail("TIMEOUT");

        assertThat(context.latencies("my.ttfb")).containsExactly(3_000_000L, 1_000_000L, 0L);
        assertThat(context.counterTotal("my.bytes")).isEqualTo(120);
        assertThat(context.errors()).containsExactly("HTTP_503", "HTTP_503", "TIMEOUT");
        assertThat(context.errorCounts()).containsExactly(Map.entry("HTTP_503", 2L), Map.entry("TIMEOUT", 1L));
        assertThat(context.metricNames()).containsExactly("my.bytes", "my.ttfb");
        assertThat(context.description("my.ttfb")).isEqualTo("request sent to first byte");
        assertThat(first.failed()).isFalse();
        assertThat(second.failCode()).isEqualTo("HTTP_503");
    }

    @Test
    void registeringANameTwiceReturnsTheSameHandleAndAGeneratorMetricGetsItsPrefix() {
        RecordingContext context = RecordingContext.grpc(50051);

        assertThat(context.latency("a", "x")).isSameAs(context.latency("a", "x"));
        assertThat(context.counter("c", "events")).isSameAs(context.counter("c", "events"));
        assertThat(context.generatorLatency("grpc.send_lag", "lag").name()).isEqualTo("generator.grpc.send_lag");
        assertThat(context.latencies("generator.grpc.send_lag")).isEmpty();
        assertThat(context.counterTotal("c")).isZero();
        assertThat(context.endpoints().grpcAuthority()).isEqualTo("127.0.0.1:50051");
    }

    @Test
    void aNameTheScenarioNeverRegisteredFailsNamingTheRegisteredOnes() {
        RecordingContext context = RecordingContext.http(URI.create("http://127.0.0.1:8080"));
        context.latency("sse.event_gap", "gap");
        context.counter("sse.events", "events");

        assertThatThrownBy(() -> context.latencies("sse.evnet_gap"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the scenario registered no latency metric 'sse.evnet_gap' with this context; it registered"
                        + " [sse.event_gap]");
        assertThatThrownBy(() -> context.counterTotal("sse.event"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "the scenario registered no counter 'sse.event' with this context; it registered [sse.events]");
    }

    @Test
    void recordingIntoAMetricOfAnotherContextFailsSayingWhereToRegisterIt() {
        LatencyMetric elsewhere = RecordingContext.grpc(1).latency("stt.final_latency", "final");
        RecordingIteration iteration = RecordingContext.grpc(1).iteration(0);

        assertThatThrownBy(() -> iteration.record(elsewhere, 1))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("latency metric 'stt.final_latency' was not registered with this context: register it in"
                        + " the scenario's setUp(context)");
    }

    @Test
    void handsOutIterationsOfTheGivenChannelIndexAndDeadlineAndTheGivenPlan() {
        RecordingContext context =
                RecordingContext.grpc(1).withPlan(LoadPlan.closed(4)).withChannelThreads(ChannelThreads.VIRTUAL);

        RecordingIteration ending = context.iteration(3, 7, Duration.ZERO);
        RecordingIteration open = context.iteration(5);

        assertThat(ending.channel()).isEqualTo(3);
        assertThat(ending.index()).isEqualTo(7);
        assertThat(ending.warmup()).isFalse();
        assertThat(ending.deadlineNanos()).isLessThanOrEqualTo(System.nanoTime());
        assertThat(open.channel()).isZero();
        assertThat(open.deadlineNanos() - open.intendedStartNanos())
                .isEqualTo(Duration.ofHours(1).toNanos());
        assertThat(context.plan().channels()).isEqualTo(4);
        assertThat(context.channelThreads()).isEqualTo(ChannelThreads.VIRTUAL);
    }

    @Test
    void keepsEverythingRecordedFromManyThreadsAtOnce() throws Exception {
        RecordingContext context = RecordingContext.grpc(1);
        LatencyMetric latency = context.latency("l", "l");
        CounterMetric counter = context.counter("c", "events");
        int threads = 4;
        int perThread = 10_000;
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> started = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int channel = t;
            Thread thread = new Thread(() -> {
                RecordingIteration iteration = context.iteration(channel, 0, Duration.ofMinutes(1));
                awaitQuietly(go);
                for (int i = 0; i < perThread; i++) {
                    iteration.record(latency, i);
                    iteration.add(counter, 1);
                    iteration.fail("E" + channel);
                }
            });
            thread.start();
            started.add(thread);
        }
        go.countDown();
        for (Thread thread : started) {
            thread.join();
        }

        assertThat(context.latencies("l")).hasSize(threads * perThread);
        assertThat(context.counterTotal("c")).isEqualTo(threads * perThread);
        assertThat(context.errorCounts())
                .containsOnly(
                        Map.entry("E0", (long) perThread),
                        Map.entry("E1", (long) perThread),
                        Map.entry("E2", (long) perThread),
                        Map.entry("E3", (long) perThread));
    }

    @Test
    void aForwardingIterationPassesEverythingOnAndRemembersTheLastFailure() {
        RecordingContext engine = RecordingContext.grpc(1);
        LatencyMetric latency = engine.latency("l", "l");
        RecordingIteration inner = engine.iteration(2, 9, Duration.ofSeconds(5));

        RecordingIteration outer = RecordingIteration.forwardingTo(inner);
        outer.record(latency, 42);
        outer.fail("ERR2003");
        outer.fail("TIMEOUT");

        assertThat(outer.failCode()).isEqualTo("TIMEOUT");
        assertThat(inner.failCode()).isEqualTo("TIMEOUT");
        assertThat(outer.channel()).isEqualTo(2);
        assertThat(outer.index()).isEqualTo(9);
        assertThat(outer.deadlineNanos()).isEqualTo(inner.deadlineNanos());
        assertThat(engine.latencies("l")).containsExactly(42L);
        assertThat(engine.errors()).containsExactly("ERR2003", "TIMEOUT");
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
