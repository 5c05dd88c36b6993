package dev.speechload.core.target;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.speechload.core.sample.ResourceProbe;
import dev.speechload.core.sample.ResourceReading;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/** The /proc probe of a process target follows what the server really holds. */
@EnabledOnOs(OS.LINUX)
class ProcessResourceReadingsTests {

    private static final long MIB = 1024 * 1024;

    @TempDir
    Path logs;

    private ProcessTarget target;
    private ResourceProbe probe;

    @BeforeEach
    void startFakeServer() {
        target = Targets.process(FakeServer.command())
                .withName("fake")
                .withLogDir(logs)
                .withReadiness(ReadinessProbe.forHttp("/health"));
        target.start();
        probe = target.resourceProbe().orElseThrow();
    }

    @AfterEach
    void stop() {
        target.close();
    }

    @Test
    void memoryGrowsWhenTheServerKeepsMemory() throws Exception {
        ResourceReading before = probe.read();

        FakeServer.body(target, "/leak/memory?mb=64");

        ResourceReading after = probe.read();
        assertThat(before.memoryRssBytes()).isPositive();
        // 64 MiB were written; allow for the heap giving back some other pages meanwhile.
        assertThat(after.memoryRssBytes() - before.memoryRssBytes()).isGreaterThanOrEqualTo(32 * MIB);
    }

    @Test
    void openFileCountGrowsWhenTheServerLeaksFiles() throws Exception {
        ResourceReading before = probe.read();

        FakeServer.body(target, "/leak/fds?count=50");

        ResourceReading after = probe.read();
        assertThat(before.openFdCount()).isPositive();
        assertThat(after.openFdCount()).isGreaterThanOrEqualTo(before.openFdCount() + 50);
    }

    @Test
    void threadCountGrowsWhenTheServerLeaksThreads() throws Exception {
        ResourceReading before = probe.read();

        FakeServer.body(target, "/leak/threads?count=20");

        ResourceReading after = probe.read();
        assertThat(before.threadCount()).isPositive();
        assertThat(after.threadCount()).isGreaterThanOrEqualTo(before.threadCount() + 20);
    }

    @Test
    void readingAStoppedServerFailsNamingItsPid() {
        long pid = target.pid().orElseThrow();
        target.close();

        assertThatThrownBy(probe::read)
                .isInstanceOf(IOException.class)
                .hasMessage("process " + pid + " is gone (/proc/" + pid + "/status does not exist)");
    }
}
