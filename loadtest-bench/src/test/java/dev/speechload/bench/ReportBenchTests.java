package dev.speechload.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.speechload.core.result.RunResult;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ReportBenchTests {

    @Test
    void theFixtureIsAOneHourRunWithASamplePerSecond() {
        RunResult result = OneHourRun.result();

        assertThat(result.timeSeries()).hasSize(OneHourRun.SAMPLES);
        assertThat(result.generatorSeries()).hasSize(OneHourRun.SAMPLES);
        assertThat(result.serverSeries()).hasSize(OneHourRun.SAMPLES + 2);
        assertThat(result.latencies()).containsKeys(RunResult.SERVICE_TIME, "stt.final_latency");
    }

    @Test
    void writesTheReportAndCleansUpAfterwards() throws Exception {
        ReportBench bench = new ReportBench();
        bench.setUp();
        Path dir = bench.dir;
        try {
            Path html = bench.writeReportWarm();
            bench.writeReportCold();

            assertThat(html).startsWith(dir);
            assertThat(Files.readString(html))
                    .contains("ReportBench.oneHourRun")
                    .contains("<svg");
            assertThat(dir.resolve("ReportBench.oneHourRun.json")).isRegularFile();
            assertThat(bench.renderHtmlWarm()).contains("</html>");
            assertThat(bench.renderJsonWarm().length).isGreaterThan(OneHourRun.SAMPLES * 10);
        } finally {
            bench.tearDown();
        }
        assertThat(dir).doesNotExist();
    }
}
