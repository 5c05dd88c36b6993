package dev.speechload.sse.internal;

import dev.speechload.sse.SseEvent;
import dev.speechload.sse.SseListener;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * What one stream checks and measures, shared by every stream of a scenario. Immutable (the
 * functions must be thread-safe). Not API.
 *
 * @param target              method and URL, for messages
 * @param counted             which events count (events, gaps, time to first event)
 * @param end                 which event ends the stream normally; null: end of file does
 * @param failure             which event is a server-reported failure; null: none
 * @param failureCode         the failure event's code; null or blank gives {@code SSE_ERROR}
 * @param failureMessage      the failure event's message for people; may return null
 * @param check               returns a problem with an event (MALFORMED), or null; may be null
 * @param audio               events carrying audio; null: audio is not measured
 * @param defaultSampleRateHz rate used when an audio event does not state its own, &gt; 0
 * @param increasingIds       numeric ids must increase strictly (else MALFORMED)
 * @param maxEventBytes       cap on one line plus an event's retained data, &gt;= 1
 * @param maxReconnects       reconnections with Last-Event-ID after a reset, 0 or more
 * @param listener            callbacks, never null
 * @param maxRedirects        redirects followed within the target's origin, keeping the method and
 *                            body; 0: every 3xx fails the stream as REDIRECT
 */
public record StreamSpec(
        String target,
        Predicate<SseEvent> counted,
        Predicate<SseEvent> end,
        Predicate<SseEvent> failure,
        Function<SseEvent, String> failureCode,
        Function<SseEvent, String> failureMessage,
        Function<SseEvent, String> check,
        Predicate<SseEvent> audio,
        int defaultSampleRateHz,
        boolean increasingIds,
        long maxEventBytes,
        int maxReconnects,
        SseListener listener,
        int maxRedirects) {

    public StreamSpec {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(counted, "counted");
        Objects.requireNonNull(listener, "listener");
        if (failure != null) {
            Objects.requireNonNull(failureCode, "failureCode");
            Objects.requireNonNull(failureMessage, "failureMessage");
        }
        if (defaultSampleRateHz <= 0 || maxEventBytes < 1 || maxReconnects < 0 || maxRedirects < 0) {
            throw new IllegalArgumentException("defaultSampleRateHz and maxEventBytes must be > 0, maxReconnects and"
                    + " maxRedirects >= 0; got " + defaultSampleRateHz + ", " + maxEventBytes + ", " + maxReconnects
                    + ", " + maxRedirects);
        }
    }
}
