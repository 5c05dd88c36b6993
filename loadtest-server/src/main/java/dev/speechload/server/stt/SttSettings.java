package dev.speechload.server.stt;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Settings of the STT service. Checked when built; all bad components are reported together.
 *
 * @param decodePoolSize decode worker threads, 1..1024
 * @param maxBufferBytes global cap on buffered audio bytes, enforced with inbound flow control
 *     (see {@link AudioBudget}), &gt;= 1
 * @param maxPendingDecodes global cap on queued or running decodes; at it interim decodes are
 *     dropped and finals wait for a slot (never dropped), &gt;= 1
 * @param maxSessions concurrent sessions; more are refused with ERR2002, &gt;= 1
 * @param rateLimitFactor allowed audio seconds per wall second per stream; 0 = no limit
 * @param rateLimitWindow burst window of the rate limit, positive
 * @param sessionTimeout a session that sends nothing this long after the server asked it for a
 *     message ends with ERR2004 (a stream parked by the buffer cap never does), positive
 * @param engineRealTimeFactor CPU seconds the synthetic engine burns per audio second, 0..100
 * @param partialIntervalMs audio between interim decodes, in ms, &gt;= 10
 */
public record SttSettings(
        int decodePoolSize,
        long maxBufferBytes,
        int maxPendingDecodes,
        int maxSessions,
        double rateLimitFactor,
        Duration rateLimitWindow,
        Duration sessionTimeout,
        double engineRealTimeFactor,
        int partialIntervalMs) {

    /** Checks every component. */
    public SttSettings {
        List<String> problems = new ArrayList<>();
        if (decodePoolSize < 1 || decodePoolSize > 1024) {
            problems.add("'--decode-pool-size' must be between 1 and 1024, was " + decodePoolSize);
        }
        if (maxBufferBytes < 1) {
            problems.add("'--max-buffer-bytes' must be >= 1, was " + maxBufferBytes);
        }
        if (maxPendingDecodes < 1) {
            problems.add("'--max-pending-decodes' must be >= 1, was " + maxPendingDecodes);
        }
        if (maxSessions < 1) {
            problems.add("'--max-sessions' must be >= 1, was " + maxSessions);
        }
        if (!(rateLimitFactor >= 0) || Double.isInfinite(rateLimitFactor)) {
            problems.add("'--rate-limit-factor' must be >= 0 (0 = off), was " + rateLimitFactor);
        }
        if (rateLimitWindow == null || rateLimitWindow.isNegative() || rateLimitWindow.isZero()) {
            problems.add("'--rate-limit-window' must be positive, was " + rateLimitWindow);
        }
        if (sessionTimeout == null || sessionTimeout.isNegative() || sessionTimeout.isZero()) {
            problems.add("'--session-timeout' must be positive, was " + sessionTimeout);
        }
        if (!(engineRealTimeFactor >= 0 && engineRealTimeFactor <= 100)) {
            problems.add("'--engine-rtf' must be between 0 and 100, was " + engineRealTimeFactor);
        }
        if (partialIntervalMs < 10) {
            problems.add("'--partial-interval-ms' must be >= 10, was " + partialIntervalMs);
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
    }
}
