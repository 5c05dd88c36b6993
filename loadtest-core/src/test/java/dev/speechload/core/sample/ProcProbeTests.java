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
    void readsTheCpuTimeOfThisJvm() throws Exception {
        assertThat(ResourceProbes.proc(self).read().cpuTimeNanos()).isPositive();
        assertThat(ResourceProbes.proc(self).onThisMachine()).isTrue();
    }

    @Test
    void aWrapperScriptCountsItsChildrensCpuTime() throws Exception {
        // The outer shell waits for the inner one (no exec: "; :" follows), which burns some CPU
        // and then waits for a sleep: the wrapper shape of a server started through a script.
        Process wrapper = new ProcessBuilder(
                        "sh", "-c", "sh -c 'i=0; while [ $i -lt 100000 ]; do i=$((i+1)); done; sleep 60'; :")
                .start();
        try {
            ProcessHandle inner = null;
            for (int i = 0; i < 600 && inner == null; i++) {
                inner = wrapper.descendants()
                        .filter(h -> h.children().findAny().isPresent())
                        .findFirst()
                        .orElse(null);
                if (inner == null) {
                    Thread.sleep(50);
                }
            }
            assertThat(inner).as("the inner shell, once it waits for its sleep").isNotNull();
            long innerCpu = ResourceProbes.proc(inner.pid()).read().cpuTimeNanos();
            long wrapperCpu = ResourceProbes.proc(wrapper.pid()).read().cpuTimeNanos();

            assertThat(innerCpu).isPositive();
            assertThat(wrapperCpu).isGreaterThanOrEqualTo(innerCpu);
        } finally {
            wrapper.descendants().forEach(ProcessHandle::destroyForcibly);
            wrapper.destroyForcibly();
        }
    }

    @Test
    void rejectsANonPositivePid() {
        assertThatThrownBy(() -> ResourceProbes.proc(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("pid must be > 0, was 0");
    }
}
