package dev.speechload.sse;

import java.util.Objects;

/**
 * Thrown by {@link SseScenario#run} when a stream failed, after the iteration was marked failed
 * with {@link StreamOutcome#errorCode()}; the engine keeps the first one per code and logs its
 * message. Carries the whole outcome.
 */
public final class SseStreamException extends Exception {

    private static final long serialVersionUID = 1L;

    private final transient StreamOutcome outcome;

    public SseStreamException(String target, StreamOutcome outcome) {
        super(
                Objects.requireNonNull(outcome, "outcome").errorCode() + " from " + target + ": " + outcome.message(),
                null,
                false,
                false);
        this.outcome = outcome;
    }

    /** How the stream ended. */
    public StreamOutcome outcome() {
        return outcome;
    }
}
