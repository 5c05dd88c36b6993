package dev.speechload.core.baseline;

import java.nio.file.Path;

/**
 * A baseline or result file could not be read or written. The message names the file, says what
 * is wrong in plain words and what to do; it is meant to be shown to a person as it is, without a
 * stack trace.
 */
public class BaselineException extends RuntimeException {

    private final transient Path file;
    private final String problem;

    /**
     * @param file    the file concerned, not null
     * @param problem what is wrong and what to do, e.g. "not valid JSON at line 3, column 5: ..."
     * @param cause   the underlying exception, or null
     */
    public BaselineException(Path file, String problem, Throwable cause) {
        super(file + ": " + problem, cause);
        this.file = file;
        this.problem = problem;
    }

    /** The file the problem is in. */
    public Path file() {
        return file;
    }

    /** What is wrong and what to do, without the file name (the message is {@code file + ": " + problem}). */
    public String problem() {
        return problem;
    }
}
