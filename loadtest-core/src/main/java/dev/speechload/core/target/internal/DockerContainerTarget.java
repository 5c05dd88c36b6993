package dev.speechload.core.target.internal;

import dev.speechload.core.sample.ResourceProbe;
import dev.speechload.core.sample.ResourceProbes;
import dev.speechload.core.target.ContainerTarget;
import dev.speechload.core.target.Endpoints;
import dev.speechload.core.target.Liveness;
import dev.speechload.core.target.ReadinessProbe;
import dev.speechload.core.target.TargetException;
import dev.speechload.core.target.TargetUnavailableException;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.AbstractWaitStrategy;
import org.testcontainers.utility.DockerImageName;

/**
 * {@link ContainerTarget} on a Testcontainers {@link GenericContainer}. Single use; not thread-safe.
 *
 * <p>Readiness is checked by our own {@link ReadinessProbe} through the mapped port rather than
 * by Testcontainers' default wait strategy, which execs a shell inside the container (the local
 * base image has none) and would report failures in other words than the other target kinds.
 *
 * <p>Resources are read from the server's JSON metrics endpoint through the mapped port: the
 * server reads its own {@code /proc/self}, so the numbers are the same as for a process target,
 * and this works with any engine (remote, rootless, Docker Desktop's VM). Reading
 * {@code /proc/<host pid>} works only with a local rootful engine, and {@code docker exec cat}
 * needs tools the minimal image lacks; {@code docker stats} reports cgroup memory (page cache
 * included), not RSS.
 */
public final class DockerContainerTarget implements ContainerTarget {

    private static final Logger LOG = LoggerFactory.getLogger(DockerContainerTarget.class);
    private static final int LOG_TAIL_LINES = 20;

    private ContainerImage image;
    private final DockerEngine.Connector engines;
    private String[] command = new String[0];
    private final Map<String, String> env = new LinkedHashMap<>();
    private int grpcPort = 50051;
    private int httpPort = 8080;
    private ReadinessProbe readiness = ReadinessProbe.forHttp("/health");
    private Duration startupTimeout = Duration.ofSeconds(60);
    private Duration shutdownGrace = Duration.ofSeconds(10);
    private String metricsPath = "/metrics";
    private Path logDir;

    private GenericContainer<?> container;
    private Endpoints endpoints;
    private boolean started;
    private volatile boolean closed;

    /**
     * Environment variable that tools/docker-env.sh sets to {@code false} when no Docker engine
     * runs: container targets are then unavailable at once, without asking Testcontainers (whose
     * probing can take minutes where no engine or registry answers).
     */
    public static final String CONTAINER_TESTS_ENV = "SPEECHLOAD_CONTAINER_TESTS";

    private final Map<String, String> environment;

    public DockerContainerTarget(ContainerImage image) {
        this(image, TestcontainersEngine::connect, System.getenv());
    }

    /**
     * For tests: how to reach the engine, and the environment variables to read
     * ({@value #CONTAINER_TESTS_ENV}, {@value DockerPreflight#RYUK_DISABLED_ENV},
     * {@value ContainerImage#BASE_IMAGE_ENV}).
     */
    DockerContainerTarget(ContainerImage image, DockerEngine.Connector engines, Map<String, String> environment) {
        this.image = Objects.requireNonNull(image, "image");
        this.engines = Objects.requireNonNull(engines, "engines");
        this.environment = Map.copyOf(environment);
    }

    @Override
    public ContainerTarget withImage(String imageName) {
        checkNotStarted();
        this.image = ContainerImage.local(Objects.requireNonNull(imageName, "imageName"));
        return this;
    }

    @Override
    public ContainerTarget withCommand(String... args) {
        checkNotStarted();
        this.command = args.clone();
        return this;
    }

    @Override
    public ContainerTarget withEnv(String name, String value) {
        checkNotStarted();
        env.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
        return this;
    }

    @Override
    public ContainerTarget withContainerPorts(int grpc, int http) {
        checkNotStarted();
        if (grpc < 1 || grpc > 65535 || http < 1 || http > 65535 || grpc == http) {
            throw new IllegalArgumentException(
                    "container ports must be two different ports in 1..65535, were grpc=" + grpc + ", http=" + http);
        }
        this.grpcPort = grpc;
        this.httpPort = http;
        return this;
    }

    @Override
    public ContainerTarget withReadiness(ReadinessProbe probe) {
        checkNotStarted();
        this.readiness = Objects.requireNonNull(probe, "probe");
        return this;
    }

    @Override
    public ContainerTarget withStartupTimeout(Duration timeout) {
        checkNotStarted();
        this.startupTimeout = Durations.positive(timeout, "startup timeout");
        return this;
    }

