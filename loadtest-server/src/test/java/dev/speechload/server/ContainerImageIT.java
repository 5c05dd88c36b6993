package dev.speechload.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.speechload.server.testing.Pcm;
import dev.speechload.server.testing.SttClient;
import dev.speechload.server.testing.SttOutcome;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.images.builder.ImageFromDockerfile;

/**
 * The image built from {@code Dockerfile.loadtest} runs the server: /health answers and a gRPC
 * stream gets its final result through the mapped ports.
 *
 * <p>Runs where a Docker engine is up and a base image was built locally
 * ({@code SPEECHLOAD_DOCKER_BASE_IMAGE}, set by {@code tools/docker-env.sh} and {@code .ci/run});
 * skipped otherwise, because without a local base the build would try to pull one, and no
 * registry answers here.
 */
class ContainerImageIT {

    private static final int GRPC_PORT = 50051;
    private static final int HTTP_PORT = 8080;

    @Test
    void imageFromDockerfileAnswersHealthAndStreamsRecognition() throws Exception {
        String baseImage = System.getenv("SPEECHLOAD_DOCKER_BASE_IMAGE");
        assumeTrue(
                baseImage != null && !baseImage.isBlank(),
                "SPEECHLOAD_DOCKER_BASE_IMAGE is not set: source tools/docker-env.sh to run the container test");
        assumeTrue(
                !"false".equals(System.getenv("SPEECHLOAD_CONTAINER_TESTS")),
                "SPEECHLOAD_CONTAINER_TESTS=false: no Docker engine could start");
        assumeTrue(DockerClientFactory.instance().isDockerAvailable(), "no Docker engine is reachable");

        Path root = repositoryRoot();
        Path jar = Path.of(System.getProperty(
                "speechload.server.jar",
                root.resolve("loadtest-server/target/speechload-server.jar").toString()));
        assertThat(jar)
                .as("the shaded server jar (mvn -pl loadtest-server package)")
                .exists();

        // Only the two files the Dockerfile copies: a small context, independent of the work tree.
        ImageFromDockerfile image = new ImageFromDockerfile("speechload/server-under-test:it", false)
                .withFileFromPath("Dockerfile.loadtest", root.resolve("Dockerfile.loadtest"))
                .withFileFromPath("loadtest-server/target/speechload-server.jar", jar)
                .withDockerfilePath("Dockerfile.loadtest")
                .withBuildArg("BASE_IMAGE", baseImage);

        try (GenericContainer<?> server = new GenericContainer<>(image)
                .withExposedPorts(GRPC_PORT, HTTP_PORT)
                .waitingFor(Wait.forHttp("/health")
                        .forPort(HTTP_PORT)
                        .forStatusCode(200)
                        .withStartupTimeout(Duration.ofMinutes(2)))) {
            server.start();

            URI health = URI.create("http://" + server.getHost() + ":" + server.getMappedPort(HTTP_PORT) + "/health");
            HttpResponse<String> response = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(health)
                                    .timeout(Duration.ofSeconds(10))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).contains("ok");

            ManagedChannel channel = NettyChannelBuilder.forAddress(server.getHost(), server.getMappedPort(GRPC_PORT))
                    .usePlaintext()
                    .build();
            try {
                SttOutcome outcome = SttClient.start(channel, SttClient.Request.of(Pcm.speechLike(16_000, 2_000)))
                        .await(Duration.ofSeconds(60));
                assertThat(outcome.status().isOk())
                        .as("status %s", outcome.status())
                        .isTrue();
                assertThat(outcome.finals()).hasSize(1);
                assertThat(outcome.finals().get(0).getAudioEndMs()).isEqualTo(2_000);
                assertThat(outcome.finals().get(0).getTiming().getTotalUs()).isPositive();
            } finally {
                channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            }
        }
    }

    private static Path repositoryRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("Dockerfile.loadtest"))) {
            dir = dir.getParent();
        }
        assertThat(dir)
                .as(
                        "a directory holding Dockerfile.loadtest above %s",
                        Path.of("").toAbsolutePath())
                .isNotNull();
        return dir;
    }
}
