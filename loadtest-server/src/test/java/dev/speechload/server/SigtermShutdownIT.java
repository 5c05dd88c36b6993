package dev.speechload.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.speechload.server.testing.Http;
import dev.speechload.server.testing.Pcm;
import dev.speechload.server.testing.Poll;
import dev.speechload.server.testing.ServerProcess;
import dev.speechload.server.testing.SttClient;
import dev.speechload.server.testing.SttClient.Finish;
import dev.speechload.server.testing.SttClient.Request;
import dev.speechload.server.testing.SttOutcome;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SIGTERM on the real jar: drain, let streams finish or close them clearly, exit 0. */
class SigtermShutdownIT {

    @TempDir
    Path dir;

    @Test
    void exitsZeroWithinTheGraceAndEndsEveryStreamClearly() throws Exception {
        try (ServerProcess server = ServerProcess.start(dir, "sigterm", "--shutdown-grace", "4s")) {
            assertThat(server.log())
                    .contains("speechload-server ready: grpc=127.0.0.1:" + server.grpcPort() + " http=127.0.0.1:"
                            + server.httpPort() + " pid=" + server.pid());
            ManagedChannel channel = SttClient.channel(server.grpcPort());
            try {
                SttClient.Call finishing = SttClient.start(
                        channel, Request.of(Pcm.speechLike(16_000, 500)).finishing(Finish.HOLD_OPEN));
                SttClient.Call abandoned = SttClient.start(
                        channel, Request.of(Pcm.speechLike(16_000, 500)).finishing(Finish.HOLD_OPEN));
                Poll.until(
                        Duration.ofSeconds(30),
                        "two streams open",
                        () -> Http.metrics(server.httpPort())
                                        .path("active_streams")
                                        .path("grpc")
                                        .asInt()
                                == 2);

                long signalled = System.nanoTime();
                server.sigterm();
                Poll.until(
                        Duration.ofSeconds(30),
                        "health reports draining",
                        () -> Http.get(server.httpPort(), "/health").statusCode() == 503);
                // One stream completes its utterance during the grace period...
                finishing.send(Pcm.speechLike(16_000, 500), true);
                SttOutcome finished = finishing.await(Duration.ofSeconds(30));
                assertThat(finished.status().isOk()).isTrue();
                assertThat(finished.finals()).hasSize(1);
                assertThat(finished.finals().get(0).getAudioEndMs()).isEqualTo(1_000);

                // ...the other never does and is closed with a clear status when the grace ends.
                SttOutcome closed = abandoned.await(Duration.ofSeconds(30));
                assertThat(closed.status().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
                assertThat(closed.codeTrailer()).isEqualTo("ERR2005");

                int exit = server.awaitExit(Duration.ofSeconds(30));
                double seconds = (System.nanoTime() - signalled) / 1e9;
                assertThat(exit).as(server.log()).isZero();
                assertThat(seconds).as("grace 4 s plus shutdown work").isLessThan(25);
                assertThat(closedAfterGrace(seconds)).isTrue();
                assertThat(server.log())
                        .contains(
                                "received SIGTERM", "draining: 2 gRPC", "grace period over: closing 1 gRPC", "stopped");
            } finally {
                channel.shutdownNow();
            }
        }
    }

    @Test
    void exitsZeroAtOnceWhenIdle() throws Exception {
        try (ServerProcess server = ServerProcess.start(dir, "sigterm-idle", "--shutdown-grace", "20s")) {
            long signalled = System.nanoTime();
            server.sigterm();
            assertThat(server.awaitExit(Duration.ofSeconds(30))).isZero();
            // No stream to wait for: no reason to sit out the 20 s grace.
            assertThat((System.nanoTime() - signalled) / 1e9).isLessThan(15);
        }
    }

    private static boolean closedAfterGrace(double secondsSinceSignal) {
        return secondsSinceSignal >= 3.5;
    }
}