    @Override
    public ContainerTarget withShutdownGrace(Duration grace) {
        this.shutdownGrace = Durations.nonNegative(grace, "shutdown grace");
        return this;
    }

    @Override
    public ContainerTarget withMetrics(String path) {
        checkNotStarted();
        if (path != null && !path.startsWith("/")) {
            throw new IllegalArgumentException("metrics path must start with '/', was " + path);
        }
        this.metricsPath = path;
        return this;
    }

    @Override
    public ContainerTarget withLogDir(Path dir) {
        this.logDir = Objects.requireNonNull(dir, "dir");
        return this;
    }

    private void checkNotStarted() {
        if (started) {
            throw new IllegalStateException(
                    "container target " + image.describe() + " is already started; " + "configure it before start()");
        }
    }

    @Override
    public void start() {
        if (started) {
            throw new IllegalStateException(
                    "container target " + image.describe() + " was already started; " + "targets are single use");
        }
        started = true;
        if ("false"
                .equalsIgnoreCase(
                        environment.getOrDefault(CONTAINER_TESTS_ENV, "").trim())) {
            closed = true;
            throw new TargetUnavailableException("container target " + image.describe() + ": container targets are"
                    + " off here (" + CONTAINER_TESTS_ENV + "=false, set by tools/docker-env.sh when no Docker engine"
                    + " runs). Start Docker and source tools/docker-env.sh again, or run against a local process:"
                    + " -Dloadtest.target=process");
        }
        String imageName;
        try {
            imageName = preflight();
        } catch (TargetException e) {
            closed = true;
            throw e;
        }
        container = new GenericContainer<>(DockerImageName.parse(imageName))
                .withExposedPorts(grpcPort, httpPort)
                .withEnv(env)
                .withImagePullPolicy(name -> false)
                .withLabel(ContainerOwner.LABEL, ContainerOwner.current().label())
                .waitingFor(new NoWait());
        if (command.length > 0) {
            container.withCommand(command);
        }
        try {
            container.start();
        } catch (RuntimeException e) {
            closed = true;
            String logs = logsTail();
            stopQuietly();
            throw new TargetException(
                    "container target " + image.describe() + " could not be started: " + ContainerImage.rootMessage(e)
                            + logs,
                    e);
        }
        String host = container.getHost();
        Map<String, URI> uris = new LinkedHashMap<>();
        uris.put(Endpoints.GRPC, URI.create("grpc://" + host + ":" + container.getMappedPort(grpcPort)));
        uris.put(Endpoints.HTTP, URI.create("http://" + host + ":" + container.getMappedPort(httpPort)));
        endpoints = new Endpoints(uris);
        LOG.info("started container {} from {}: {}", shortId(), image.describe(), uris);
        try {
            ReadinessWait.await(
                    "container target " + image.describe(),
                    readiness,
                    endpoints,
                    startupTimeout,
                    this::checkAliveDuringStartup);
        } catch (TargetException e) {
            boolean exited = !container.isRunning();
            String logs = exited ? "" : logsTail();
            close();
            throw exited ? e : new TargetException(e.getMessage() + logs, e);
        }
    }

    /**
     * Asks the engine, before Testcontainers starts anything, for every image the start needs
     * ({@link DockerPreflight}); returns the image to run. No engine: unavailable (the test is
     * skipped). An engine without an image it cannot pull: a failure with the true reason.
     */
    String preflight() {
        String what = "container target " + image.describe();
        DockerEngine engine;
        try {
            engine = engines.connect();
        } catch (DockerEngine.UnreachableException e) {
            throw new TargetUnavailableException(
                    what + ": no Docker engine answers (" + e.getMessage() + "). Start"
                            + " a Docker engine (docs/targets.md says what one that cannot pull images needs), or run"
                            + " against a local process: -Dloadtest.target=process",
                    e);
        }
        try (engine) {
            DockerPreflight preflight = new DockerPreflight(engine, what);
            preflight.removeContainersOfDeadJvms();
            preflight.requireReaper(environment);
            return image.prepare(preflight, environment);
        }
    }

    private void checkAliveDuringStartup() {
        if (container.isRunning()) {
            return;
        }
        Long exitCode = null;
        try {
            exitCode = container.getCurrentContainerInfo().getState().getExitCodeLong();
        } catch (RuntimeException e) {
            // the container may be gone already; the log tail below still helps
        }
        throw new TargetException("container target " + image.describe() + " exited during startup with exit code "
                + (exitCode == null ? "unknown" : exitCode) + logsTail());
    }

    private String logsTail() {
        try {
            List<String> lines = container.getLogs().lines().toList();
            List<String> last = lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size());
            return last.isEmpty()
                    ? "\n(the container wrote no log)"
                    : "\ncontainer log, last lines:\n  " + String.join("\n  ", last);
        } catch (RuntimeException e) {
            return "\n(could not read the container log: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() {
        if (container == null) {
            return;
        }
        closed = true;
        stopQuietly();
    }

