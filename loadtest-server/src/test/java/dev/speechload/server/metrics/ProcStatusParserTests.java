package dev.speechload.server.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ProcStatusParserTests {

    /** An excerpt of a real /proc/PID/status of a JVM (Linux 6.x). */
    private static final String SAMPLE = """
      Name:\tjava
      Umask:\t0022
      State:\tS (sleeping)
      Tgid:\t4242
      Pid:\t4242
      VmPeak:\t 6012345 kB
      VmSize:\t 5987654 kB
      VmHWM:\t  210000 kB
      VmRSS:\t  204800 kB
      RssAnon:\t  180000 kB
      VmSwap:\t       0 kB
      Threads:\t37
      SigQ:\t0/95000
      """;

    @Test
    void readsRssInKibibytesAsBytes() {
        assertThat(ProcStatusParser.parse(SAMPLE).residentMemoryBytes()).isEqualTo(204_800L * 1024);
    }

    @Test
    void readsThreads() {
        assertThat(ProcStatusParser.parse(SAMPLE).threadCount()).isEqualTo(37);
    }

    @Test
    void reportsMinusOneForMissingLines() {
        // Kernel threads have no VmRSS line.
        ProcStatusParser.Status status = ProcStatusParser.parse("Name:\tkthreadd\nThreads:\t1\n");
        assertThat(status.residentMemoryBytes()).isEqualTo(-1);
        assertThat(status.threadCount()).isEqualTo(1);
    }

    @Test
    void toleratesGarbage() {
        ProcStatusParser.Status status = ProcStatusParser.parse("VmRSS:\tlots kB\nThreads:\n");
        assertThat(status.residentMemoryBytes()).isEqualTo(-1);
        assertThat(status.threadCount()).isEqualTo(-1);
    }
}
