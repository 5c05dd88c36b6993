package dev.speechload.core.target.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.speechload.core.target.TargetUnavailableException;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** What a user sees when there is no Docker engine; needs no engine itself. */
class DockerContainerTargetTests {

    @Test
    void withoutDockerStartFailsAsUnavailableSayingWhatToDo() {
        DockerContainerTarget target = new DockerContainerTarget(ContainerImage.local("speechload/server-under-test:local"),
                () -> false);

        assertThatThrownBy(target::start)
                .isInstanceOf(TargetUnavailableException.class)
                .hasMessage("container target speechload/server-under-test:local: Docker is not available "
                        + "(Testcontainers found no working Docker engine). Start a Docker engine; where it cannot "
                        + "pull images (CI here) also set TESTCONTAINERS_RYUK_DISABLED=true, "
                        + "TESTCONTAINERS_CHECKS_DISABLE=true and TESTCONTAINERS_HOST_OVERRIDE=localhost "
                        + "(see docs/targets.md). Or run against a local process: -Dloadtest.target=process");
        assertThat(target.isRunning()).isFalse();
        assertThat(target.containerId()).isEmpty();
        target.close(); // harmless
    }

    @Test
    void isUnavailableAtOnceWhenTheEnvironmentSwitchesContainerTargetsOff() {
        AtomicInteger asked = new AtomicInteger();
        DockerContainerTarget target = new DockerContainerTarget(ContainerImage.local("speechload/server-under-test:local"),
                () -> asked.incrementAndGet() > 0, Map.of(DockerContainerTarget.CONTAINER_TESTS_ENV, "false"));

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
    void offersNoResourceProbeOrEndpointsBeforeStart() {
        DockerContainerTarget target = new DockerContainerTarget(ContainerImage.local("any:tag"), () -> false);

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
