package dev.speechload.core.cli;

import static dev.speechload.core.testkit.RunResultFixture.MS;
import static dev.speechload.core.testkit.RunResultFixture.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.speechload.core.result.RunResult;
import java.util.List;
import org.junit.jupiter.api.Test;

class ResultMergerTests {

    @Test
    void mergedPercentilesEqualThoseOfAllValuesRecordedTogether() {
        long[] a = new long[1000];
        long[] b = new long[500];
        long[] all = new long[1500];
        for (int i = 0; i < 1000; i++) {
            a[i] = (i + 1) * 10_000L;
            all[i] = a[i];
        }
        for (int i = 0; i < 500; i++) {
            b[i] = 20 * MS + i * 100_000L;
            all[1000 + i] = b[i];
        }
        RunResult together = run().histogram("service_time", all).build();

        ResultMerger.Merged merged = ResultMerger.merge(
                List.of("a", "b"),
                List.of(
                        run().histogram("service_time", a).build(),
                        run().histogram("service_time", b).build()));

        assertThat(merged.result().latency("service_time")).isEqualTo(together.latency("service_time"));
        assertThat(merged.result().latency("service_time").count()).isEqualTo(1500);
    }

    @Test
    void leavesOutAMetricWithoutHistogramsAndSaysSo() {
        ResultMerger.Merged merged = ResultMerger.merge(
                List.of("a", "b"), List.of(run().histogram("service_time", MS).build(), run().build()));

        assertThat(merged.result().latencies()).isEmpty();
        assertThat(merged.notes())
                .contains("latency metric 'service_time' left out: not every input has its"
                        + " histogram, so it cannot be merged exactly");
    }

    @Test
    void sumsErrorsAndRecomputesTheirRatio() {
        ResultMerger.Merged merged = ResultMerger.merge(
                List.of("a", "b"),
                List.of(
                        run().completed(1000).errors(10, 0.01).build(),
                        run().completed(3000).errors(90, 0.03).build()));

        assertThat(merged.result().errors().failedIterations()).isEqualTo(100);
        assertThat(merged.result().errors().errorRatio()).isEqualTo(0.025);
        assertThat(merged.result().errors().byCode()).containsEntry("TIMEOUT", 100L);
    }

    @Test
    void namesTheFileOfADamagedHistogram() {
        RunResult broken = new RunResult(
                1,
                "Fixture.run",
                false,
                0,
                0,
                run().build().plan(),
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                java.util.Map.of("service_time", "bm90IGEgaGlzdG9ncmFt"),
                null,
                null,
                null);

        assertThatThrownBy(() -> ResultMerger.merge(
                        List.of("a.json", "b.json"),
                        List.of(run().histogram("service_time", MS).build(), broken)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("b.json: the histogram of 'service_time' cannot be decoded");
    }
}
