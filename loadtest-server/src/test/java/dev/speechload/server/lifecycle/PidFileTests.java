package dev.speechload.server.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PidFileTests {

    @TempDir
    Path dir;

    @Test
    void writesOwnPidAndRemovesItOnClose() throws IOException {
        Path path = dir.resolve("server.pid");
        try (PidFile pid = PidFile.acquire(path, 1234, p -> true)) {
            assertThat(Files.readString(path).trim()).isEqualTo("1234");
        }
        assertThat(path).doesNotExist();
    }

    @Test
    void refusesWhileAnotherLiveProcessHoldsTheFile() throws IOException {
        Path path = dir.resolve("server.pid");
        Files.writeString(path, "999\n");
        assertThatThrownBy(() -> PidFile.acquire(path, 1234, p -> p == 999))
                .isInstanceOf(PidFileHeldException.class)
                .hasMessage("pid file " + path + " is held by running process 999; stop that server "
                        + "or choose another --pid-file")
                .extracting(e -> ((PidFileHeldException) e).holderPid())
                .isEqualTo(999L);
        assertThat(Files.readString(path).trim()).as("left untouched").isEqualTo("999");
    }

    @Test
    void replacesAStaleFile() throws IOException {
        Path path = dir.resolve("server.pid");
        Files.writeString(path, "999\n");
        try (PidFile pid = PidFile.acquire(path, 1234, p -> false)) {
            assertThat(Files.readString(path).trim()).isEqualTo("1234");
        }
    }

    @Test
    void replacesAGarbageFile() throws IOException {
        Path path = dir.resolve("server.pid");
        Files.writeString(path, "not a pid");
        try (PidFile pid = PidFile.acquire(path, 1234, p -> true)) {
            assertThat(Files.readString(path).trim()).isEqualTo("1234");
        }
    }

    @Test
    void closeLeavesAFileThatNamesAnotherProcess() throws IOException {
        Path path = dir.resolve("server.pid");
        PidFile pid = PidFile.acquire(path, 1234, p -> false);
        Files.writeString(path, "5678\n");
        pid.close();
        assertThat(path).exists();
    }

    @Test
    void seesTheTestJvmAsLive() throws IOException {
        Path path = dir.resolve("server.pid");
        Files.writeString(path, ProcessHandle.current().pid() + "\n");
        // The real liveness check, with another pid claiming the file.
        long self = ProcessHandle.current().pid();
        assertThatThrownBy(() -> PidFile.acquire(
                        path,
                        self + 1,
                        p -> ProcessHandle.of(p).map(ProcessHandle::isAlive).orElse(false)))
                .isInstanceOf(PidFileHeldException.class);
    }

    @Test
    void createsMissingParentDirectories() throws IOException {
        Path path = dir.resolve("run/speechload/server.pid");
        try (PidFile pid = PidFile.acquire(path, 1, p -> false)) {
            assertThat(path).exists();
        }
    }
}
