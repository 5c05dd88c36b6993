package dev.speechload.core.target.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.speechload.core.target.TargetException;
import dev.speechload.core.target.TargetUnavailableException;
import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.images.RemoteDockerImage;
import org.testcontainers.utility.DockerImageName;

/**
 * What a user sees when a container target cannot start (issue #14, item 5): each failure of the
 * engine and the registry is injected through a {@link FakeEngine}, so no engine is needed.
 */
class DockerContainerTargetTests {

    private static final String SERVER = "speechload/server-under-test:local";
    private static final String NO_REGISTRY = "Get \"https://registry-1.docker.io/v2/\": dial tcp: lookup"
            + " registry-1.docker.io on 10.255.255.53:53: no such host";

    @TempDir
    Path dir;

    @Test
    void withoutAnEngineStartIsUnavailableSayingWhyAndWhatToDo() {
        DockerContainerTarget target = new DockerContainerTarget(
                ContainerImage.local(SERVER),
                () -> {
                    throw new DockerEngine.UnreachableException(
                            "Testcontainers found no working Docker engine: Could not"
                                    + " find a valid Docker environment. Please see logs and check configuration",
                            null);
                },
                Map.of());

        assertThatThrownBy(target::start)
                .isInstanceOf(TargetUnavailableException.class)
                .hasMessage("container target speechload/server-under-test:local: no Docker engine answers"
                        + " (Testcontainers found no working Docker engine: Could not find a valid Docker environment."
                        + " Please see logs and check configuration). Start a Docker engine (docs/targets.md says"
                        + " what one that cannot pull images needs), or run against a local process:"
                        + " -Dloadtest.target=process");
        assertThat(target.isRunning()).isFalse();
        assertThat(target.containerId()).isEmpty();
        target.close(); // harmless
    }

    @Test
    void anEngineThatCannotReachARegistryFailsAtOnceNamingTheReaperImageNotAsDockerMissing() {
        FakeEngine engine = new FakeEngine().with(SERVER).failingPulls(DockerPreflight.RYUK_IMAGE, NO_REGISTRY);
        DockerContainerTarget target = new DockerContainerTarget(ContainerImage.local(SERVER), () -> engine, Map.of());

        assertThatThrownBy(target::start)
                .isInstanceOf(TargetException.class)
                .isNotInstanceOf(TargetUnavailableException.class)
                .hasMessage("container target speechload/server-under-test:local: Testcontainers' reaper image (Ryuk,"
                        + " which it starts before any container) testcontainers/ryuk:0.14.0 is not on the Docker"
                        + " engine (unix:///var/run/docker.sock), and the engine could not pull it: " + NO_REGISTRY
                        + ". Where no registry can be reached, set TESTCONTAINERS_RYUK_DISABLED=true with the other"
                        + " variables such an engine needs (source tools/docker-env.sh; see docs/targets.md), or load"
                        + " the image into the engine with docker load");
        assertThat(engine.pulls).containsExactly(DockerPreflight.RYUK_IMAGE);
        assertThat(engine.firstAnswerWaits)
                .as("a silent registry is given up on, not waited for for minutes")
                .containsExactly(DockerPreflight.FIRST_ANSWER);
        assertThat(engine.closed).isTrue();
        assertThat(target.isRunning()).isFalse();
    }

    @Test
    void aRegistryThatDoesNotAnswerIsNamedAsSuch() {
        FakeEngine engine = new FakeEngine()
                .with(SERVER)
                .failingPulls(DockerPreflight.RYUK_IMAGE, "its registry did not answer within 20 s");
        DockerContainerTarget target = new DockerContainerTarget(ContainerImage.local(SERVER), () -> engine, Map.of());

        assertThatThrownBy(target::start)
                .isInstanceOf(TargetException.class)
                .hasMessageContaining(
                        "testcontainers/ryuk:0.14.0 is not on the Docker engine"
                                + " (unix:///var/run/docker.sock), and the engine could not pull it: its registry did not"
                                + " answer within 20 s. Where no registry can be reached, set TESTCONTAINERS_RYUK_DISABLED=true");
    }

