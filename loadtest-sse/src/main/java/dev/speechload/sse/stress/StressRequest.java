package dev.speechload.sse.stress;

import java.util.Objects;

/**
 * One request of a stress run, as written to the report. Immutable.
 *
 * @param index          0-based position in the corpus
 * @param category       the corpus category, or null for texts given without one
 * @param text           the text cut to 80 code points ("..." when cut)
 * @param chars          length of the whole text in code points
 * @param words          whitespace-separated words of the whole text
 * @param status         how it ended
 * @param responseMillis request start to the end of the stream (done, error or cut), in ms
 * @param timeToFirstAudioMillis request start to the first audio event, in ms; -1 when none came
 * @param httpStatus     the response status; -1 when none arrived
 * @param errorCode      the stable error code (e.g. {@code HTTP_400_ERR1001}, {@code ERR1004},
 *                       {@code STALL}); null when ok
 * @param errorMessage   what happened; null when ok
 * @param audioMillis    audio received, in ms
 */
public record StressRequest(
        int index,
        String category,
        String text,
        int chars,
        int words,
        RequestStatus status,
        double responseMillis,
        double timeToFirstAudioMillis,
        int httpStatus,
        String errorCode,
        String errorMessage,
        double audioMillis) {

    public StressRequest {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(status, "status");
        if (index < 0 || chars < 0 || words < 0 || responseMillis < 0 || audioMillis < 0) {
            throw new IllegalArgumentException("index, chars, words, responseMillis and audioMillis must be >= 0");
        }
    }
}
