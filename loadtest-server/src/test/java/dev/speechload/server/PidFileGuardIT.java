package dev.speechload.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.speechload.server.testing.ServerProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pid-file guard between two real server processes. */
class PidFileGuardIT {

    @TempDir
    Path dir;

    @Test
    void refusesASecondServerWithTheSamePidFile() throws Exception {
        Path pidFile = dir.resolve("speechload.pid");
        try (ServerProcess first = ServerProcess.start(dir, "pid-first", "--pid-file", pidFile.toString())) {
            assertThat(Files.readString(pidFile).trim()).isEqualTo(Long.toString(first.pid()));

            try (ServerProcess second = ServerProcess.launch(
                    dir, "pid-second", "--grpc-port", "0", "--http-port", "0", "--pid-file", pidFile.toString())) {
                assertThat(second.awaitExit(Duration.ofSeconds(60))).isEqualTo(3);
                assertThat(second.log())
                        .contains("not starting: pid file " + pidFile + " is held by running process " + first.pid())
                        .doesNotContain("Exception", "\tat ");
            }
            assertThat(Files.readString(pidFile).trim())
                    .as("the first keeps its file")
                    .isEqualTo(Long.toString(first.pid()));

            first.sigterm();
            assertThat(first.awaitExit(Duration.ofSeconds(30))).isZero();
            assertThat(pidFile).as("removed on exit").doesNotExist();
        }
    }

    @Test
    void replacesAStalePidFile() throws Exception {
        Path pidFile = dir.resolve("stale.pid");
        // A pid that is certainly not alive: a finished child's.
        Process finished = new ProcessBuilder("true").start();
        finished.waitFor();
        Files.writeString(pidFile, finished.pid() + "\n");
        try (ServerProcess server = ServerProcess.start(dir, "pid-stale", "--pid-file", pidFile.toString())) {
            assertThat(Files.readString(pidFile).trim()).isEqualTo(Long.toString(server.pid()));
            server.sigterm();
            assertThat(server.awaitExit(Duration.ofSeconds(30))).isZero();
        }
    }
}
