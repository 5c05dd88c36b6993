package dev.speechload.core.target;

/**
 * The kind of target asked for cannot run on this machine at all (for example, no Docker engine
 * for a container target). Unlike other {@link TargetException}s this is not a failure of the
 * server under test: the JUnit extension reports the test as skipped, with this message.
 */
public class TargetUnavailableException extends TargetException {
    public TargetUnavailableException(String message) {
        super(message);
    }

    public TargetUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
