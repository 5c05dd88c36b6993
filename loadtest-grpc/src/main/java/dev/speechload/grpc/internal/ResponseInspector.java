package dev.speechload.grpc.internal;

/**
 * What the driver needs to know about a response type: which responses are interim and final,
 * what media they cover, and whether one breaks the contract. Implementations are stateless and
 * thread-safe; they run on gRPC callback threads, so must be quick. Not API.
 */
public interface ResponseInspector<Resp> {

    boolean isFinal(Resp response);

    boolean isInterim(Resp response);

    /** Media (ms from the stream's start) this response covers up to; -1 when it does not say. */
    default long coveredUntilMillis(Resp response) {
        return -1;
    }

    /** The response's sequence number (must increase within a session); -1 when it has none. */
    default long sequence(Resp response) {
        return -1;
    }

    /** Why {@code response} is malformed, or null when it is fine. */
    default String malformation(Resp response) {
        return null;
    }

    /**
     * Copies the server's decode timing into {@code micros} (buffer wait, queue wait, inference,
     * emit, total; microseconds) and returns true, or returns false when the response has none.
     */
    default boolean timing(Resp response, long[] micros) {
        return false;
    }

    /** The transcript (or text) of a final response, for logs; null when there is none. */
    default String text(Resp response) {
        return null;
    }
}
