package dev.speechload.core.target;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.speechload.core.sample.ResourceReading;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.DockerClientFactory;

/**
 * The reference server in a real container. Runs only where a Docker engine answers and
 * {@code SPEECHLOAD_DOCKER_BASE_IMAGE} names a locally built base image (CI sets both; see
 * docs/targets.md): without a local base the build would try to pull, which hangs where no
 * registry can be reached. Skipped otherwise, printing why.
 */
class ContainerTargetTests {

    private static final String TEST_IMAGE = "speechload/server-under-test:core-tests";

    @TempDir
    Path logs;

    private static boolean toldWhy;

    @BeforeEach
    void requireDockerAndALocalBaseImage() {
        String base = System.getenv("SPEECHLOAD_DOCKER_BASE_IMAGE");
        if (base == null || base.isBlank()) {
            skip("SPEECHLOAD_DOCKER_BASE_IMAGE is not set (build a base with tools/docker-local-base.sh and set it)");
        }
        if (!DockerClientFactory.instance().isDockerAvailable()) {
            skip("no Docker engine is available to Testcontainers");
        }
        Path jar = ReferenceServer.locateRoot().resolve(ReferenceServer.JAR);
        if (!Files.isRegularFile(jar)) {
            skip(jar + " is not built; " + ReferenceServer.BUILD_HINT);
        }
    }

    private static void skip(String why) {
        if (!toldWhy) {
            toldWhy = true;
            System.out.println("ContainerTargetTests skipped: " + why);
        }
        Assumptions.abort(why);
    }

    @Test
    void itsLivenessReportsAContainerKilledFromOutsideWithItsExitCodeButNotItsOwnStop() throws Exception {
        Path root = ReferenceServer.locateRoot();
        ContainerTarget target = Targets.containerFromDockerfile(root.resolve(ReferenceServer.DOCKERFILE), TEST_IMAGE)
                .withEnv("JAVA_TOOL_OPTIONS", "-Xmx256m")
                .withLogDir(logs);
        try {
            target.start();
            Liveness liveness = target.liveness();
            assertThat(liveness.check()).isEmpty();
            assertThat(liveness.interval()).isEqualTo(Duration.ofSeconds(1));

            // SIGKILL from outside, as the kernel's OOM killer or a crash would end it.
            DockerClientFactory.lazyClient()
                    .killContainerCmd(target.containerId().orElseThrow())
                    .exec();
            TargetDeath death = null;
            long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (death == null && System.nanoTime() < until) {
                death = liveness.check().orElse(null);
                Thread.sleep(100);
            }

            assertThat(death).as("the container's death, seen within 30 s").isNotNull();
            assertThat(death.cause()).isEqualTo("exited with code 137");
            assertThat(death.exitCode()).isEqualTo(137);
            target.close();
            assertThat(liveness.check()).as("after close: the test's own doing").isEmpty();
        } finally {
            target.close();
        }
    }

    @Test
    void buildsTheReferenceImageStartsItAndReadsMetricsThroughTheMappedPort() throws Exception {
        // A tag of its own, so a test run never replaces the image a developer built by hand.
        Path root = ReferenceServer.locateRoot();
        ContainerTarget target = Targets.containerFromDockerfile(root.resolve(ReferenceServer.DOCKERFILE), TEST_IMAGE)
                .withEnv("JAVA_TOOL_OPTIONS", "-Xmx256m")
                .withLogDir(logs)
                .withShutdownGrace(Duration.ofSeconds(20));
        try {
            target.start();

            assertThat(target.isRunning()).isTrue();
            assertThat(target.endpoints().http().getPort()).isPositive();
            assertThat(FakeServer.get(target.endpoints().http().resolve("/health"))
                            .statusCode())
                    .isEqualTo(200);
            ResourceReading reading = target.resourceProbe().orElseThrow().read();
            assertThat(reading.memoryRssBytes()).isPositive();
            assertThat(reading.threadCount()).isPositive();
        } finally {
            target.close();
        }
        assertThat(target.isRunning()).isFalse();
        try (var files = Files.list(logs)) {
            assertThat(files.map(p -> p.getFileName().toString())).anyMatch(n -> n.startsWith("server-under-test-"));
        }
    }

    @Test
    void aContainerLeftByAKilledJvmIsRemovedWhenTheNextContainerTargetStarts() throws Exception {
        Path stderr = logs.resolve("owner.err");
        Process owner = new ProcessBuilder(List.of(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-Xmx128m",
                        "-cp",
                        System.getProperty("java.class.path"),
                        ContainerOwnerMain.class.getName(),
                        TEST_IMAGE,
                        logs.toString()))
                .redirectError(stderr.toFile())
                .start();
        String id;
        try {
            String line = new BufferedReader(new InputStreamReader(owner.getInputStream(), StandardCharsets.UTF_8))
                    .readLine();
            assertThat(line).as("the owner JVM's stderr: %s", stderr).startsWith("container ");
            id = line.substring("container ".length());
        } finally {
            owner.destroyForcibly(); // SIGKILL: neither its shutdown hook nor Testcontainers' runs
        }
        assertThat(owner.waitFor(60, TimeUnit.SECONDS)).isTrue();

        // Any container target's start looks for such containers first, even one that fails after.
        assertThatThrownBy(() ->
                        Targets.container("speechload/not-built-anywhere:none").start())
                .isInstanceOf(TargetException.class);

        assertThat(DockerClientFactory.lazyClient()
                        .listContainersCmd()
                        .withShowAll(true)
                        .withIdFilter(List.of(id))
                        .exec())
                .as("container %s of the killed JVM", id)
                .isEmpty();
    }

    @Test
    void anImageThatIsNotLocalFailsAtOnceWithoutPulling() {
        ContainerTarget target = Targets.container("speechload/not-built-anywhere:none");

        assertThatThrownBy(target::start)
                .isInstanceOf(TargetException.class)
                .hasMessageStartingWith("container target speechload/not-built-anywhere:none: image"
                        + " speechload/not-built-anywhere:none is not on the Docker engine (")
                .hasMessageContaining("), and speechload never pulls images.");
    }
}
