package dev.speechload.sse;

/**
 * Watches one stream. Every callback does nothing by default.
 *
 * <p><b>Exactly one terminal callback per stream.</b> {@link #onEnd(StreamOutcome)} is called
 * exactly once for every stream that was started, whatever ended it (its end event, a failure,
 * the maximum duration, a cut at the end of a run, or our own cancel), and no callback
 * for that stream follows it; so cleanup has one safe place. Cancelling a stream ourselves
 * (at a time bound) is reported as the reason we cancelled ({@code TIMEOUT}, {@code RUN_ENDED}),
 * never as a reset.
 *
 * <p>Callbacks of one stream never run concurrently, but may come from different threads
 * (OkHttp's dispatcher; for the terminal callback also the run's timer thread at a time bound,
 * the engine's thread that cuts the stream at the run's end, or a thread waiting for it). They
 * are called with the stream's lock held: keep them short and never block in them. An exception
 * thrown by a callback is logged and otherwise ignored. Implementations shared by many channels
 * must be thread-safe.
 */
public interface SseListener {

    /** The response headers arrived: {@code status} 100..599, {@code contentType} possibly null. */
    default void onOpen(int status, String contentType) {}

    /**
     * An event was dispatched (any event, counted or not).
     *
     * @param event           the event
     * @param sinceStartNanos request start to this event, in nanoseconds
     */
    default void onEvent(SseEvent event, long sinceStartNanos) {}

    /** A reset stream is being resumed with {@code Last-Event-ID: lastEventId}. */
    default void onReconnect(String lastEventId) {}

    /** The stream ended; exactly once per stream, nothing follows. */
    default void onEnd(StreamOutcome outcome) {}

    /** A listener that does nothing. */
    static SseListener none() {
        return NoListener.INSTANCE;
    }
}

/** The shared no-op listener. */
enum NoListener implements SseListener {
    INSTANCE
}
