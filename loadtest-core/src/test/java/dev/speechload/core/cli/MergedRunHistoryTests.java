package dev.speechload.core.cli;

import static dev.speechload.core.testkit.RunResultFixture.run;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.speechload.core.baseline.ResultFiles;
import dev.speechload.core.history.Histories;
import dev.speechload.core.history.HistoryRun;
import dev.speechload.core.io.internal.Json;
import dev.speechload.core.result.RunResult;
import dev.speechload.core.result.Sharding;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The run history of a distributed run: {@code speechload compare} appends the judged merge of the
 * shards like one run, marked with its shard count, and never one shard's own result.
 */
@DisplayName("Run history of merged shards")
class MergedRunHistoryTests {

    private static final String TEST = "Checkout.run";
    private static final long START = 1_800_000_000_000L;

    @TempDir
    Path dir;

    String url;
    String out;
    String err;
    List<String> shardFiles = new ArrayList<>();

    @BeforeEach
    void shards() throws IOException {
        url = "jdbc:h2:file:" + dir.resolve("history");
        for (int i = 0; i < 3; i++) {
            RunResult r = run().testName(TEST)
                    .channels(2)
                    .completed(100 + i)
                    .throughput(10 + i)
                    .build()
                    .withSharding(Sharding.of(i, 3, START, START + i));
            shardFiles.add(ResultFiles.write(dir.resolve("shard-" + i), r).toString());
        }
        Files.createDirectories(dir.resolve("baselines"));
    }

    int execute(String... args) {
        CliRun run = CliRun.of(args);
        out = run.out();
        err = run.err();
        return run.code();
    }

    @Test
    void appendsTheJudgedMergeOnceMarkedWithItsShards() throws IOException {
        Path merged = dir.resolve("merged").resolve(TEST + ".json");
        List<String> args = new ArrayList<>(List.of("merge", "-o", merged.toString()));
        args.addAll(shardFiles);
        assertThat(execute(args.toArray(String[]::new))).isEqualTo(ExitCodes.PASS);

        assertThat(execute(
                        "compare",
                        "--results",
                        merged.getParent().toString(),
                        "--baselines",
                        dir.resolve("baselines").toString(),
                        "--history",
                        url))
                .isEqualTo(ExitCodes.PASS);
        // Judged again (a CI step re-run): still one run.
        assertThat(execute(
                        "compare",
                        "--results",
                        merged.getParent().toString(),
                        "--baselines",
                        dir.resolve("baselines").toString(),
                        "--history",
                        url))
                .isEqualTo(ExitCodes.PASS);

        List<HistoryRun> runs = Histories.open(url).runs(null, 10);
        assertThat(runs).singleElement().satisfies(r -> {
            assertThat(r.testName()).isEqualTo(TEST);
            assertThat(r.shards()).isEqualTo(3);
            assertThat(r.merged()).isTrue();
            assertThat(r.verdict()).isEqualTo("NO_BASELINE");
            assertThat(r.figures().get("throughput")).isEqualTo(33.0);
        });
        assertThat(execute("history", "list", "--history", url)).isEqualTo(ExitCodes.PASS);
        assertThat(out.lines().toList()).hasSize(2);
        assertThat(out.lines().toList().get(0)).contains("generators");
        assertThat(out.lines().toList().get(1)).contains(TEST, "NO_BASELINE", "3 merged");
        assertThat(execute("history", "list", "--history", url, "--json")).isEqualTo(ExitCodes.PASS);
        JsonNode json = Json.mapper().readTree(out);
        assertThat(json.get(0).get("shards").asInt()).isEqualTo(3);
    }

    @Test
    void appendsNoShardsOwnResultAndSaysWhy() {
        assertThat(execute(
                        "compare",
                        "--results",
                        dir.resolve("shard-1").toString(),
                        "--baselines",
                        dir.resolve("baselines").toString(),
                        "--history",
                        url))
                .isEqualTo(ExitCodes.PASS);

        assertThat(err)
                .contains("speechload compare: " + TEST + " is shard 1/3: not added to the run"
                        + " history (it holds part of the load); merge the shards (speechload merge) and judge the merged"
                        + " result to add it");
        assertThat(Histories.open(url).runs(null, 10)).isEmpty();
    }

    @Test
    void appendsAPartialMergeNot() throws IOException {
        Path merged = dir.resolve("merged").resolve(TEST + ".json");
        assertThat(execute("merge", "-o", merged.toString(), shardFiles.get(0), shardFiles.get(2)))
                .isEqualTo(ExitCodes.PASS);
        assertThat(ResultFiles.read(merged).partial()).isTrue();

        assertThat(execute(
                        "compare",
                        "--results",
                        merged.getParent().toString(),
                        "--baselines",
                        dir.resolve("baselines").toString(),
                        "--history",
                        url))
                .isEqualTo(ExitCodes.PASS);

        assertThat(Histories.open(url).runs(null, 10)).isEmpty();
    }

    @Test
    void marksARunOfOneGeneratorAsOne() throws IOException {
        ResultFiles.write(dir.resolve("single"), run().testName(TEST).build());

        assertThat(execute(
                        "compare",
                        "--results",
                        dir.resolve("single").toString(),
                        "--baselines",
                        dir.resolve("baselines").toString(),
                        "--history",
                        url))
                .isEqualTo(ExitCodes.PASS);

        assertThat(Histories.open(url).runs(null, 10))
                .singleElement()
                .satisfies(r -> assertThat(r.shards()).isEqualTo(1))
                .satisfies(r -> assertThat(r.merged()).isFalse());
    }
}
