package dev.speechload.core.baseline;

import static dev.speechload.core.baseline.BaselineStoreTests.writeResult;
import static dev.speechload.core.testkit.RunResultFixture.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.speechload.core.io.internal.Json;
import dev.speechload.core.result.RunResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("result files")
class ResultFilesTests {

    @TempDir
    Path dir;

    @Test
    void readsAResultWithOrWithoutTheReportsVerdict() throws IOException {
        RunResult result = run().testName("A.a").build();
        Path onlyRun = ResultFiles.write(dir, result);
        writeResult(dir.resolve("judged.json"), result, true);

        assertThat(onlyRun).isEqualTo(dir.resolve("A.a.json"));
        assertThat(ResultFiles.readDocument(onlyRun).extras()).isEmpty();
        assertThat(ResultFiles.read(onlyRun)).isEqualTo(result);
        assertThat(ResultFiles.read(dir.resolve("judged.json"))).isEqualTo(result);
        assertThat(ResultFiles.readDocument(dir.resolve("judged.json")).extras().get("verdict"))
                .isNotNull();
    }

    @Test
    void namesABareResultOfAnEarlierVersionAndHowToConvertIt() throws IOException {
        Files.write(
                dir.resolve("A.a.json"),
                Json.mapper().writeValueAsBytes(run().testName("A.a").build()));

        assertThatThrownBy(() -> ResultFiles.read(dir.resolve("A.a.json")))
                .isInstanceOf(BaselineException.class)
                .hasMessage(
                        dir.resolve("A.a.json") + ": holds a bare run result, the format earlier speechload versions"
                                + " wrote; result files now hold {\"result\": {...}} beside the verdict — re-run the test, or wrap"
                                + " the run: jq '{result: .}' OLD.json > NEW.json");
        assertThat(ResultFiles.scan(dir).unreadable())
                .extracting(ResultFiles.Unreadable::file)
                .containsExactly(dir.resolve("A.a.json"));
    }

    @Test
    void readsAPartialFileAsTheTestsResultOnlyWhenItHasNoFinalOne() throws IOException {
        RunResult killed = run().testName("A.a").partial().build();
        assertThat(ResultFiles.writePartial(dir, killed)).isEqualTo(dir.resolve("A.a.partial.json"));

        ResultFiles.Loaded only = ResultFiles.readAll(dir).get(0);
        assertThat(only.partial()).isTrue();
        assertThat(only.result().partial()).isTrue();
        assertThat(ResultFiles.scan(dir).only("A.a").loaded()).hasSize(1);

        // A run killed after its final file was written but before the partial one was removed.
        Files.write(
                dir.resolve("A.a.json"),
                Json.mapper()
                        .writeValueAsBytes(
                                java.util.Map.of("result", run().testName("A.a").build())));
        Files.setLastModifiedTime(dir.resolve("A.a.json"), FileTime.fromMillis(2_000_000_000_000L));
        assertThat(ResultFiles.readAll(dir)).singleElement().satisfies(l -> {
            assertThat(l.file()).isEqualTo(dir.resolve("A.a.json"));
            assertThat(l.partial()).isFalse();
        });

        // The test ran again and that run was killed: its partial file is newer than the older run's result.
        Files.setLastModifiedTime(dir.resolve("A.a.partial.json"), FileTime.fromMillis(2_000_000_001_000L));
        assertThat(ResultFiles.readAll(dir))
                .singleElement()
                .satisfies(l -> assertThat(l.partial()).isTrue());
    }

    @Test
    void writingTheFinalResultRemovesThePartialOne() throws IOException {
        ResultFiles.writePartial(dir, run().testName("A.a").partial().build());

        ResultFiles.write(dir, run().testName("A.a").build());

        assertThat(BaselineStoreTests.names(dir))
                .filteredOn(n -> !n.startsWith("."))
                .containsExactly("A.a.json");
        assertThat(ResultFiles.read(dir.resolve("A.a.json")).partial()).isFalse();
    }

