package dev.speechload.suites.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.speechload.core.target.ReferenceServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The GitHub workflows, parsed as YAML: the keys a broken edit would silently lose (inputs,
 * the image build, the suite run, the A/B reference, uploads, the step summary, the CI test
 * command).
 *
 * <p>YAML 1.1 resolvers (PyYAML, SnakeYAML's default constructor) read an unquoted {@code on}
 * key as the boolean {@code true}. Jackson's YAML parser hands keys over as text, so the key is
 * {@code "on"} here, as GitHub reads it; {@link #parsesTheOnKeyAsTextNotAsABoolean} pins that.
 */
@DisplayName("GitHub workflow files")
class WorkflowFilesTests {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Path WORKFLOWS = ReferenceServer.locateRoot().resolve(".github/workflows");

    @Test
    void parsesTheOnKeyAsTextNotAsABoolean() throws IOException {
        JsonNode workflow = read("load-test.yml");

        assertThat(fieldNames(workflow)).contains("on").doesNotContain("true");
    }

    @Test
    void loadTestIsStartedByHandWithSuiteScaleBaselineAndGateInputs() throws IOException {
        JsonNode on = read("load-test.yml").path("on");

        assertThat(fieldNames(on)).as("triggers").containsExactly("workflow_dispatch");
        JsonNode inputs = on.path("workflow_dispatch").path("inputs");
        assertThat(fieldNames(inputs)).contains("suite", "scale", "update_baseline", "fail_on_regression");
        assertThat(inputs.path("scale").path("type").asText()).isEqualTo("choice");
        assertThat(texts(inputs.path("scale").path("options"))).containsExactly("smoke", "full");
        assertThat(inputs.path("scale").path("default").asText()).isEqualTo("smoke");
        assertThat(inputs.path("update_baseline").path("type").asText()).isEqualTo("boolean");
        assertThat(inputs.path("update_baseline").path("default").asBoolean(true))
                .isFalse();
        assertThat(inputs.path("fail_on_regression").path("type").asText()).isEqualTo("boolean");
        assertThat(inputs.path("suite").path("default").asText()).isEqualTo("all");
    }

    @Test
    void loadTestBuildsTheServerImageFromDockerfileLoadtest() throws IOException {
        List<JsonNode> steps = steps(read("load-test.yml"));

        assertThat(steps)
                .anySatisfy(step -> assertThat(step.path("run").asText())
                        .contains("docker build")
                        .contains("-f Dockerfile.loadtest"));
        assertThat(Files.isRegularFile(ReferenceServer.locateRoot().resolve("Dockerfile.loadtest")))
                .as("Dockerfile.loadtest exists")
                .isTrue();
    }

    @Test
    void loadTestRunsTheSuitesScriptWithTheInputsFromTheEnvironment() throws IOException {
        List<JsonNode> steps = steps(read("load-test.yml"));

        JsonNode run = steps.stream()
                .filter(s -> s.path("run").asText().contains("tools/run-load-suites.sh"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no step runs tools/run-load-suites.sh"));
        JsonNode env = run.path("env");
        assertThat(env.path("SUITE").asText()).isEqualTo("${{ inputs.suite }}");
        assertThat(env.path("SCALE").asText()).isEqualTo("${{ inputs.scale }}");
        assertThat(env.path("UPDATE_BASELINE").asText()).isEqualTo("${{ inputs.update_baseline }}");
        assertThat(env.path("FAIL_ON_REGRESSION").asText()).isEqualTo("${{ inputs.fail_on_regression }}");
        assertThat(run.path("run").asText())
                .as("the script takes the inputs from the environment")
                .contains("--suite \"$SUITE\"", "--scale \"$SCALE\"", "--update-baseline", "--fail-on-regression")
                .doesNotContain("${{");
        assertThat(Files.isRegularFile(ReferenceServer.locateRoot().resolve("tools/run-load-suites.sh")))
                .as("tools/run-load-suites.sh exists")
                .isTrue();
    }

    @Test
    void loadTestTakesAnOptionalGitRefToCompareWith() throws IOException {
        JsonNode input = read("load-test.yml")
                .path("on")
                .path("workflow_dispatch")
                .path("inputs")
                .path("compare_ref");

        assertThat(input.isObject()).as("input compare_ref").isTrue();
        assertThat(input.path("type").asText()).isEqualTo("string");
        assertThat(input.path("default").asText("absent"))
                .as("empty: judged against baselines/")
                .isEmpty();
        assertThat(input.path("required").asBoolean(true)).isFalse();
    }

    @Test
    void loadTestChecksOutAllHistoryOnlyForAnABRun() throws IOException {
        JsonNode checkout = steps(read("load-test.yml")).stream()
                .filter(s -> s.path("uses").asText().startsWith("actions/checkout"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no checkout step"));

        // 0 (all history) is falsy in GitHub expressions: `cond && 0 || 1` would always give 1.
        assertThat(checkout.path("with").path("fetch-depth").asText())
                .isEqualTo("${{ inputs.compare_ref == '' && 1 || 0 }}");
    }

    @Test
    void loadTestResolvesTheReferenceRefAndHandsItToTheScript() throws IOException {
        List<JsonNode> steps = steps(read("load-test.yml"));

        JsonNode resolve = steps.stream()
                .filter(s -> s.path("id").asText().equals("reference"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no step with id 'reference' resolves compare_ref"));
        assertThat(resolve.path("if").asText()).isEqualTo("inputs.compare_ref != ''");
        assertThat(resolve.path("env").path("COMPARE_REF").asText()).isEqualTo("${{ inputs.compare_ref }}");
        assertThat(resolve.path("run").asText())
                .as("resolved locally, outputs ref and sha, no input pasted in")
                .contains(
                        "git rev-parse --verify",
                        "\"origin/$COMPARE_REF\"",
                        "ref=",
                        "sha=",
                        "$GITHUB_OUTPUT",
                        "$UPDATE_BASELINE")
                .doesNotContain("${{");
        JsonNode run = steps.stream()
                .filter(s -> s.path("run").asText().contains("tools/run-load-suites.sh"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no step runs tools/run-load-suites.sh"));
        assertThat(steps.indexOf(resolve)).as("resolved before the suites run").isLessThan(steps.indexOf(run));
        assertThat(run.path("env").path("COMPARE_REF").asText()).isEqualTo("${{ steps.reference.outputs.ref }}");
        assertThat(run.path("run").asText()).contains("--compare-ref \"$COMPARE_REF\"", "--fail-on-regression");
    }

    @Test
    void loadTestNamesBothBuildsOfAnABRunInTheStepSummary() throws IOException {
        JsonNode summary = steps(read("load-test.yml")).stream()
                .filter(s -> s.path("run").asText().contains("$GITHUB_STEP_SUMMARY"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no step writes the step summary"));

        assertThat(summary.path("env").path("COMPARE_REF").asText()).isEqualTo("${{ inputs.compare_ref }}");
        assertThat(summary.path("env").path("REFERENCE_SHA").asText()).isEqualTo("${{ steps.reference.outputs.sha }}");
        String script = summary.path("run").asText();
        assertThat(script)
                .contains("$GITHUB_SHA", "$COMPARE_REF", "REFERENCE_SHA")
                .doesNotContain("${{");
        assertThat(script.indexOf("$GITHUB_SHA"))
                .as("the builds are named above the results")
                .isLessThan(script.indexOf("results/summary.md"));
    }

    @Test
    void loadTestUploadsResultsAlwaysAndBaselinesWhenUpdating() throws IOException {
        List<JsonNode> uploads = steps(read("load-test.yml")).stream()
                .filter(s -> s.path("uses").asText().startsWith("actions/upload-artifact"))
                .toList();

        assertThat(uploads).anySatisfy(step -> {
            assertThat(step.path("with").path("path").asText()).contains("results/");
            assertThat(step.path("if").asText()).contains("always()");
        });
        assertThat(uploads).anySatisfy(step -> {
            assertThat(step.path("with").path("path").asText()).contains("baselines/");
            assertThat(step.path("if").asText()).contains("inputs.update_baseline");
        });
    }

    @Test
    void loadTestWritesTheSummaryToTheStepSummaryEvenWhenTheRunFails() throws IOException {
        List<JsonNode> steps = steps(read("load-test.yml"));

        assertThat(steps).anySatisfy(step -> {
            assertThat(step.path("run").asText()).contains("results/summary.md").contains("$GITHUB_STEP_SUMMARY");
            assertThat(step.path("if").asText()).contains("always()");
        });
    }

    @Test
    void loadTestTakesAGeneratorCountThatDefaultsToOneJob() throws IOException {
        JsonNode workflow = read("load-test.yml");
        JsonNode inputs = workflow.path("on").path("workflow_dispatch").path("inputs");

        assertThat(inputs.path("generators").path("type").asText()).isEqualTo("number");
        assertThat(inputs.path("generators").path("default").asInt()).isEqualTo(1);
        assertThat(inputs.path("target_grpc").path("type").asText()).isEqualTo("string");
        assertThat(inputs.path("target_http").path("type").asText()).isEqualTo("string");
        assertThat(workflow.path("jobs").path("load-test").path("if").asText()).isEqualTo("inputs.generators <= 1");
        assertThat(workflow.path("jobs").path("plan-shards").path("if").asText())
                .isEqualTo("inputs.generators > 1");
    }

    @Test
    void shardsAreAMatrixOfGeneratorJobsStartingTogetherAgainstTheGivenServer() throws IOException {
        JsonNode jobs = read("load-test.yml").path("jobs");
        JsonNode plan = jobs.path("plan-shards");
        JsonNode generate = jobs.path("generate");

        String check = plan.path("steps").path(0).path("run").asText();
        assertThat(check)
                .as("refuses n > 1 without an address, fixes the start, lists the shards")
                .contains("set target_grpc", "start_at=", "shards=", "$GITHUB_OUTPUT")
                .doesNotContain("${{");
        assertThat(plan.path("outputs").path("start_at").asText()).isEqualTo("${{ steps.plan.outputs.start_at }}");
        assertThat(generate.path("needs").asText()).isEqualTo("plan-shards");
        assertThat(generate.path("strategy").path("fail-fast").asBoolean(true)).isFalse();
        assertThat(generate.path("strategy").path("matrix").path("shard").asText())
                .isEqualTo("${{ fromJSON(needs.plan-shards.outputs.shards) }}");
        JsonNode run = StreamSupport.stream(generate.path("steps").spliterator(), false)
                .filter(s -> s.path("run").asText().contains("loadtest-suites"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no generator step runs the suites"));
        assertThat(run.path("env").path("SHARD").asText()).isEqualTo("${{ matrix.shard }}");
        assertThat(run.path("env").path("SHARDS").asText()).isEqualTo("${{ inputs.generators }}");
        assertThat(run.path("env").path("START_AT").asText()).isEqualTo("${{ needs.plan-shards.outputs.start_at }}");
        assertThat(run.path("run").asText())
                .contains(
                        "-Dloadtest.shard=\"$SHARD/$SHARDS\"",
                        "-Dloadtest.startAt=\"$START_AT\"",
                        "-Dloadtest.target=external",
                        "-Dloadtest.resultsDir=\"results/shards/shard-$SHARD\"")
                .doesNotContain("${{");
        JsonNode upload = StreamSupport.stream(generate.path("steps").spliterator(), false)
                .filter(s -> s.path("uses").asText().startsWith("actions/upload-artifact"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("a generator uploads nothing"));
        assertThat(upload.path("if").asText()).contains("always()");
        assertThat(upload.path("with").path("name").asText()).isEqualTo("shard-${{ matrix.shard }}");
    }

    @Test
    void aLastJobMergesJudgesSummarisesAndUploadsEvenWhenAShardFailed() throws IOException {
        JsonNode merge = read("load-test.yml").path("jobs").path("merge");
        List<JsonNode> steps =
                StreamSupport.stream(merge.path("steps").spliterator(), false).toList();

        assertThat(texts(merge.path("needs"))).contains("generate");
        assertThat(merge.path("if").asText()).contains("always()");
        JsonNode download = steps.stream()
                .filter(s -> s.path("uses").asText().startsWith("actions/download-artifact"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("the merge job downloads no shard"));
        assertThat(download.path("with").path("pattern").asText()).isEqualTo("shard-*");
        JsonNode mergeStep = steps.stream()
                .filter(s -> s.path("run").asText().contains("tools/merge-shards.sh"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no step runs tools/merge-shards.sh"));
        assertThat(mergeStep.path("run").asText())
                .contains("--fail-on-regression")
                .doesNotContain("${{");
        assertThat(steps.indexOf(download)).isLessThan(steps.indexOf(mergeStep));
        assertThat(steps).anySatisfy(step -> {
            assertThat(step.path("run").asText()).contains("results/summary.md", "$GITHUB_STEP_SUMMARY");
            assertThat(step.path("if").asText()).contains("always()");
        });
        assertThat(steps).anySatisfy(step -> {
            assertThat(step.path("uses").asText()).startsWith("actions/upload-artifact");
            assertThat(step.path("with").path("path").asText()).contains("results/");
            assertThat(step.path("if").asText()).contains("always()");
        });
        assertThat(Files.isRegularFile(ReferenceServer.locateRoot().resolve("tools/merge-shards.sh")))
                .as("tools/merge-shards.sh exists")
                .isTrue();
    }

    @Test
    void ciRunsMavenVerifyOnPushAndPullRequest() throws IOException {
        JsonNode ci = read("ci.yml");

        assertThat(fieldNames(ci.path("on"))).contains("push", "pull_request");
        assertThat(steps(ci))
                .anySatisfy(step -> assertThat(step.path("run").asText()).contains("mvn -B verify"));
    }

    private static JsonNode read(String name) throws IOException {
        Path file = WORKFLOWS.resolve(name);
        assertThat(file).as("workflow file").isRegularFile();
        return YAML.readTree(file.toFile());
    }

    /** The steps of every job, in order. */
    private static List<JsonNode> steps(JsonNode workflow) {
        JsonNode jobs = workflow.path("jobs");
        assertThat(jobs.isObject()).as("'jobs' is a mapping").isTrue();
        return StreamSupport.stream(jobs.spliterator(), false)
                .flatMap(job -> StreamSupport.stream(job.path("steps").spliterator(), false))
                .toList();
    }

    private static List<String> fieldNames(JsonNode node) {
        return StreamSupport.stream(((Iterable<String>) node::fieldNames).spliterator(), false)
                .toList();
    }

    private static List<String> texts(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false)
                .map(JsonNode::asText)
                .toList();
    }
}
