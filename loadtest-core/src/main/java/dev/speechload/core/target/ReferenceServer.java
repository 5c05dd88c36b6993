package dev.speechload.core.target;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the reference speech server ({@code loadtest-server}) and its Dockerfile are in this
 * repository. Stateless.
 */
public final class ReferenceServer {

    /** The runnable jar, relative to the repository root. */
    public static final Path JAR = Path.of("loadtest-server", "target", "speechload-server.jar");
    /** The Dockerfile of its image, relative to the repository root. */
    public static final Path DOCKERFILE = Path.of("Dockerfile.loadtest");
    /** The image name {@link Targets#containerFromDockerfile()} builds and tags. */
    public static final String IMAGE = "speechload/server-under-test:local";
    /** Command to run when the jar is missing. */
    public static final String BUILD_HINT =
            "build it with: mvn -B -pl loadtest-server package -DskipTests " + "(from the repository root)";

    private ReferenceServer() {}

    /**
     * The repository root: the {@code loadtest.root} system property (surefire sets it to the
     * multi-module root), else the first folder at or above the working directory that holds
     * {@code loadtest-server/}, else the working directory.
     */
    public static Path locateRoot() {
        String root = System.getProperty("loadtest.root");
        if (root != null && !root.isBlank()) {
            return Path.of(root).toAbsolutePath().normalize();
        }
        return locateRootFrom(Path.of("").toAbsolutePath());
    }

    /** The first folder at or above {@code start} that holds {@code loadtest-server/}, else {@code start}. */
    public static Path locateRootFrom(Path start) {
        for (Path dir = start.toAbsolutePath().normalize(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("loadtest-server"))) {
                return dir;
            }
        }
        return start.toAbsolutePath().normalize();
    }

    /**
     * The server jar under {@link #locateRoot()}.
     *
     * @throws TargetException when it is missing, saying where it was looked for and how to build it
     */
    public static Path locateJar() {
        return locateJar(locateRoot());
    }

    /** The server jar under {@code root}; fails like {@link #locateJar()}. */
    public static Path locateJar(Path root) {
        Path jar = root.resolve(JAR).toAbsolutePath().normalize();
        if (!Files.isRegularFile(jar)) {
            throw new TargetException("the reference server jar " + jar + " does not exist; " + BUILD_HINT);
        }
        return jar;
    }
}
