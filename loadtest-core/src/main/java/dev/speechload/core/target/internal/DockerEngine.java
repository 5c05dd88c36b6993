package dev.speechload.core.target.internal;

import java.time.Duration;
import java.util.Optional;

/**
 * What a container target asks of the Docker engine before Testcontainers starts anything:
 * {@link DockerPreflight} decides with it, so the decision can be tested with each failure of
 * the engine and the registry injected. Single use; the caller closes it.
 */
interface DockerEngine extends AutoCloseable {

    /** Where the engine answers, e.g. {@code unix:///var/run/docker.sock}, for messages. */
    String host();

    /** Whether {@code image} (a name with an optional tag) is on the engine. */
    boolean hasImage(String image);

    /**
     * Has the engine pull {@code image}.
     *
     * @param firstAnswer how long the registry may take to answer at all: a registry that cannot
     *                    be reached makes engines retry for minutes
     * @param whole       how long the whole pull may take once the registry answered
     * @return empty when the image was pulled; else why not, in the engine's words or saying that
     *         nothing answered within {@code firstAnswer}
     */
    Optional<String> pull(String image, Duration firstAnswer, Duration whole);

    /** The containers, running or not, that carry {@code label}: id to the label's value. */
    java.util.Map<String, String> containersLabelled(String label);

    /** Removes a container, stopping it first if it runs; quiet when it is gone already. */
    void removeContainer(String id);

    @Override
    void close();

    /** No engine answers; the message says where it was looked for and what was seen. */
    final class UnreachableException extends Exception {
        UnreachableException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** Connects to the engine; a factory so tests can inject each failure. */
    @FunctionalInterface
    interface Connector {
        DockerEngine connect() throws UnreachableException;
    }
}