    @Test
    void keepsTheTargetFailureAndReadsOlderFilesWithoutIt() throws IOException {
        RunResult died = run().testName("A.a").targetExited(137, 12_345).build();
        writeResult(dir.resolve("died.json"), died, true);
        RunResult read = ResultFiles.read(dir.resolve("died.json"));
        assertThat(read).isEqualTo(died);
        assertThat(read.targetFailure().message()).isEqualTo("target exited with code 137 at 12.3 s");

        // A file written before the target was watched has no such field: it reads as "lived through it".
        ObjectNode old = (ObjectNode) Json.mapper()
                .readTree(Json.mapper().writeValueAsBytes(run().testName("B.b").build()));
        old.remove("targetFailure");
        ObjectNode file = Json.mapper().createObjectNode();
        file.set("result", old);
        Files.write(dir.resolve("old.json"), Json.mapper().writeValueAsBytes(file));
        assertThat(ResultFiles.read(dir.resolve("old.json")).targetFailure()).isNull();
    }

    @Test
    void listsResultsSkippingOtherJsonHiddenAndTemporaryFiles() throws IOException {
        writeResult(dir.resolve("B.b.json"), run().testName("B.b").build(), true);
        writeResult(dir.resolve("A.a.json"), run().testName("A.a").build(), true);
        Files.writeString(dir.resolve("index.json"), "{\"tests\": []}");
        Files.writeString(dir.resolve(".A.a.json123.tmp"), "{\"broken");
        Files.writeString(dir.resolve("summary.md"), "# summary");

        assertThat(ResultFiles.readAll(dir))
                .extracting(l -> l.result().testName())
                .containsExactly("A.a", "B.b");
    }

    @Test
    void namesABrokenResultFile() throws IOException {
        Files.writeString(dir.resolve("A.a.json"), "{\"testName\": \"A.a\", \"plan\": ");

        assertThatThrownBy(() -> ResultFiles.readAll(dir))
                .isInstanceOf(BaselineException.class)
                .hasMessageStartingWith(dir.resolve("A.a.json") + ": not valid JSON at line 1")
                .hasMessageEndingWith("— fix or delete the file, or re-run the test");
    }

    @Test
    void scanReadsPastABrokenFileAndNamesIt() throws IOException {
        ResultFiles.write(dir, run().testName("A.a").build());
        ResultFiles.write(dir, run().testName("C.c").build());
        Files.writeString(dir.resolve("B.b.json"), "{\"testName\": \"B.b\", \"plan\": ");

        ResultFiles.Scan scan = ResultFiles.scan(dir);

        assertThat(scan.loaded()).extracting(l -> l.result().testName()).containsExactly("A.a", "C.c");
        assertThat(scan.unreadable()).singleElement().satisfies(u -> {
            assertThat(u.file()).isEqualTo(dir.resolve("B.b.json"));
            assertThat(u.message())
                    .isEqualTo(dir.resolve("B.b.json") + ": not valid JSON at line 1, column 29: the file"
                            + " ends before the JSON is complete (truncated, e.g. cut off while it was written) — fix or delete"
                            + " the file, or re-run the test");
        });
        assertThat(scan.only("B.b").unreadable()).hasSize(1);
        assertThat(scan.only("A.a").unreadable()).isEmpty();
        assertThat(scan.only("A.a").loaded()).hasSize(1);
    }

    @Test
    void namesAResultThatBreaksItsOwnInvariants() throws IOException {
        Files.writeString(dir.resolve("A.a.json"), "{\"result\": {\"testName\": \"A.a\"}}");

        assertThatThrownBy(() -> ResultFiles.read(dir.resolve("A.a.json")))
                .isInstanceOf(BaselineException.class)
                .hasMessageContaining("A.a.json: invalid content: plan");
    }

    @Test
    void refusesANewerResultSchema() throws IOException {
        Files.writeString(dir.resolve("A.a.json"), "{\"result\": {\"schemaVersion\": 9, \"testName\": \"A.a\"}}");

        assertThatThrownBy(() -> ResultFiles.read(dir.resolve("A.a.json")))
                .hasMessageContaining("A.a.json: schemaVersion 9 is newer than this speechload reads (1)");
    }
}
