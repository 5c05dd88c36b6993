package dev.speechload.core.target.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.exception.InternalServerErrorException;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The engine as the preflight asks it, for real where a Docker engine answers (skipped, saying
 * why, where none does). On this project's machines no registry answers; elsewhere Docker Hub
 * answers that the image does not exist: either way the pull of an image that cannot be had
 * must come back, quickly and with the engine's words, rather than retry for minutes.
 */
class TestcontainersEngineTests {

    private static final String NEVER = "speechload/no-such-image:never";

    @Test
    void reportsAMissingImageAndWhyItCannotBePulled() throws Exception {
        Assumptions.assumeFalse(
                "false".equals(System.getenv(DockerContainerTarget.CONTAINER_TESTS_ENV)),
                "container targets are off here (" + DockerContainerTarget.CONTAINER_TESTS_ENV + "=false)");
        DockerEngine engine;
        try {
            engine = TestcontainersEngine.connect();
        } catch (DockerEngine.UnreachableException e) {
            Assumptions.abort("no Docker engine answers: " + e.getMessage());
            return;
        }
        try (engine) {
            assertThat(engine.host()).isNotBlank();
            assertThat(engine.hasImage(NEVER)).isFalse();

            Optional<String> failure = engine.pull(NEVER, DockerPreflight.FIRST_ANSWER, DockerPreflight.WHOLE_PULL);

            assertThat(failure)
                    .as("an image that exists nowhere cannot be pulled")
                    .isPresent();
            assertThat(failure.get())
                    .as("the engine's own words, unwrapped")
                    .doesNotStartWith("Status ")
                    .isNotBlank();
            assertThat(engine.hasImage(NEVER)).isFalse();
        }
    }

    @Test
    void unwrapsTheEnginesMessageFromDockerJavasStatusText() {
        // docker-java puts "Status 500: " before the engine's JSON answer
        String answer = "{\"message\":\"Get \\\"https://registry-1.docker.io/v2/\\\": dial tcp: lookup"
                + " registry-1.docker.io on 10.255.255.53:53: no such host\"}\n";
        assertThat(TestcontainersEngine.engineWords(new InternalServerErrorException(answer)))
                .isEqualTo("Get \"https://registry-1.docker.io/v2/\": dial tcp: lookup registry-1.docker.io on"
                        + " 10.255.255.53:53: no such host");
    }
}
