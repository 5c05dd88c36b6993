package dev.speechload.core.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.speechload.core.sample.internal.MetricsJsonParser;
import dev.speechload.core.sample.internal.MetricsJsonParser.MemoryField;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

class MetricsJsonParserTests {

    private static final String SOURCE = "http://127.0.0.1:8080/metrics";

    @Test
    void readsTheReferenceServerFormatPreferringExactBytes() throws IOException {
        String json = "{\"memory_rss_mb\": 97.5, \"memory_rss_bytes\": 102236160, \"num_fds\": 41,"
                + " \"num_threads\": 27, \"uptime_seconds\": 12.5, \"active_streams\": {\"grpc\": 0, \"sse\": 0}}";

        assertThat(MetricsJsonParser.DEFAULT.parse(SOURCE, json)).isEqualTo(new ResourceReading(102236160, 41, 27));
    }

    @Test
    void readsTheProcessCpuSecondsAsNanoseconds() throws IOException {
        String json = "{\"memory_rss_bytes\": 4096, \"num_fds\": 3, \"num_threads\": 2,"
                + " \"process_cpu_seconds_total\": 1.5}";

        assertThat(MetricsJsonParser.DEFAULT.parse(SOURCE, json))
                .isEqualTo(new ResourceReading(4096, 3, 2, 1_500_000_000L));
    }

    @Test
    void convertsMebibytesWhenOnlyThoseAreGiven() throws IOException {
        String json = "{\"memory_rss_mb\": 12.5, \"num_fds\": 9, \"num_threads\": 4}";

        assertThat(MetricsJsonParser.DEFAULT.parse(SOURCE, json))
                .isEqualTo(new ResourceReading(12L * 1024 * 1024 + 512 * 1024, 9, 4));
    }

    @Test
    void missingAndNegativeFieldsReadAsUnknown() throws IOException {
        String json = "{\"memory_rss_bytes\": -1, \"memory_rss_mb\": -1, \"num_threads\": 8}";

        assertThat(MetricsJsonParser.DEFAULT.parse(SOURCE, json)).isEqualTo(new ResourceReading(-1, -1, 8));
    }

    @Test
    void usesConfiguredFieldNamesAndUnits() throws IOException {
        MetricsJsonParser parser = new MetricsJsonParser(List.of(new MemoryField("rss_kb", 1024)), "fds", "threads");

        assertThat(parser.parse(SOURCE, "{\"rss_kb\": 100, \"fds\": 3, \"threads\": 2}"))
                .isEqualTo(new ResourceReading(102400, 3, 2));
    }

    @Test
    void aPageWithNoneOfTheFieldsFailsListingWhatItHas() {
        assertThatThrownBy(() -> MetricsJsonParser.DEFAULT.parse(SOURCE, "{\"status\": \"ok\", \"uptime\": 3}"))
                .isInstanceOf(IOException.class)
                .hasMessage("metrics at " + SOURCE + " have none of the fields [memory_rss_bytes, memory_rss_mb, "
                        + "num_fds, num_threads, process_cpu_seconds_total]; fields there: [status, uptime]");
    }

    @Test
    void malformedJsonFailsNamingTheSourceAndLine() {
        assertThatThrownBy(() -> MetricsJsonParser.DEFAULT.parse(SOURCE, "{\n  \"num_fds\": 3,\n  oops\n}"))
                .isInstanceOf(IOException.class)
                .hasMessageStartingWith("metrics at " + SOURCE + " are not valid JSON at line 3, column ");
        assertThatThrownBy(() -> MetricsJsonParser.DEFAULT.parse(SOURCE, "[1, 2]"))
                .isInstanceOf(IOException.class)
                .hasMessage("metrics at " + SOURCE + ": expected a JSON object, saw array");
        assertThatThrownBy(() -> MetricsJsonParser.DEFAULT.parse(SOURCE, "{\"num_fds\": \"many\"}"))
                .isInstanceOf(IOException.class)
                .hasMessage("metrics at " + SOURCE + ": field 'num_fds' should be a number, was \"many\"");
    }
}
