package dev.speechload.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.speechload.server.testing.Http;
import dev.speechload.server.testing.Pcm;
import dev.speechload.server.testing.Poll;
import dev.speechload.server.testing.SttClient;
import dev.speechload.server.testing.SttClient.Finish;
import dev.speechload.server.testing.SttClient.Request;
import dev.speechload.server.testing.SttOutcome;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** The drain in-process; SigtermShutdownIT covers the real signal and exit status. */
class GracefulShutdownTests {

    @Test
    void drainsLetsOpenStreamsFinishAndRefusesNewOnes() throws Exception {
        TestServers.Running running = TestServers.start();
        SpeechServer server = running.server();
        int httpPort = server.httpPort();
        ManagedChannel channel = running.channel();
        try {
            SttClient.Call inFlight = SttClient.start(
                    channel, Request.of(Pcm.speechLike(16_000, 500)).finishing(Finish.HOLD_OPEN));
            Poll.until(
                    TestServers.PATIENCE,
                    "session open",
                    () -> running.metrics().path("active_streams").path("grpc").asInt() == 1);

            CompletableFuture<Void> drain =
                    CompletableFuture.runAsync(() -> server.shutdownGracefully(Duration.ofSeconds(20)));
            Poll.until(TestServers.PATIENCE, "draining", server::isDraining);

            assertThat(Http.get(httpPort, "/health").statusCode()).isEqualTo(503);
            SttOutcome refused = SttClient.recognize(channel, Request.of(Pcm.speechLike(16_000, 200)));
            assertThat(refused.status().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
            assertThat(refused.codeTrailer()).isEqualTo("ERR2005");

            inFlight.send(Pcm.speechLike(16_000, 300), true);
            SttOutcome finished = inFlight.await(TestServers.PATIENCE);
            assertThat(finished.status().isOk()).isTrue();
            assertThat(finished.finals()).hasSize(1);
            drain.get();
        } finally {
            running.close();
        }
    }

    @Test
    void closesStreamsStillOpenAfterTheGraceWithErr2005() throws Exception {
        TestServers.Running running = TestServers.start();
        try {
            SttClient.Call stuck = SttClient.start(
                    running.channel(), Request.of(Pcm.speechLike(16_000, 300)).finishing(Finish.HOLD_OPEN));
            Poll.until(
                    TestServers.PATIENCE,
                    "session open",
                    () -> running.metrics().path("active_streams").path("grpc").asInt() == 1);
            running.server().shutdownGracefully(Duration.ofMillis(300));
            SttOutcome outcome = stuck.await(TestServers.PATIENCE);
            assertThat(outcome.status().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
            assertThat(outcome.codeTrailer()).isEqualTo("ERR2005");
            assertThat(outcome.errorDetail())
                    .get()
                    .extracting(d -> d.getMessage())
                    .isEqualTo("server shut down before the stream finished");
        } finally {
            running.close();
        }
    }
}
