package dev.speechload.core.target.internal;

import dev.speechload.core.target.TargetException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.testcontainers.images.builder.ImageFromDockerfile;

/**
 * Where a container target's image comes from: an image already on the engine, or one built from
 * a Dockerfile. Never pulls the image itself: a missing one fails at once with what to build. A
 * Dockerfile's base images are pulled only through {@link DockerPreflight}, which gives up at
 * once when no registry answers (an engine that cannot reach one retries pulls for minutes).
 * Immutable.
 */
public abstract class ContainerImage {

    /** Build argument naming the base image in Dockerfile.loadtest. */
    public static final String BASE_IMAGE_ARG = "BASE_IMAGE";
    /** Environment variable giving a locally built base image (CI here, where nothing can be pulled). */
    public static final String BASE_IMAGE_ENV = "SPEECHLOAD_DOCKER_BASE_IMAGE";

    private ContainerImage() {}

    /** An image that must already be on the engine. */
    public static ContainerImage local(String imageName) {
        return new Local(imageName);
    }

    /**
     * An image built from {@code dockerfile}, its folder as the build context (a .dockerignore
     * there keeps the context small). {@code BASE_IMAGE} comes from {@value #BASE_IMAGE_ENV}
     * when set; the files in {@code requiredFiles} must exist first ({@code hint} says how).
     */
    public static ContainerImage dockerfile(Path dockerfile, String imageName, List<Path> requiredFiles, String hint) {
        return new Built(dockerfile, imageName, requiredFiles, hint);
    }

    /**
     * Makes sure the image is on the engine; returns its name.
     *
     * @param environment the environment variables to read ({@value #BASE_IMAGE_ENV})
     */
    abstract String prepare(DockerPreflight preflight, Map<String, String> environment);

    abstract String describe();

    /** A short name for log files. */
    abstract String imageName();

    private static final class Local extends ContainerImage {
        private final String name;

        Local(String name) {
            Objects.requireNonNull(name, "imageName");
            if (name.isBlank()) {
                throw new IllegalArgumentException("image name must not be blank");
            }
            this.name = name;
        }

        @Override
        String prepare(DockerPreflight preflight, Map<String, String> environment) {
            if (!preflight.engine().hasImage(name)) {
                throw new TargetException(preflight.target() + ": image " + name + " is not on the Docker engine ("
                        + preflight.engine().host() + "), and "
                        + "speechload never pulls images. Build or load it first (for the reference server: "
                        + "docker build -f Dockerfile.loadtest -t " + name + " .), or use "
                        + "Targets.containerFromDockerfile()");
            }
            return name;
        }

        @Override
        String describe() {
            return name;
        }

        @Override
        String imageName() {
            return name;
        }
    }

    private static final class Built extends ContainerImage {
        private final Path dockerfile;
        private final String name;
        private final List<Path> requiredFiles;
        private final String hint;

        Built(Path dockerfile, String name, List<Path> requiredFiles, String hint) {
            this.dockerfile = dockerfile.toAbsolutePath().normalize();
            this.name = Objects.requireNonNull(name, "imageName");
            this.requiredFiles = List.copyOf(requiredFiles);
            this.hint = hint;
        }

        @Override
        String prepare(DockerPreflight preflight, Map<String, String> environment) {
            if (!Files.isRegularFile(dockerfile)) {
                throw new TargetException("container target: Dockerfile " + dockerfile + " does not exist");
            }
            for (Path required : requiredFiles) {
                if (!Files.isRegularFile(required)) {
                    throw new TargetException("container target: " + required + " is needed to build image " + name
                            + " from " + dockerfile.getFileName() + " but does not exist; " + hint);
                }
            }
            Map<String, String> buildArgs = new LinkedHashMap<>();
            String base = environment.get(BASE_IMAGE_ENV);
            if (base != null && !base.isBlank()) {
                if (!preflight.engine().hasImage(base)) {
                    throw new TargetException("container target: base image " + base + " (from " + BASE_IMAGE_ENV
                            + ") is not on the Docker engine; build it first with tools/docker-local-base.sh");
                }
                buildArgs.put(BASE_IMAGE_ARG, base);
            }
            for (String from : bases(buildArgs)) {
                preflight.require(
                        from,
                        "the base image of " + dockerfile.getFileName(),
                        "Where no registry can be"
                                + " reached, build a local base with tools/docker-local-base.sh and set "
                                + BASE_IMAGE_ENV
                                + " to it (source tools/docker-env.sh: it does both)");
            }
            try {
                // deleteOnExit=false: the image stays for the next run, so Docker's layer cache makes
                // rebuilding it a matter of seconds, and a developer can run it by hand.
                return context(new ImageFromDockerfile(name, false))
                        .withBuildArgs(buildArgs)
                        .get();
            } catch (RuntimeException e) {
                throw new TargetException(
                        "container target: building image " + name + " from " + dockerfile
                                + (buildArgs.isEmpty() ? "" : " with " + buildArgs) + " failed: " + rootMessage(e),
                        e);
            }
        }

        private List<String> bases(Map<String, String> buildArgs) {
            try {
                return DockerfileBases.of(dockerfile, buildArgs);
            } catch (IOException e) {
                throw new TargetException("container target: cannot read " + dockerfile + ": " + e.getMessage(), e);
            }
        }

        /**
         * With required files, the build context is exactly the Dockerfile and those files, at their
         * paths relative to the Dockerfile's folder: nothing else is sent to the engine. (Adding the
         * whole folder with withFileFromPath(".", root) next to withDockerfile hung the build.)
         * Without, the Dockerfile's folder is the context, trimmed by its .dockerignore.
         */
        private ImageFromDockerfile context(ImageFromDockerfile image) {
            if (requiredFiles.isEmpty()) {
                return image.withDockerfile(dockerfile);
            }
            Path root = dockerfile.getParent();
            String dockerfileName = dockerfile.getFileName().toString();
            image.withFileFromPath(dockerfileName, dockerfile).withDockerfilePath(dockerfileName);
            for (Path required : requiredFiles) {
                Path file = required.toAbsolutePath().normalize();
                if (!file.startsWith(root)) {
                    throw new TargetException("container target: " + file + " lies outside the build context " + root
                            + " of " + dockerfileName + "; keep the files the image needs beside the Dockerfile");
                }
                // Docker build contexts use '/' whatever the host's separator.
                image.withFileFromPath(root.relativize(file).toString().replace('\\', '/'), file);
            }
            return image;
        }

        @Override
        String describe() {
            return name + " (built from " + dockerfile.getFileName() + ")";
        }

        @Override
        String imageName() {
            return name;
        }
    }

    static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t == e ? String.valueOf(e.getMessage()) : e.getMessage() + " (" + t + ")";
    }
}
