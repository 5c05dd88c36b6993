package dev.speechload.server.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class PrometheusTextTests {

    private static MetricsSnapshot sample() {
        return new MetricsSnapshot(
                100.5,
                105_381_888L,
                42,
                31,
                12.25,
                new MetricsSnapshot.ActiveStreams(3, 2),
                17,
                Map.of("ERR2003", 4L, "ERR1001", 1L),
                6400,
                2,
                9,
                4,
                30,
                14,
                5,
                3,
                1);
    }

    @Test
    void usesStandardProcessMetricNames() {
        String text = PrometheusText.render(sample());
        assertThat(text)
                .contains("process_resident_memory_bytes 105381888\n", "process_open_fds 42\n", "process_threads 31\n");
    }

    @Test
    void exportsTheProcessCpuTimeAsTheStandardCounterWhenKnown() {
        MetricsSnapshot s = sample();
        MetricsSnapshot withCpu = new MetricsSnapshot(
                s.memoryRssMb(),
                s.memoryRssBytes(),
                s.numFds(),
                s.numThreads(),
                s.uptimeSeconds(),
                s.activeStreams(),
                s.sessionsTotal(),
                s.errorsTotal(),
                s.bufferBytesTotal(),
                s.decodePending(),
                s.partialDropCount(),
                s.rateLimitBlocks(),
                s.interimResultsTotal(),
                s.finalResultsTotal(),
                s.ttsRequestsTotal(),
                s.ttsStreamsCompleted(),
                s.ttsStreamsAborted(),
                12.5);

        assertThat(PrometheusText.render(withCpu))
                .contains("# TYPE process_cpu_seconds_total counter\n", "process_cpu_seconds_total 12.500000\n");
        assertThat(PrometheusText.render(s)).doesNotContain("process_cpu_seconds_total");
    }

    @Test
    void labelsStreamsErrorsAndResults() {
        String text = PrometheusText.render(sample());
        assertThat(text)
                .contains(
                        "speechload_active_streams{protocol=\"grpc\"} 3\n",
                        "speechload_active_streams{protocol=\"sse\"} 2\n",
                        "speechload_errors_total{code=\"ERR1001\"} 1\n",
                        "speechload_errors_total{code=\"ERR2003\"} 4\n",
                        "speechload_partial_drops_total 9\n",
                        "speechload_rate_limit_blocks_total 4\n",
                        "speechload_uptime_seconds 12.250000\n");
    }

    @Test
    void declaresTypeAndHelpOncePerMetric() {
        String text = PrometheusText.render(sample());
        assertThat(text.split("# TYPE speechload_errors_total ", -1)).hasSize(2);
        for (String line : text.split("\n")) {
            assertThat(line).matches("(# (HELP|TYPE) [a-z_]+ .+)|([a-z_]+(\\{[a-z]+=\"[^\"]*\"\\})? " + "-?[0-9.]+)");
        }
    }
}