    @Test
    void withRyukOffAndTheImagePresentNothingIsPulled() {
        FakeEngine engine = new FakeEngine().with(SERVER);
        DockerContainerTarget target = new DockerContainerTarget(
                ContainerImage.local(SERVER), () -> engine, Map.of(DockerPreflight.RYUK_DISABLED_ENV, "true"));

        assertThat(target.preflight()).isEqualTo(SERVER);
        assertThat(engine.pulls).isEmpty();
        assertThat(engine.closed).isTrue();
    }

    @Test
    void aReaperImageAlreadyOnTheEngineOrPullableIsFine() {
        FakeEngine present = new FakeEngine().with(SERVER, DockerPreflight.RYUK_IMAGE);
        assertThat(new DockerContainerTarget(ContainerImage.local(SERVER), () -> present, Map.of()).preflight())
                .isEqualTo(SERVER);
        assertThat(present.pulls).isEmpty();

        FakeEngine withRegistry = new FakeEngine().with(SERVER);
        assertThat(new DockerContainerTarget(ContainerImage.local(SERVER), () -> withRegistry, Map.of()).preflight())
                .isEqualTo(SERVER);
        assertThat(withRegistry.pulls)
                .as("pulled by the engine while its registry answers")
                .containsExactly(DockerPreflight.RYUK_IMAGE);
    }

    @Test
    void aMissingLocalImageIsNeverPulledAndTheMessageSaysWhatToBuild() {
        FakeEngine engine = new FakeEngine();
        DockerContainerTarget target = new DockerContainerTarget(
                ContainerImage.local(SERVER), () -> engine, Map.of(DockerPreflight.RYUK_DISABLED_ENV, "true"));

        assertThatThrownBy(target::start)
                .isInstanceOf(TargetException.class)
                .hasMessage("container target speechload/server-under-test:local: image"
                        + " speechload/server-under-test:local is not on the Docker engine"
                        + " (unix:///var/run/docker.sock), and speechload never pulls images. Build or load it first"
                        + " (for the reference server: docker build -f Dockerfile.loadtest -t"
                        + " speechload/server-under-test:local .), or use Targets.containerFromDockerfile()");
        assertThat(engine.pulls).isEmpty();
    }

    @Test
    void aDockerfileWhoseDefaultBaseCannotBePulledFailsSayingHowToBuildALocalBase() throws IOException {
        Path dockerfile = Files.writeString(
                dir.resolve("Dockerfile"),
                "ARG BASE_IMAGE=eclipse-temurin:17-jre\nFROM ${BASE_IMAGE}\nCMD [\"true\"]\n");
        FakeEngine engine = new FakeEngine().failingPulls("eclipse-temurin:17-jre", NO_REGISTRY);
        DockerContainerTarget target = new DockerContainerTarget(
                ContainerImage.dockerfile(dockerfile, "x/server:local", List.of(), ""),
                () -> engine,
                Map.of(DockerPreflight.RYUK_DISABLED_ENV, "true"));

        assertThatThrownBy(target::start)
                .isInstanceOf(TargetException.class)
                .hasMessage("container target x/server:local (built from Dockerfile): the base image of Dockerfile"
                        + " eclipse-temurin:17-jre is not on the Docker engine (unix:///var/run/docker.sock), and the"
                        + " engine could not pull it: " + NO_REGISTRY + ". Where no registry can be reached, build a"
                        + " local base with tools/docker-local-base.sh and set SPEECHLOAD_DOCKER_BASE_IMAGE to it"
                        + " (source tools/docker-env.sh: it does both)");
        assertThat(engine.pulls).containsExactly("eclipse-temurin:17-jre");
    }

    @Test
    void aLocalBaseFromTheEnvironmentIsRequiredOnTheEngineAndNothingIsPulled() throws IOException {
        Path dockerfile = Files.writeString(
                dir.resolve("Dockerfile"), "ARG BASE_IMAGE=eclipse-temurin:17-jre\nFROM ${BASE_IMAGE}\n");
        FakeEngine engine = new FakeEngine();
        DockerContainerTarget target = new DockerContainerTarget(
                ContainerImage.dockerfile(dockerfile, "x/server:local", List.of(), ""),
                () -> engine,
                Map.of(
                        DockerPreflight.RYUK_DISABLED_ENV,
                        "true",
                        ContainerImage.BASE_IMAGE_ENV,
                        "speechload/jre-base:local"));

        assertThatThrownBy(target::start)
                .isInstanceOf(TargetException.class)
                .hasMessage("container target: base image speechload/jre-base:local (from SPEECHLOAD_DOCKER_BASE_IMAGE)"
                        + " is not on the Docker engine; build it first with tools/docker-local-base.sh");
        assertThat(engine.pulls).isEmpty();
    }

