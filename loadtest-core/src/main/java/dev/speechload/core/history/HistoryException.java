package dev.speechload.core.history;

/** The history store could not be opened, read or written; the message names the store and the cause. */
public class HistoryException extends RuntimeException {

    public HistoryException(String message, Throwable cause) {
        super(message, cause);
    }
}
