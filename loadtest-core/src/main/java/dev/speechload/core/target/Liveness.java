package dev.speechload.core.target;

import java.time.Duration;
import java.util.Optional;

/**
 * Tells whether a started target still serves, for the engine's watch thread while a run goes on
 * ({@link Target#liveness()}). A run whose target dies ends there: see {@code LoadRunner}.
 *
 * <p>Thread-safe: {@link #check()} is called from the watch thread while the test thread runs
 * the load. A check that throws is logged and counts as no news.
 */
public interface Liveness {

    /** The default time between checks of a local process or container. */
    Duration DEFAULT_INTERVAL = Duration.ofMillis(100);

    /**
     * Checks once.
     *
     * @return empty while the target lives; once it died, how. A target stopped on purpose (a
     *         test that sent SIGTERM through {@code ProcessTarget.signalTerm()}, or closed it) is not
     *         reported as dead: that stop is the test's own doing. Blocks at most about one network
     *         round trip (external targets try a connection)
     */
    Optional<TargetDeath> check();

    /**
     * True once the test stopped the target itself (signalled or closed it): reads of its
     * resources that fail from then on are expected, not a probe's failure. False by default.
     */
    default boolean stoppedOnPurpose() {
        return false;
    }

    /** How long the watch waits between checks; positive. */
    default Duration interval() {
        return DEFAULT_INTERVAL;
    }

    /** Never reports a death: for runs without a target (scenarios running in the test JVM). */
    static Liveness none() {
        return Optional::empty;
    }
}
