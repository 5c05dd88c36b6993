package dev.speechload.core.engine.internal;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.nio.channels.ClosedByInterruptException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

/**
 * Turns an exception thrown by an iteration into a stable error code, used unless the scenario
 * called {@link dev.speechload.core.engine.Iteration#fail(String)}: {@link #TIMEOUT}, {@link #INTERRUPTED}, {@link #IO},
 * else the exception's simple class name (wrappers such as {@code ExecutionException} are
 * unwrapped first). Stateless and thread-safe.
 */
public final class ErrorCodes {

    /** A timeout: {@link TimeoutException}, {@link SocketTimeoutException} or a class named *Timeout*Exception. */
    public static final String TIMEOUT = "TIMEOUT";
    /** The iteration's thread was interrupted before the run's deadline. */
    public static final String INTERRUPTED = "INTERRUPTED";
    /** Any other {@link IOException}. */
    public static final String IO = "IO";

    private ErrorCodes() {}

    /** The code for {@code failure}; never null. */
    public static String of(Throwable failure) {
        Throwable t = failure;
        while ((t instanceof ExecutionException
                        || t instanceof CompletionException
                        || t.getClass() == RuntimeException.class)
                && t.getCause() != null
                && t.getCause() != t) {
            t = t.getCause();
        }
        if (t instanceof TimeoutException
                || t instanceof SocketTimeoutException
                || t.getClass().getSimpleName().contains("Timeout")) {
            return TIMEOUT;
        }
        if (t instanceof InterruptedException
                || t instanceof ClosedByInterruptException
                || t instanceof InterruptedIOException) {
            return INTERRUPTED;
        }
        if (t instanceof IOException) {
            return IO;
        }
        String name = t.getClass().getSimpleName();
        return name.isEmpty() ? t.getClass().getName() : name;
    }
}
