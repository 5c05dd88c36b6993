package dev.speechload.core.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.speechload.core.sample.internal.PrometheusTextParser;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

class PrometheusTextParserTests {

    private static final String SOURCE = "http://127.0.0.1:8080/metrics/prometheus";

    private static final String PAGE = String.join(
            "\n",
            "# HELP process_resident_memory_bytes Resident memory size in bytes.",
            "# TYPE process_resident_memory_bytes gauge",
            "process_resident_memory_bytes 1.02236160E8",
            "# HELP process_open_fds Number of open file descriptors.",
            "# TYPE process_open_fds gauge",
            "process_open_fds 41",
            "process_threads 27 1700000000000",
            "speech_active_streams{protocol=\"grpc\",note=\"a \\\"quoted\\\" } brace\"} 3",
            "speech_errors_total{code=\"ERR2003\"} +Inf",
            "",
            "# EOF");

    @Test
    void readsTheStandardProcessMetrics() throws IOException {
        assertThat(PrometheusTextParser.DEFAULT.parse(SOURCE, PAGE)).isEqualTo(new ResourceReading(102236160, 41, 27));
    }

    @Test
    void readsTheProcessCpuSecondsCounterAsNanoseconds() throws IOException {
        String page = "process_resident_memory_bytes 2048\n"
                + "# TYPE process_cpu_seconds_total counter\n"
                + "process_cpu_seconds_total 12.25\n";

        assertThat(PrometheusTextParser.DEFAULT.parse(SOURCE, page))
                .isEqualTo(new ResourceReading(2048, -1, -1, 12_250_000_000L));
        assertThat(PrometheusTextParser.DEFAULT.parse(SOURCE, PAGE).cpuTimeNanos())
                .isEqualTo(-1);
    }

    @Test
    void fallsBackToJvmThreadGaugesAndSumsSeries() throws IOException {
        String page = "process_resident_memory_bytes 2048\n"
                + "jvm_threads_live_threads{area=\"a\"} 10\n"
                + "jvm_threads_live_threads{area=\"b\"} 5\n";

        assertThat(PrometheusTextParser.DEFAULT.parse(SOURCE, page)).isEqualTo(new ResourceReading(2048, -1, 15));
    }

    @Test
    void usesConfiguredMetricNames() throws IOException {
        PrometheusTextParser parser = new PrometheusTextParser("my_rss", "my_fds", List.of("my_threads"));

        assertThat(parser.parse(SOURCE, "my_rss 100\nmy_fds 7\nmy_threads 3\nprocess_threads 99\n"))
                .isEqualTo(new ResourceReading(100, 7, 3));
    }

    @Test
    void aMalformedLineFailsNamingTheSourceAndLine() {
        String page = "# TYPE process_open_fds gauge\nprocess_open_fds 41\nprocess_threads twenty\n";

        assertThatThrownBy(() -> PrometheusTextParser.DEFAULT.parse(SOURCE, page))
                .isInstanceOf(IOException.class)
                .hasMessage("Prometheus metrics at " + SOURCE + " line 3: expected 'name[{labels}] value [timestamp]', "
                        + "saw 'process_threads twenty'");
    }

    @Test
    void htmlOrJsonIsNotMistakenForAnEmptyPage() {
        assertThatThrownBy(() -> PrometheusTextParser.DEFAULT.parse(SOURCE, "{\"num_fds\": 3}"))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("line 1: expected 'name[{labels}] value [timestamp]'");
        assertThatThrownBy(() -> PrometheusTextParser.DEFAULT.parse(SOURCE, "metric_without_value\n"))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("line 1:");
        assertThatThrownBy(() -> PrometheusTextParser.DEFAULT.parse(SOURCE, "m{unclosed=\"x\" 1\n"))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("line 1:");
    }

    @Test
    void aPageWithNoneOfTheMetricsFails() {
        assertThatThrownBy(() -> PrometheusTextParser.DEFAULT.parse(SOURCE, "up 1\n"))
                .isInstanceOf(IOException.class)
                .hasMessage(
                        "Prometheus metrics at " + SOURCE + " have none of process_resident_memory_bytes, "
                                + "process_open_fds, [process_threads, jvm_threads_live_threads, jvm_threads_current], process_cpu_seconds_total");
    }
}
