package dev.speechload.core.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.FileInputStream;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

@EnabledOnOs(OS.LINUX)
class ProcProbeTests {

    private final long self = ProcessHandle.current().pid();

    @Test
    void readsThisJvm() throws Exception {
        ResourceProbe probe = ResourceProbes.proc(self);
        ResourceReading reading = probe.read();

        assertThat(ResourceProbes.procAvailable()).isTrue();
        assertThat(probe.description()).isEqualTo("proc:" + self);
        assertThat(reading.memoryRssBytes()).isGreaterThan(1024 * 1024);
        assertThat(reading.threadCount()).isPositive();
        assertThat(reading.openFdCount()).isPositive();
    }

    @Test
    void countsFilesThisJvmOpens() throws Exception {
        ResourceProbe probe = ResourceProbes.proc(self);
        long before = probe.read().openFdCount();
        List<InputStream> open = new ArrayList<>();
        try {
            for (int i = 0; i < 100; i++) {
                open.add(new FileInputStream("/proc/self/status"));
            }
            // 100 opened; a little slack for descriptors other threads of this JVM close meanwhile.
            assertThat(probe.read().openFdCount()).isGreaterThanOrEqualTo(before + 90);
        } finally {
            for (InputStream in : open) {
                in.close();
            }
        }
    }

    @Test
    void rejectsANonPositivePid() {
        assertThatThrownBy(() -> ResourceProbes.proc(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("pid must be > 0, was 0");
    }
}
