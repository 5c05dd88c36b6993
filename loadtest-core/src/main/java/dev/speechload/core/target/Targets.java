package dev.speechload.core.target;

import dev.speechload.core.target.internal.ContainerImage;
import dev.speechload.core.target.internal.DockerContainerTarget;
import dev.speechload.core.target.internal.LocalProcessTarget;
import dev.speechload.core.target.internal.LoopbackPorts;
import dev.speechload.core.target.internal.RemoteTarget;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Makes every kind of target: a local process, a container, or an address already running.
 * Each returned target is single use and configured with {@code with...} before
 * {@link Target#start()}.
 */
public final class Targets {

    private Targets() {}

    /**
     * A server run as {@code command}; port placeholders such as {@code {httpPort}} are replaced
     * at start (see {@link ProcessTarget}).
     *
     * @param command executable and arguments, not empty, no nulls
     */
    public static ProcessTarget process(List<String> command) {
        Objects.requireNonNull(command, "command");
        String name = command.isEmpty()
                ? "server"
                : Path.of(command.get(0)).getFileName().toString();
        return new LocalProcessTarget(command, name);
    }

    /**
     * {@code java -jar jar args...} with the JVM running this code. JVM options go in the
     * {@code JAVA_TOOL_OPTIONS} environment variable ({@code withEnv}).
     */
    public static ProcessTarget javaJar(Path jar, String... args) {
        Objects.requireNonNull(jar, "jar");
        List<String> command = new ArrayList<>();
        command.add(javaExecutable());
        command.add("-jar");
        command.add(jar.toAbsolutePath().toString());
        command.addAll(List.of(args));
        String name = jar.getFileName().toString().replaceFirst("\\.jar$", "");
        return new LocalProcessTarget(command, name);
    }

    /**
     * The reference speech server from its jar ({@link ReferenceServer#locateJar()}):
     * {@code java -jar <jar> --bind 127.0.0.1 --grpc-port {grpcPort} --http-port {httpPort} <extraArgs>},
     * ready when {@code GET /health} answers 2xx, with endpoints {@code grpc} and {@code http},
     * and {@code /metrics} as its resource probe where {@code /proc} is missing.
     */
    public static ProcessTarget referenceServer(Path jar, String... extraArgs) {
        List<String> args = new ArrayList<>(
                List.of("--bind", "127.0.0.1", "--grpc-port", "{grpcPort}", "--http-port", "{httpPort}"));
        args.addAll(List.of(extraArgs));
        return javaJar(jar, args.toArray(String[]::new))
                .withName("speechload-server")
                .withReadiness(ReadinessProbe.forHttp("/health"))
                .withMetrics("/metrics");
    }

    /** {@link #referenceServer(Path, String...)} with the jar found by {@link ReferenceServer#locateJar()}. */
    public static ProcessTarget referenceServer(String... extraArgs) {
        return referenceServer(ReferenceServer.locateJar(), extraArgs);
    }

    /**
     * A container from an image already on the Docker engine (never pulled). Defaults fit the
     * reference image: gRPC on 50051, HTTP on 8080, ready on {@code /health}, resources from
     * {@code /metrics}.
     */
    public static ContainerTarget container(String imageName) {
        return new DockerContainerTarget(ContainerImage.local(imageName));
    }

    /** Environment variable naming a prebuilt reference server image (the load workflow builds it first). */
    public static final String SERVER_IMAGE_ENV = "SPEECHLOAD_SERVER_IMAGE";

    /**
     * The reference server's container. When the environment variable {@value #SERVER_IMAGE_ENV}
     * names an image (the load workflow builds it before the tests), that image is run as it is
     * ({@link #container(String)}: it must be on the engine, it is never pulled). Otherwise it is
     * built from {@code Dockerfile.loadtest} at the repository root
     * ({@link ReferenceServer#locateRoot()}) and tagged {@value ReferenceServer#IMAGE}; the build
     * context holds only the Dockerfile and the server jar (which must be built first), and the
     * build argument {@code BASE_IMAGE} is taken from {@code SPEECHLOAD_DOCKER_BASE_IMAGE} when set
     * (a locally built base, where nothing can be pulled).
     */
    public static ContainerTarget containerFromDockerfile() {
        String prebuilt = System.getenv(SERVER_IMAGE_ENV);
        if (prebuilt != null && !prebuilt.isBlank()) {
            return container(prebuilt.trim());
        }
        Path root = ReferenceServer.locateRoot();
        return containerFromDockerfile(
                root.resolve(ReferenceServer.DOCKERFILE),
                ReferenceServer.IMAGE,
                List.of(root.resolve(ReferenceServer.JAR)),
                ReferenceServer.BUILD_HINT);
    }

    /**
     * A container built from any Dockerfile, its folder as the build context, tagged
     * {@code imageName}; {@code BASE_IMAGE} as in {@link #containerFromDockerfile()}.
     */
    public static ContainerTarget containerFromDockerfile(Path dockerfile, String imageName) {
        return containerFromDockerfile(dockerfile, imageName, List.of(), "");
    }

    private static ContainerTarget containerFromDockerfile(
            Path dockerfile, String imageName, List<Path> required, String hint) {
        Objects.requireNonNull(dockerfile, "dockerfile");
        Objects.requireNonNull(imageName, "imageName");
        return new DockerContainerTarget(ContainerImage.dockerfile(dockerfile, imageName, required, hint));
    }

    /**
     * A server already running at these addresses; either may be null, not both.
     *
     * @param grpc e.g. {@code grpc://127.0.0.1:50051}
     * @param http e.g. {@code http://127.0.0.1:8080}
     */
    public static ExternalTarget external(URI grpc, URI http) {
        return new RemoteTarget(grpc, http);
    }

    /**
     * A TCP port on 127.0.0.1 that was free a moment ago (bound to port 0, then closed). Another
     * process may take it before it is used; prefer placeholders, which choose all ports of a
     * target at once.
     */
    public static int freeLoopbackPort() {
        return LoopbackPorts.one();
    }

    private static String javaExecutable() {
        Path java = Path.of(
                System.getProperty("java.home"),
                "bin",
                System.getProperty("os.name").startsWith("Windows") ? "java.exe" : "java");
        return java.toString();
    }
}
