package dev.speechload.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.speechload.server.testing.Pcm;
import dev.speechload.server.testing.Poll;
import dev.speechload.server.testing.SttClient;
import dev.speechload.server.testing.SttClient.Finish;
import dev.speechload.server.testing.SttClient.Request;
import dev.speechload.server.testing.SttOutcome;
import io.grpc.Status;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

/** Rate limit, backpressure drops, session cap and idle timeout, each on its own server. */
class SttLimitsTests {

    @Test
    void rejectsStreamsFasterThanRateLimit() throws Exception {
        try (TestServers.Running server = TestServers.start("--rate-limit-factor", "1", "--rate-limit-window", "1s")) {
            // 10 s of audio sent as fast as possible: far above 1x real time.
            SttOutcome outcome = SttClient.recognize(server.channel(), Request.of(Pcm.speechLike(16_000, 10_000)));

            assertThat(outcome.status().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
            assertThat(outcome.codeTrailer()).isEqualTo("ERR2003");
            assertThat(outcome.errorDetail()).get().satisfies(d -> {
                assertThat(d.getCode()).isEqualTo("ERR2003");
                assertThat(d.getMessage()).isEqualTo("audio sent faster than 1.0x real time");
            });
            assertThat(outcome.finals()).isEmpty();
            var metrics = server.metrics();
            assertThat(metrics.path("rate_limit_blocks").asLong()).isEqualTo(1);
            assertThat(metrics.path("errors_total").path("ERR2003").asLong()).isEqualTo(1);
        }
    }

    @Test
    void acceptsStreamsWithinTheRateLimit() throws Exception {
        try (TestServers.Running server = TestServers.start("--rate-limit-factor", "20")) {
            // 2.5 s of audio fits in a 20 s burst window.
            SttOutcome outcome = SttClient.recognize(server.channel(), Request.of(Pcm.speechLike(16_000, 2_500)));
            assertThat(outcome.status().isOk()).isTrue();
            assertThat(server.metrics().path("rate_limit_blocks").asLong()).isZero();
        }
    }

    @Test
    void dropsInterimDecodesUnderBackpressureButDeliversEveryFinal() throws Exception {
        try (TestServers.Running server = TestServers.start(
                "--decode-pool-size",
                "1",
                "--max-pending-decodes",
                "1",
                "--max-buffer-bytes",
                "16000",
                "--engine-rtf",
                "0.1",
                "--partial-interval-ms",
                "100")) {
            int streams = 6;
            ExecutorService clients = Executors.newFixedThreadPool(streams);
            try {
                List<CompletableFuture<SttOutcome>> outcomes = new ArrayList<>();
                for (int i = 0; i < streams; i++) {
                    outcomes.add(CompletableFuture.supplyAsync(
                            () -> SttClient.recognize(
                                    server.channel(),
                                    Request.of(Pcm.speechLike(16_000, 2_000)).withPause(Duration.ofMillis(5))),
                            clients));
                }
                for (CompletableFuture<SttOutcome> future : outcomes) {
                    SttOutcome outcome = future.get();
                    assertThat(outcome.status().isOk())
                            .as(outcome.status().toString())
                            .isTrue();
                    assertThat(outcome.finals()).hasSize(1);
                    assertThat(outcome.finals().get(0).getAudioEndMs()).isEqualTo(2_000);
                }
            } finally {
                clients.shutdownNow();
            }
            var metrics = server.metrics();
            assertThat(metrics.path("partial_drop_count").asLong()).isPositive();
            assertThat(metrics.path("final_results_total").asLong()).isEqualTo(streams);
            Poll.until(TestServers.PATIENCE, "buffers and queue drained", () -> {
                var m = server.metrics();
                return m.path("buffer_bytes_total").asLong() == 0
                        && m.path("decode_pending").asInt() == 0;
            });
        }
    }

    @Test
    void refusesSessionsAboveTheCapWithErr2002() throws Exception {
        try (TestServers.Running server = TestServers.start("--max-sessions", "2")) {
            SttClient.Call first = SttClient.start(
                    server.channel(), Request.of(Pcm.speechLike(16_000, 200)).finishing(Finish.HOLD_OPEN));
            SttClient.Call second = SttClient.start(
                    server.channel(), Request.of(Pcm.speechLike(16_000, 200)).finishing(Finish.HOLD_OPEN));
            Poll.until(
                    TestServers.PATIENCE,
                    "two sessions open",
                    () -> server.metrics().path("active_streams").path("grpc").asInt() == 2);

            SttOutcome refused = SttClient.recognize(server.channel(), Request.of(Pcm.speechLike(16_000, 200)));
            assertThat(refused.status().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
            assertThat(refused.codeTrailer()).isEqualTo("ERR2002");
            assertThat(refused.errorDetail())
                    .get()
                    .extracting(d -> d.getMessage())
                    .isEqualTo("server already holds the maximum of 2 sessions");

            first.send(new byte[0], true);
            assertThat(first.await(TestServers.PATIENCE).finals()).hasSize(1);
            SttOutcome admitted = SttClient.recognize(server.channel(), Request.of(Pcm.speechLike(16_000, 200)));
            assertThat(admitted.status().isOk()).as("a slot freed up").isTrue();
            second.cancel();
        }
    }

    @Test
    void endsSilentSessionsWithErr2004() throws Exception {
        try (TestServers.Running server = TestServers.start("--session-timeout", "300ms")) {
            SttClient.Call call = SttClient.start(
                    server.channel(), Request.of(Pcm.speechLike(16_000, 200)).finishing(Finish.HOLD_OPEN));
            SttOutcome outcome = call.await(TestServers.PATIENCE);
            assertThat(outcome.status().getCode()).isEqualTo(Status.Code.DEADLINE_EXCEEDED);
            assertThat(outcome.codeTrailer()).isEqualTo("ERR2004");
            assertThat(outcome.errorDetail())
                    .get()
                    .extracting(d -> d.getMessage())
                    .isEqualTo("no message from the client for 300 ms");
            Poll.until(
                    TestServers.PATIENCE,
                    "session released",
                    () -> server.metrics().path("active_streams").path("grpc").asInt() == 0);
        }
    }

    @Test
    void keepsSessionsThatSendAudioInTime() throws Exception {
        try (TestServers.Running server = TestServers.start("--session-timeout", "2s")) {
            SttOutcome outcome = SttClient.recognize(
                    server.channel(), Request.of(Pcm.speechLike(16_000, 1_000)).withPause(Duration.ofMillis(50)));
            assertThat(outcome.status().isOk()).isTrue();
        }
    }
}
