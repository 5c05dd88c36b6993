package dev.speechload.suites.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.speechload.core.target.ReferenceServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The Kubernetes manifests of a distributed run (deploy/k8s/), parsed as YAML: the keys a broken
 * edit would silently lose (no cluster here). The generators are an Indexed Job whose shard count
 * agrees everywhere, writing to the volume the merge Job reads, from the image Dockerfile.generator
 * builds.
 */
@DisplayName("Kubernetes manifests of a distributed run")
class DeployManifestsTests {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Path ROOT = ReferenceServer.locateRoot();
    private static final Path K8S = ROOT.resolve("deploy/k8s");

    @Test
    void generatorsAreAnIndexedJobWithOneShardCountEverywhere() throws IOException {
        JsonNode job = read("generator-job.yaml");
        JsonNode spec = job.path("spec");

        assertThat(job.path("apiVersion").asText()).isEqualTo("batch/v1");
        assertThat(job.path("kind").asText()).isEqualTo("Job");
        assertThat(spec.path("completionMode").asText()).isEqualTo("Indexed");
        int completions = spec.path("completions").asInt();
        assertThat(completions).isGreaterThan(1);
        assertThat(spec.path("parallelism").asInt())
                .as("every shard runs at once")
                .isEqualTo(completions);
        assertThat(spec.path("backoffLimit").asInt(-1))
                .as("a retried shard would miss the start")
                .isZero();
        assertThat(spec.path("template").path("spec").path("restartPolicy").asText())
                .isEqualTo("Never");
        Map<String, String> env = env(container(job));
        assertThat(env)
                .containsEntry("LOADTEST_SHARDS", String.valueOf(completions))
                .containsEntry("LOADTEST_START_AT", "${START_AT}")
                .containsKeys("LOADTEST_EXTERNAL_GRPC");
    }

    @Test
    void generatorsAndMergeShareOneReadWriteManyVolumeAndOneImage() throws IOException {
        JsonNode generators = read("generator-job.yaml");
        JsonNode merge = read("merge-job.yaml");
        JsonNode claim = read("results-pvc.yaml");

        assertThat(claim.path("kind").asText()).isEqualTo("PersistentVolumeClaim");
        assertThat(claim.path("spec").path("accessModes").toString()).contains("ReadWriteMany");
        String claimName = claim.path("metadata").path("name").asText();
        for (JsonNode job : new JsonNode[] {generators, merge}) {
            JsonNode podSpec = job.path("spec").path("template").path("spec");
            assertThat(podSpec.path("volumes")
                            .path(0)
                            .path("persistentVolumeClaim")
                            .path("claimName")
                            .asText())
                    .isEqualTo(claimName);
            JsonNode c = container(job);
            assertThat(c.path("volumeMounts").path(0).path("name").asText())
                    .isEqualTo(podSpec.path("volumes").path(0).path("name").asText());
            assertThat(c.path("volumeMounts").path(0).path("mountPath").asText())
                    .isEqualTo(env(c).get("RESULTS"));
        }
        assertThat(container(merge).path("image").asText())
                .isEqualTo(container(generators).path("image").asText());
        assertThat(container(merge).path("args").path(0).asText()).isEqualTo("merge");
    }

    @Test
    void theImageIsBuiltFromDockerfileGeneratorAndWritesEachShardApart() throws IOException {
        String dockerfile = Files.readString(ROOT.resolve("Dockerfile.generator"));
        String image = container(read("generator-job.yaml")).path("image").asText();

        assertThat(dockerfile)
                .contains(
                        "-f Dockerfile.generator -t " + image,
                        "ENTRYPOINT [\"bash\", \"tools/generator-entrypoint.sh\"]");
        assertThat(ROOT.resolve("Dockerfile.loadtest"))
                .as("beside the server's image")
                .isRegularFile();
        String entrypoint = Files.readString(ROOT.resolve("tools/generator-entrypoint.sh"));
        assertThat(entrypoint)
                .contains(
                        "JOB_COMPLETION_INDEX",
                        "-Dloadtest.resultsDir=\"$results/shards/shard-$index\"",
                        "tools/merge-shards.sh \"$@\" \"$results/shards\" \"$results/merged\"");
    }

    private static JsonNode read(String name) throws IOException {
        Path file = K8S.resolve(name);
        assertThat(file).as("manifest").isRegularFile();
        return YAML.readTree(file.toFile());
    }

    private static JsonNode container(JsonNode job) {
        JsonNode containers = job.path("spec").path("template").path("spec").path("containers");
        assertThat(containers.size())
                .as("containers of " + job.path("metadata").path("name"))
                .isEqualTo(1);
        return containers.path(0);
    }

    private static Map<String, String> env(JsonNode container) {
        Map<String, String> out = new TreeMap<>();
        container
                .path("env")
                .forEach(e -> out.put(e.path("name").asText(), e.path("value").asText()));
        return out;
    }
}
