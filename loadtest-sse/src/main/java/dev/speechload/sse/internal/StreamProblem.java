package dev.speechload.sse.internal;

import dev.speechload.sse.SseErrorKind;
import java.io.IOException;

/**
 * A stream broke a rule the driver checks ({@link SseErrorKind#TOO_LARGE},
 * {@link SseErrorKind#MALFORMED}); thrown from the reading thread and turned into the stream's
 * outcome. No stack trace: it is a verdict on the server, not a bug here. Not API.
 */
public final class StreamProblem extends IOException {

    private static final long serialVersionUID = 1L;

    private final SseErrorKind kind;

    public StreamProblem(SseErrorKind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public SseErrorKind kind() {
        return kind;
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
        return this;
    }
}
