package dev.speechload.suites.stt;

import dev.speechload.core.config.Settings;
import dev.speechload.core.junit.LoadContext;
import dev.speechload.core.junit.LoadTarget;
import dev.speechload.core.junit.LoadTest;
import dev.speechload.core.junit.Smoke;
import dev.speechload.core.result.RunResult;
import dev.speechload.core.target.Target;
import org.junit.jupiter.api.DisplayName;

/**
 * The quick validation against the reference server's container ({@code Dockerfile.loadtest},
 * built through Testcontainers, or the image named by {@code SPEECHLOAD_SERVER_IMAGE}). Skipped,
 * with the reason, where no Docker engine answers, when {@code SPEECHLOAD_CONTAINER_TESTS=false},
 * and when {@code loadtest.target=process} asks for a process.
 */
@DisplayName("STT quick validation in a container")
class SttContainerSuite {

    @LoadTarget
    static Target server(Settings settings) {
        return SuiteTargets.containerOnly(settings, QuickValidation.SERVER_FLAGS);
    }

    @LoadTest(channels = 80, rampSteps = 2, rampInterval = "10s", warmupIterations = 2, duration = "1m")
    @Smoke(channels = 8)
    void everySessionGetsItsFinalResult(LoadContext load) throws Exception {
        RunResult result = load.run(QuickValidation.scenario(load));

        QuickValidation.assertHealthy(result);
        org.assertj.core.api.Assertions.assertThat(result.target().kind()).isEqualTo("container");
    }
}
