package dev.speechload.grpc;

/**
 * An audio file speechload cannot send. The message names the file, the field that is wrong, and
 * how to convert the file; it is meant to be shown to users as is.
 */
public class AudioFormatException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public AudioFormatException(String message) {
        super(message);
    }

    public AudioFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
