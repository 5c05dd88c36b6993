package dev.speechload.core.live.internal;

/** The live view could not start; the message names {@code loadtest.live} and what to do. */
public class LiveViewException extends RuntimeException {

    public LiveViewException(String message, Throwable cause) {
        super(message, cause);
    }
}
