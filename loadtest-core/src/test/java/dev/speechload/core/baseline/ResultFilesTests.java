package dev.speechload.core.baseline;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.speechload.core.io.Json;
import dev.speechload.core.result.RunResult;
import dev.speechload.core.testkit.RunResultFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static dev.speechload.core.baseline.BaselineStoreTests.writeResult;
import static dev.speechload.core.testkit.RunResultFixture.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ResultFilesTests {

    @TempDir
    Path dir;

    @Test
    void readsABareResultAndTheReportsWrapper() throws IOException {
        RunResult result = run().testName("A.a").build();
        writeResult(dir.resolve("bare.json"), result, false);
        writeResult(dir.resolve("wrapped.json"), result, true);

        assertThat(ResultFiles.read(dir.resolve("bare.json"))).isEqualTo(result);
        assertThat(ResultFiles.read(dir.resolve("wrapped.json"))).isEqualTo(result);
    }

    @Test
    void keepsTheTargetFailureAndReadsOlderFilesWithoutIt() throws IOException {
        RunResult died = run().testName("A.a").targetExited(137, 12_345).build();
        writeResult(dir.resolve("died.json"), died, false);
        RunResult read = ResultFiles.read(dir.resolve("died.json"));
        assertThat(read).isEqualTo(died);
        assertThat(read.targetFailure().message()).isEqualTo("target exited with code 137 at 12.3 s");

        // A file written before the target was watched has no such field: it reads as "lived through it".
        ObjectNode old = (ObjectNode) Json.mapper().readTree(Json.mapper().writeValueAsBytes(run().testName("B.b").build()));
        old.remove("targetFailure");
        Files.write(dir.resolve("old.json"), Json.mapper().writeValueAsBytes(old));
        assertThat(ResultFiles.read(dir.resolve("old.json")).targetFailure()).isNull();
    }

    @Test
    void listsResultsSkippingOtherJsonHiddenAndTemporaryFiles() throws IOException {
        writeResult(dir.resolve("B.b.json"), run().testName("B.b").build(), true);
        writeResult(dir.resolve("A.a.json"), run().testName("A.a").build(), false);
        Files.writeString(dir.resolve("index.json"), "{\"tests\": []}");
        Files.writeString(dir.resolve(".A.a.json123.tmp"), "{\"broken");
        Files.writeString(dir.resolve("summary.md"), "# summary");

        assertThat(ResultFiles.readAll(dir)).extracting(l -> l.result().testName()).containsExactly("A.a", "B.b");
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
            assertThat(u.message()).isEqualTo(dir.resolve("B.b.json") + ": not valid JSON at line 1, column 29: the file"
                    + " ends before the JSON is complete (truncated, e.g. cut off while it was written) — fix or delete"
                    + " the file, or re-run the test");
        });
        assertThat(scan.only("B.b").unreadable()).hasSize(1);
        assertThat(scan.only("A.a").unreadable()).isEmpty();
        assertThat(scan.only("A.a").loaded()).hasSize(1);
    }

    @Test
    void namesAResultThatBreaksItsOwnInvariants() throws IOException {
        Files.writeString(dir.resolve("A.a.json"), "{\"testName\": \"A.a\"}");

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
