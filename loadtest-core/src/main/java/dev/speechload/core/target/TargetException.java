package dev.speechload.core.target;

/**
 * A target could not be started, reached or stopped. The message names the target and says
 * what to do; it is shown to users as is.
 */
public class TargetException extends RuntimeException {
    public TargetException(String message) {
        super(message);
    }

    public TargetException(String message, Throwable cause) {
        super(message, cause);
    }
}
