package dev.speechload.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.speechload.server.testing.ServerProcess;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real jar's command line: usage errors and help. */
class CommandLineIT {

    @TempDir
    Path dir;

    @Test
    void exitsWithStatus2AndAClearMessageOnBadFlags() throws Exception {
        try (ServerProcess server = ServerProcess.launch(dir, "bad-flags", "--max-sessions", "-1")) {
            assertThat(server.awaitExit(Duration.ofSeconds(60))).isEqualTo(2);
            assertThat(server.log())
                    .isEqualTo("speechload-server: invalid flags: '--max-sessions' "
                            + "must be >= 1, was -1\nRun 'speechload-server --help' for the flags.\n");
        }
    }

    @Test
    void exitsWithStatus1WhenThePortIsTaken() throws Exception {
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress());
                ServerProcess server = ServerProcess.launch(
                        dir, "port-taken", "--grpc-port", "0", "--http-port", Integer.toString(taken.getLocalPort()))) {
            assertThat(server.awaitExit(Duration.ofSeconds(60))).isEqualTo(1);
            assertThat(server.log())
                    .contains("cannot start: cannot bind HTTP to 127.0.0.1:" + taken.getLocalPort())
                    .doesNotContain("\tat ");
        }
    }

    @Test
    void printsHelpAndExitsZero() throws Exception {
        try (ServerProcess server = ServerProcess.launch(dir, "help", "--help")) {
            assertThat(server.awaitExit(Duration.ofSeconds(60))).isZero();
            assertThat(server.log())
                    .contains("--fault-crash-after", "--rate-limit-factor", "SPEECHLOAD_FAULT_LATENCY_MS");
        }
    }
}