    @Test
    void removesContainersLeftByJvmsOfThisHostThatDiedAndNoOthers() throws Exception {
        Process ended = new ProcessBuilder("true").start();
        ended.waitFor();
        String here = dev.speechload.core.io.internal.LocalHost.name();
        ContainerOwner me = ContainerOwner.current();
        FakeEngine engine = new FakeEngine().with(SERVER);
        engine.labelled.put("dead0000000000", new ContainerOwner(here, ended.pid(), 1).label());
        engine.labelled.put(
                "reused00000000", new ContainerOwner(here, me.pid(), me.startEpochMillis() - 60_000).label());
        engine.labelled.put("live0000000000", me.label());
        engine.labelled.put("elsewhere00000", new ContainerOwner("another-host", ended.pid(), 1).label());
        engine.labelled.put("notours0000000", "hand-made");

        new DockerContainerTarget(
                        ContainerImage.local(SERVER), () -> engine, Map.of(DockerPreflight.RYUK_DISABLED_ENV, "true"))
                .preflight();

        assertThat(engine.removed)
                .as("a dead JVM's and one whose pid now belongs to another process")
                .containsExactlyInAnyOrder("dead0000000000", "reused00000000");
    }

    @Test
    void isUnavailableAtOnceWhenTheEnvironmentSwitchesContainerTargetsOff() {
        AtomicInteger asked = new AtomicInteger();
        DockerContainerTarget target = new DockerContainerTarget(
                ContainerImage.local(SERVER),
                () -> {
                    asked.incrementAndGet();
                    return new FakeEngine();
                },
                Map.of(DockerContainerTarget.CONTAINER_TESTS_ENV, "false"));

        assertThatThrownBy(target::start)
                .isInstanceOf(TargetUnavailableException.class)
                .hasMessage("container target speechload/server-under-test:local: container targets are off here"
                        + " (SPEECHLOAD_CONTAINER_TESTS=false, set by tools/docker-env.sh when no Docker engine runs)."
                        + " Start Docker and source tools/docker-env.sh again, or run against a local process:"
                        + " -Dloadtest.target=process");
        assertThat(asked).as("Docker was not even asked").hasValue(0);
        assertThat(target.isRunning()).isFalse();
    }

    @Test
    void checksTheReaperImageThatTheTestcontainersOnTheClasspathStarts() throws Exception {
        // RyukContainer is not API: read the image it asks for, so an upgrade that changes it fails here.
        Class<?> ryuk = Class.forName("org.testcontainers.utility.RyukContainer");
        Constructor<?> constructor = ryuk.getDeclaredConstructor();
        constructor.setAccessible(true);
        GenericContainer<?> container = (GenericContainer<?>) constructor.newInstance();
        // Not getDockerImageName(): that resolves the image, pulling it where it is missing.
        Field name = RemoteDockerImage.class.getDeclaredField("imageNameFuture");
        name.setAccessible(true);
        Future<?> future = (Future<?>) name.get(container.getImage());
        assertThat(((DockerImageName) future.get()).asCanonicalNameString()).isEqualTo(DockerPreflight.RYUK_IMAGE);
    }

    @Test
    void offersNoResourceProbeOrEndpointsBeforeStart() {
        DockerContainerTarget target =
                new DockerContainerTarget(ContainerImage.local("any:tag"), FakeEngine::new, Map.of());

        assertThat(target.resourceProbe()).isEmpty();
        assertThat(target.pid()).isEmpty();
        assertThat(target.kind()).isEqualTo("container");
        assertThatThrownBy(target::endpoints).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aContainerOfALocalDaemonCountsAsRunningOnThisMachine() throws Exception {
        dev.speechload.core.sample.ResourceProbe json = dev.speechload.core.sample.ResourceProbes.metricsJson(
                java.net.URI.create("http://172.17.0.1:32768/metrics"));
        DockerContainerTarget.LocalProbe local = new DockerContainerTarget.LocalProbe(json);

        assertThat(json.onThisMachine()).isFalse();
        assertThat(local.onThisMachine()).isTrue();
        assertThat(local.description()).isEqualTo(json.description());
    }
}
