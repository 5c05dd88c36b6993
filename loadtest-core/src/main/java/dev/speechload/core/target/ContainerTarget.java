package dev.speechload.core.target;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * A server run in a Docker container through Testcontainers, made by {@link Targets#container}
 * or {@link Targets#containerFromDockerfile}. The container's gRPC port (default 50051) and HTTP
 * port (default 8080) are mapped to free host ports and offered as the {@code grpc} and
 * {@code http} endpoints. Nothing is ever pulled from a registry: the image must be local or
 * built from a Dockerfile whose base image is local or pullable by the engine.
 *
 * <p>{@link #start()} throws {@link TargetUnavailableException} when no Docker engine can be
 * reached, and a {@link TargetException} at once, naming the image and the engine's reason, when an
 * image it needs (Testcontainers' Ryuk, a Dockerfile's base) is missing and cannot be pulled (no
 * registry answers), before Testcontainers would retry the pull for minutes. {@link #close()} stops the container with SIGTERM and the grace period (like
 * {@code docker stop}), saves its log to the log directory and removes it.
 *
 * <p>Resources are read from the server's JSON metrics endpoint through the mapped port (see
 * {@link #withMetrics}); {@link #pid()} is empty. Single use and mutable: each {@code with...} changes
 * this target and returns it (the one exception to the immutable {@code with...} of configuration
 * values, as a target is started once). Not thread-safe.
 */
public interface ContainerTarget extends Target {

    /**
     * Runs another local image (never pulled) with every other setting kept: how an A/B comparison
     * runs a reference build given as an image.
     */
    ContainerTarget withImage(String imageName);

    /** Arguments appended to the image's entrypoint (for the reference image: extra server flags). */
    ContainerTarget withCommand(String... args);

    /** Sets an environment variable in the container (e.g. {@code JAVA_TOOL_OPTIONS=-Xmx256m}). */
    ContainerTarget withEnv(String name, String value);

    /** The ports the server listens on inside the container (default 50051 and 8080). */
    ContainerTarget withContainerPorts(int grpcPort, int httpPort);

    /** How to tell the server is ready (default: {@code ReadinessProbe.forHttp("/health")}). */
    ContainerTarget withReadiness(ReadinessProbe probe);

    /** How long {@link #start()} waits for readiness, after the container started (default 60 s). */
    ContainerTarget withStartupTimeout(Duration timeout);

    /** How long {@link #close()} waits after SIGTERM before killing (default 10 s); zero or more. */
    ContainerTarget withShutdownGrace(Duration grace);

    /** The JSON metrics path on the http endpoint used as the resource probe (default {@code /metrics}); null for none. */
    ContainerTarget withMetrics(String path);

    /** Where the container's log is saved on close. */
    ContainerTarget withLogDir(Path dir);

    /** The container id once started. */
    Optional<String> containerId();
}
