package dev.speechload.core.target.internal;

import dev.speechload.core.io.internal.LocalHost;
import dev.speechload.core.target.TargetException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.utility.DockerImageName;
import org.testcontainers.utility.ImageNameSubstitutor;

/**
 * Makes sure every image a container target's start needs is on the engine before Testcontainers
 * is asked to start anything, and fails at once with the true reason when one is missing and
 * cannot be pulled. Without it, an engine that answers while no registry does made Testcontainers
 * retry pulls of its Ryuk image for minutes (436 s with the default settings), after which the
 * target was skipped as "Docker is not available": neither fast nor true.
 *
 * <p>An image on the engine is used as it is. A missing one is pulled by the engine, but only
 * while its registry answers: no first answer within {@link #FIRST_ANSWER} (or an error at once,
 * as where no name server knows the registry) fails the start, naming the image, who needs it,
 * the engine's words and what to do. Not thread-safe; single use, like the target.
 */
final class DockerPreflight {

    private static final Logger LOG = LoggerFactory.getLogger(DockerPreflight.class);

    /** How long a registry may take to answer at all. */
    static final Duration FIRST_ANSWER = Duration.ofSeconds(20);
    /** How long a pull may take once its registry answered (a JRE base on a slow line). */
    static final Duration WHOLE_PULL = Duration.ofMinutes(10);
    /**
     * The image of Testcontainers' Ryuk, as Testcontainers 2.0.5 starts it ({@code RyukContainer},
     * not API); a test checks that the Testcontainers on the classpath still asks for this one.
     */
    static final String RYUK_IMAGE = "testcontainers/ryuk:0.14.0";
    /** Set to {@code true}, Testcontainers starts no Ryuk (it reads the environment only). */
    static final String RYUK_DISABLED_ENV = "TESTCONTAINERS_RYUK_DISABLED";

    private final DockerEngine engine;
    private final String target;

    /** @param target the target as messages name it, e.g. {@code container target x:local} */
    DockerPreflight(DockerEngine engine, String target) {
        this.engine = engine;
        this.target = target;
    }

    DockerEngine engine() {
        return engine;
    }

    /** The target as messages name it. */
    String target() {
        return target;
    }

    /**
     * Requires Testcontainers' Ryuk image, which it starts before any container, unless
     * {@value #RYUK_DISABLED_ENV} is {@code true} in {@code environment}.
     */
    void requireReaper(Map<String, String> environment) {
        if (Boolean.parseBoolean(environment.getOrDefault(RYUK_DISABLED_ENV, "").trim())) {
            return;
        }
        require(
                ryukImage(),
                "Testcontainers' reaper image (Ryuk, which it starts before any container)",
                "Where no registry can be reached, set " + RYUK_DISABLED_ENV + "=true with the other"
                        + " variables such an engine needs (source tools/docker-env.sh; see docs/targets.md), or"
                        + " load the image into the engine with docker load");
    }

    /**
     * Requires {@code image}: present, or pulled now.
     *
     * @param what   who needs it, e.g. "the base image of Dockerfile.loadtest"
     * @param remedy what to do when it cannot be had, a sentence
     * @throws TargetException naming the image, the engine, its reason and the remedy
     */
    void require(String image, String what, String remedy) {
        if (engine.hasImage(image)) {
            return;
        }
        Optional<String> failure = engine.pull(image, FIRST_ANSWER, WHOLE_PULL);
        if (failure.isPresent()) {
            throw new TargetException(target + ": " + what + " " + image + " is not on the Docker engine ("
                    + engine.host() + "), and the engine could not pull it: " + failure.get() + ". " + remedy);
        }
    }

    /**
     * Removes containers that a JVM on this host started and left behind when it died without
     * stopping them ({@code kill -9} with Ryuk off: Testcontainers' own hook then never runs).
     * Containers of live JVMs and of other hosts are left alone. Never fails the start: this is a
     * courtesy, and an engine that cannot list containers will say so again in a moment.
     */
    void removeContainersOfDeadJvms() {
        String here = LocalHost.name();
        try {
            engine.containersLabelled(ContainerOwner.LABEL)
                    .forEach((id, label) -> ContainerOwner.parse(label)
                            .filter(owner -> owner.diedOn(here))
                            .ifPresent(owner -> {
                                engine.removeContainer(id);
                                LOG.warn(
                                        "removed container {} left by a JVM that died without stopping it (pid {} on {})",
                                        id.substring(0, Math.min(12, id.length())),
                                        owner.pid(),
                                        owner.host());
                            }));
        } catch (RuntimeException e) {
            LOG.warn("could not look for containers left by JVMs that died: {}", e.toString());
        }
    }

    /** Ryuk's image after Testcontainers' own substitutions (ryuk.container.image, hub.image.name.prefix). */
    private static String ryukImage() {
        try {
            return ImageNameSubstitutor.instance()
                    .apply(DockerImageName.parse(RYUK_IMAGE))
                    .asCanonicalNameString();
        } catch (RuntimeException e) {
            return RYUK_IMAGE;
        }
    }
}
