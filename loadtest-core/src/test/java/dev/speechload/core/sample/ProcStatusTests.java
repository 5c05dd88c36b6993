package dev.speechload.core.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.speechload.core.sample.internal.ProcStatus;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class ProcStatusTests {

    private static final String STATUS = String.join(
            "\n",
            "Name:\tjava",
            "State:\tS (sleeping)",
            "Pid:\t4242",
            "VmPeak:\t 3000000 kB",
            "VmRSS:\t   51200 kB",
            "RssAnon:\t   40000 kB",
            "Threads:\t23",
            "voluntary_ctxt_switches:\t5",
            "");

    @Test
    void readsVmRssInKibibytesAsBytesAndTheThreadCount() throws IOException {
        ProcStatus status = ProcStatus.parse("/proc/4242/status", STATUS);

        assertThat(status.memoryRssBytes()).isEqualTo(51200L * 1024);
        assertThat(status.threadCount()).isEqualTo(23);
    }

    @Test
    void missingLinesReadAsUnknown() throws IOException {
        // Kernel threads and zombies have no VmRSS line.
        ProcStatus status = ProcStatus.parse("/proc/2/status", "Name:\tkthreadd\nThreads:\t1\n");

        assertThat(status.memoryRssBytes()).isEqualTo(-1);
        assertThat(status.threadCount()).isEqualTo(1);
    }

    @Test
    void aMalformedValueFailsNamingTheSourceAndLine() {
        assertThatThrownBy(() -> ProcStatus.parse("/proc/9/status", "Name:\tx\nThreads:\tmany\n"))
                .isInstanceOf(IOException.class)
                .hasMessage("/proc/9/status line 2: expected a number >= 0, saw 'Threads:\tmany'");
        assertThatThrownBy(() -> ProcStatus.parse("/proc/9/status", "VmRSS:\t 12 MB\n"))
                .isInstanceOf(IOException.class)
                .hasMessage("/proc/9/status line 1: expected unit 'kB', saw 'VmRSS:\t 12 MB'");
    }
}
