package dev.speechload.grpc;

import java.util.Objects;

/**
 * What one session (one iteration: one stream) did, for per-session logs. Durations are in
 * milliseconds, rounded to the nearest millisecond; a {@code null} duration was not measured (no
 * response came, the session failed before the final...). Immutable.
 *
 * @param session             {@code c<channel>-i<iteration>}, unique within a run
 * @param channel             0-based channel index
 * @param iteration           0-based iteration index within the channel, warm-up included
 * @param warmup              true for warm-up sessions (excluded from statistics, still logged)
 * @param startedAt           wall-clock start, ISO-8601 UTC with milliseconds (a label only)
 * @param ok                  true when the stream ended normally with a final result
 * @param errorCode           null when ok; else the server's stable code (ERR2003), a gRPC status
 *                            name (UNAVAILABLE) or a driver kind (EARLY_CLOSE, TIMEOUT, ...)
 * @param stage               null when ok; else where the session failed: connect, config, send, final
 * @param audioMs             audio (or media) planned for the session, ms
 * @param requestsSent        requests written to the stream, the config included
 * @param responses           responses received
 * @param interims            interim results received
 * @param firstResponseMs     stream start to the first response
 * @param finalLatencyMs      last request sent to the final result
 * @param sendMs              first to last request sent
 * @param tailMs              last request sent to the end of the stream
 * @param totalMs             stream start to its end
 * @param realTimeFactor      totalMs / audioMs, 3 decimals (null without audio or when not ok)
 * @param maxSendLagMs        the largest delay of a request behind its planned send time
 * @param decodeBufferWaitMs  the final result's DecodeTiming.buffer_wait_us, in ms (STT only)
 * @param decodeQueueWaitMs   DecodeTiming.queue_wait_us, ms
 * @param decodeInferenceMs   DecodeTiming.inference_us, ms
 * @param decodeEmitMs        DecodeTiming.response_emit_us, ms
 * @param decodeTotalMs       DecodeTiming.total_us, ms
 * @param transcript          the final transcript (STT) or null
 */
public record SessionLog(
        String session,
        int channel,
        long iteration,
        boolean warmup,
        String startedAt,
        boolean ok,
        String errorCode,
        String stage,
        long audioMs,
        int requestsSent,
        int responses,
        int interims,
        Long firstResponseMs,
        Long finalLatencyMs,
        Long sendMs,
        Long tailMs,
        Long totalMs,
        Double realTimeFactor,
        Long maxSendLagMs,
        Long decodeBufferWaitMs,
        Long decodeQueueWaitMs,
        Long decodeInferenceMs,
        Long decodeEmitMs,
        Long decodeTotalMs,
        String transcript) {

    public SessionLog {
        Objects.requireNonNull(session, "session");
        Objects.requireNonNull(startedAt, "startedAt");
        if (ok && (errorCode != null || stage != null)) {
            throw new IllegalArgumentException(
                    "an ok session has no errorCode or stage, had " + errorCode + " at " + stage);
        }
        if (audioMs < 0 || requestsSent < 0 || responses < 0 || interims < 0) {
            throw new IllegalArgumentException("counts must be >= 0: audioMs " + audioMs + ", requestsSent "
                    + requestsSent + ", responses " + responses + ", interims " + interims);
        }
    }

    /** Nanoseconds to whole milliseconds (half up); -1 (not measured) becomes null. */
    public static Long millis(long nanos) {
        return nanos < 0 ? null : (nanos + 500_000) / 1_000_000;
    }

    /** Microseconds to whole milliseconds (half up); -1 (not measured) becomes null. */
    public static Long millisFromMicros(long micros) {
        return micros < 0 ? null : (micros + 500) / 1_000;
    }
}
