package dev.speechload.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The confusion-table program at a tiny scale: one baseline run and one run of one condition
 * against the real reference server. Asserts what the program records and decides, never a
 * verdict's figures (a busy machine decides those).
 */
class VerdictConfusionBenchTests {

    @TempDir
    Path dir;

    @Test
    void judgesEveryRunAndWritesTheConfusionTable() throws Exception {
        Path out = dir.resolve("confusion.md");
        VerdictConfusionBench.Report report = VerdictConfusionBench.measure(new String[] {
            "--conditions",
            "fd-leak",
            "--fault-runs",
            "1",
            "--baseline-runs",
            "1",
            "--trials",
            "3",
            "--trial-ms",
            "1000",
            "--out",
            out.toString()
        });

        assertThat(report.outcomes()).singleElement().satisfies(o -> {
            assertThat(o.condition()).isEqualTo(VerdictConfusionBench.Condition.FD_LEAK);
            assertThat(o.overall()).isNotNull();
            assertThat(o.health())
                    .as("every run carries its measurement health")
                    .isNotNull();
            assertThat(o.fdDelta()).as("the leak fault left descriptors open").isPositive();
        });
        assertThat(Files.readString(out))
                .isEqualTo(report.table())
                .contains(
                        "| 1-in-50 descriptor leak (quiet) | 1 |", "FAIL in every run", "Baseline: 1 clean quiet run");
    }
}
