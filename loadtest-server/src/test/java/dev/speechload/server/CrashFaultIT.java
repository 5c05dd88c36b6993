package dev.speechload.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.speechload.server.testing.Pcm;
import dev.speechload.server.testing.ServerProcess;
import dev.speechload.server.testing.SttClient;
import dev.speechload.server.testing.SttClient.Request;
import dev.speechload.server.testing.SttOutcome;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The crash fault kills a real process; it must never run inside the test JVM. */
class CrashFaultIT {

    @TempDir
    Path dir;

    @Test
    void crashAfterFaultKillsTheProcessAbruptly() throws Exception {
        try (ServerProcess server = ServerProcess.start(dir, "crash", "--fault-crash-after", "2")) {
            ManagedChannel channel = SttClient.channel(server.grpcPort());
            try {
                for (int i = 0; i < 2; i++) {
                    SttOutcome served = SttClient.recognize(channel, Request.of(Pcm.speechLike(16_000, 300)));
                    assertThat(served.status().isOk())
                            .as("request %d is served", i + 1)
                            .isTrue();
                }
                SttOutcome third = SttClient.recognize(channel, Request.of(Pcm.speechLike(16_000, 300)));
                assertThat(third.status().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
                assertThat(server.awaitExit(Duration.ofSeconds(30))).isEqualTo(137);
                assertThat(server.log())
                        .contains("fault: crash after 2 requests")
                        .doesNotContain("draining");
            } finally {
                channel.shutdownNow();
            }
        }
    }
}