    private void stopQuietly() {
        GenericContainer<?> c = container;
        if (c == null || c.getContainerId() == null) {
            return;
        }
        try {
            if (c.isRunning()) {
                // docker stop: SIGTERM, then SIGKILL after the grace period. Testcontainers' own stop()
                // kills at once, which would hide how the server shuts down.
                int seconds = (int) Math.max(0, Math.min(Integer.MAX_VALUE, shutdownGrace.toSeconds()));
                DockerClientFactory.lazyClient()
                        .stopContainerCmd(c.getContainerId())
                        .withTimeout(seconds)
                        .exec();
            }
        } catch (RuntimeException e) {
            LOG.warn("could not stop container {} gracefully: {}", shortId(), e.toString());
        }
        saveLog(c);
        try {
            c.stop();
        } catch (RuntimeException e) {
            LOG.warn("could not remove container {}: {}", shortId(), e.toString());
        }
    }

    private void saveLog(GenericContainer<?> c) {
        Path dir = (logDir != null ? logDir : DefaultDirs.logDir()).toAbsolutePath();
        String simpleName = image.imageName().replaceAll(".*/", "").replaceAll(":.*", "");
        Path file = dir.resolve(LogFiles.safeName(simpleName) + "-" + shortId() + ".log");
        try {
            Files.createDirectories(dir);
            Files.writeString(file, c.getLogs(), StandardCharsets.UTF_8);
            LOG.info("container log saved to {}", file);
        } catch (IOException | RuntimeException e) {
            LOG.warn("could not save the log of container {} to {}: {}", shortId(), file, e.toString());
        }
    }

    private String shortId() {
        String id = container == null ? null : container.getContainerId();
        return id == null ? "(none)" : id.substring(0, Math.min(12, id.length()));
    }

    @Override
    public Endpoints endpoints() {
        if (endpoints == null) {
            throw new IllegalStateException(
                    "container target " + image.describe() + " has no endpoints before start()");
        }
        return endpoints;
    }

    @Override
    public String kind() {
        return "container";
    }

    @Override
    public String description() {
        return image.describe() + (command.length == 0 ? "" : " " + String.join(" ", command));
    }

    @Override
    public OptionalLong pid() {
        return OptionalLong.empty();
    }

    @Override
    public Optional<ResourceProbe> resourceProbe() {
        if (endpoints == null || metricsPath == null) {
            return Optional.empty();
        }
        ResourceProbe json = ResourceProbes.metricsJson(endpoints.http().resolve(metricsPath));
        return Optional.of(localDaemon() ? new LocalProbe(json) : json);
    }

    /**
     * True when the Docker daemon is reached through a local socket: its containers then run on
     * this machine's kernel, and the server's CPU time (from its metrics) is part of this machine's,
     * even when the mapped ports are on a bridge address rather than loopback (Docker in Docker).
     */
    private static boolean localDaemon() {
        try {
            String scheme = DockerClientFactory.instance()
                    .getTransportConfig()
                    .getDockerHost()
                    .getScheme();
            return "unix".equals(scheme) || "npipe".equals(scheme);
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** A probe of a container on this machine: see {@link ResourceProbe#onThisMachine()}. */
    static final class LocalProbe implements ResourceProbe {
        private final ResourceProbe delegate;

        LocalProbe(ResourceProbe delegate) {
            this.delegate = delegate;
        }

        @Override
        public dev.speechload.core.sample.ResourceReading read() throws java.io.IOException {
            return delegate.read();
        }

        @Override
        public String description() {
            return delegate.description();
        }

        @Override
        public boolean onThisMachine() {
            return true;
        }

        @Override
        public String toString() {
            return delegate.toString();
        }
    }

    @Override
    public boolean isRunning() {
        return container != null && !closed && container.isRunning();
    }

    /** Dead once the container stopped on its own (not by {@link #close()}), with its exit code. */
    @Override
    public Liveness liveness() {
        GenericContainer<?> c = container;
        if (c == null) {
            return Liveness.none();
        }
        return new ContainerLiveness(
                c, () -> closed, "container " + shortId() + "; its log is saved when the" + " test class ends");
    }

    @Override
    public Optional<String> containerId() {
        return Optional.ofNullable(container == null ? null : container.getContainerId());
    }

    @Override
    public String toString() {
        return "container target " + description();
    }

    /** Readiness is ours (see the class comment); Testcontainers only starts the container. */
    private static final class NoWait extends AbstractWaitStrategy {
        @Override
        protected void waitUntilReady() {
            // nothing: ReadinessWait runs after start()
        }
    }
}
