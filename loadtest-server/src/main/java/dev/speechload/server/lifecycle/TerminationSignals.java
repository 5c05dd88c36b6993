package dev.speechload.server.lifecycle;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs an action on SIGTERM or SIGINT instead of letting the JVM exit at once.
 *
 * <p>A shutdown hook alone would also drain, but the JVM then always exits with status 143;
 * trapping the signal lets the main thread drain and return 0, as launchers expect from a
 * clean stop. Where the signal API is missing, a shutdown hook runs the action instead.
 */
public final class TerminationSignals {

    private static final Logger LOG = LoggerFactory.getLogger(TerminationSignals.class);

    private TerminationSignals() {}

    /**
     * Installs {@code action} for SIGTERM and SIGINT (it runs on a signal thread, once per
     * signal, so it must be quick and idempotent).
     *
     * @param action starts the shutdown
     * @param awaitStopped blocks until the shutdown has finished; used only by the fallback
     *     shutdown hook, which must not let the JVM exit before the drain ends
     * @return true when the signals were trapped; false when a shutdown hook was installed
     *     instead
     */
    public static boolean onTermination(Runnable action, Runnable awaitStopped) {
        try {
            for (String name : new String[] {"TERM", "INT"}) {
                sun.misc.Signal.handle(new sun.misc.Signal(name), signal -> {
                    LOG.info("received SIG{}: shutting down", signal.getName());
                    action.run();
                });
            }
            return true;
        } catch (IllegalArgumentException | UnsupportedOperationException | LinkageError e) {
            LOG.warn("cannot trap SIGTERM ({}); draining from a shutdown hook instead", e.toString());
            Runtime.getRuntime()
                    .addShutdownHook(new Thread(
                            () -> {
                                action.run();
                                awaitStopped.run();
                            },
                            "shutdown-drain"));
            return false;
        }
    }
}
