package dev.speechload.server.tts;

/**
 * Callbacks from the TTS endpoint to the server wiring (metrics, fault injection). Every method
 * is a no-op by default. Methods are called from many HTTP and synthesis threads at once, so an
 * implementation must be thread-safe; a {@link RuntimeException} thrown by a hook is logged and
 * ignored, except from {@link #beforeChunk()} and {@link #afterChunk(long)} (see there).
 *
 * <p>Order for one request: {@link #error(String)} alone for a request refused before streaming;
 * otherwise {@link #requestAccepted()}, {@link #streamOpened()}, then for each chunk
 * {@link #beforeChunk()}, {@link #afterChunk(long)} once it is synthesized and
 * {@link #beforeEvent()} before each of its events is written (and before {@code done}),
 * {@link #error(String)} if the stream ends with an error event, and exactly one
 * {@link #streamClosed(boolean)} as the last call. {@code streamOpened} and
 * {@code streamClosed} are always balanced.
 */
public interface TtsHooks {

    /** No-op hooks. */
    TtsHooks NONE = new TtsHooks() {};

    /** Called once per request that passed validation and will be streamed. */
    default void requestAccepted() {}

    /**
     * Called before each text chunk is synthesized, on the synthesis thread, inside the chunk's
     * generation timeout: a stall fault may wait here, and a stall longer than the chunk
     * timeout makes the stream end with {@code ERR1004}. The thread is interrupted when the
     * timeout expires. A {@link RuntimeException} thrown here ends the stream with an
     * {@code ERR1006} error event (an injected synthesis failure).
     *
     * @throws InterruptedException when interrupted while waiting
     */
    default void beforeChunk() throws InterruptedException {}

    /**
     * Called when the engine has synthesized a chunk, before any of its events is written, on the
     * synthesis thread and inside the chunk's generation timeout: a latency fault may sleep here,
     * in proportion to the engine's time if it likes. As with {@link #beforeChunk()}, a sleep past
     * the timeout ends the stream with {@code ERR1004} and a {@link RuntimeException} with
     * {@code ERR1006}.
     *
     * @param synthesisNanos how long the engine took for this chunk (wall time)
     * @throws InterruptedException when interrupted while sleeping
     */
    default void afterChunk(long synthesisNanos) throws InterruptedException {}

    /**
     * Called before each event of a stream is written ({@code chunk}, {@code audio} and
     * {@code done}; not for events a resuming client already has, nor for an {@code error}
     * event), on the thread that writes the stream: a CPU-cost fault may burn CPU here.
     *
     * @throws InterruptedException when interrupted meanwhile
     */
    default void beforeEvent() throws InterruptedException {}

    /** Called when the SSE response headers have been sent. */
    default void streamOpened() {}

    /**
     * Called exactly once per opened stream, as the last call for that request.
     *
     * @param completed true if the {@code done} event was written; false after an error event,
     *     a client disconnect or an interrupt
     */
    default void streamClosed(boolean completed) {}

    /**
     * Called once per error answered to a client: before streaming (400, 405, 413, 503 ...) or as
     * an {@code error} event.
     *
     * @param code a stable code such as {@code "ERR1001"}, see the package documentation
     */
    default void error(String code) {}
}
