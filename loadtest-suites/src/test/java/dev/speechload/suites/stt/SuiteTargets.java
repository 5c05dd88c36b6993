package dev.speechload.suites.stt;

import dev.speechload.core.config.Settings;
import dev.speechload.core.config.TargetKind;
import dev.speechload.core.target.ContainerTarget;
import dev.speechload.core.target.ProcessTarget;
import dev.speechload.core.target.Target;
import dev.speechload.core.target.Targets;
import dev.speechload.core.testkit.FakeTarget;

/**
 * The reference server for the suites, as the kind {@code loadtest.target} asks for: a local
 * process by default, the {@code Dockerfile.loadtest} container with {@code loadtest.target=container}.
 * Server flags ({@code --max-buffer-bytes 65536}, ...) go on the command line of either.
 *
 * <p>A suite that cannot run on the kind asked for gets a target whose {@code start()} throws
 * {@code TargetUnavailableException}, so its tests are skipped with the reason instead of failing.
 * (Throwing that exception from the {@code @LoadTarget} method itself fails the class: the
 * extension only maps it to a skip when {@code start()} throws it.) Stateless.
 */
public final class SuiteTargets {

    /** Set by {@code tools/docker-env.sh}: false when no Docker engine or no local base image. */
    static final String CONTAINER_TESTS_ENV = "SPEECHLOAD_CONTAINER_TESTS";
    /** Set by the load-test workflow after it built the image itself: run it instead of building. */
    static final String SERVER_IMAGE_ENV = "SPEECHLOAD_SERVER_IMAGE";

    /** The server JVM's options: a bounded heap, so a leak shows as failures, not as a swapping machine. */
    static final String SERVER_JVM_OPTIONS = "-Xmx256m";

    private SuiteTargets() {}

    /** The reference server with {@code flags}, as a process or a container, whichever the settings ask for. */
    public static Target referenceServer(Settings settings, String... flags) {
        return settings.target() == TargetKind.CONTAINER ? container(settings, flags) : process(flags);
    }

    /** The reference server with {@code flags} as a local process (JVM with {@link #SERVER_JVM_OPTIONS}). */
    public static ProcessTarget process(String... flags) {
        return Targets.referenceServer(flags).withEnv("JAVA_TOOL_OPTIONS", SERVER_JVM_OPTIONS);
    }

    /**
     * The reference server's container with {@code flags}: the image named by
     * {@code SPEECHLOAD_SERVER_IMAGE} when set, else built from {@code Dockerfile.loadtest}.
     *
     * <p>Runs only where the environment is known to be ready for Testcontainers:
     * {@code SPEECHLOAD_CONTAINER_TESTS=true} (set by {@code tools/docker-env.sh}), GitHub Actions,
     * or {@code loadtest.target=container} asked for explicitly. Elsewhere it skips, saying how to
     * enable it: on a machine where the engine cannot pull (and inside a container), Testcontainers
     * without those settings spends minutes trying before it gives up (measured here: 7 minutes).
     * Where no engine answers, the core extension skips it too.
     */
    public static Target container(Settings settings, String... flags) {
        String prepared = System.getenv(CONTAINER_TESTS_ENV);
        if ("false".equals(prepared)) {
            return FakeTarget.unavailable(CONTAINER_TESTS_ENV + "=false (no Docker engine or no local"
                            + " base image; see tools/docker-env.sh)")
                    .withKind("container");
        }
        boolean ready = "true".equals(prepared)
                || "true".equals(System.getenv("GITHUB_ACTIONS"))
                || settings.target() == TargetKind.CONTAINER;
        if (!ready) {
            return FakeTarget.unavailable("container suites run only in a prepared environment:"
                            + " source tools/docker-env.sh (sets " + CONTAINER_TESTS_ENV + "=true) or run with"
                            + " -Dloadtest.target=container")
                    .withKind("container");
        }
        String image = System.getenv(SERVER_IMAGE_ENV);
        ContainerTarget target =
                image == null || image.isBlank() ? Targets.containerFromDockerfile() : Targets.container(image);
        return target.withEnv("JAVA_TOOL_OPTIONS", SERVER_JVM_OPTIONS).withCommand(flags);
    }

    /**
     * A local process target with {@code flags}, for suites that need the process itself (to
     * signal it); when the settings ask for a container, a target that skips with {@code why}.
     */
    public static Target processOnly(Settings settings, String why, String... flags) {
        if (settings.target() == TargetKind.CONTAINER) {
            return FakeTarget.unavailable(why + "; run it with loadtest.target=process")
                    .withKind("container");
        }
        return process(flags);
    }

    /** A container target only; when the settings ask for a process, a target that skips. */
    public static Target containerOnly(Settings settings, String... flags) {
        if (settings.target() == TargetKind.PROCESS) {
            return FakeTarget.unavailable("this suite runs the server as a container and loadtest.target=process"
                            + " asks for a process; run it with loadtest.target=container or unset")
                    .withKind("process");
        }
        return container(settings, flags);
    }
}
