package dev.speechload.core.result;

import java.util.Map;

/**
 * Failed iterations over all measured iterations.
 *
 * @param errorRatio failed / completed, 0..1 (0 when nothing completed)
 * @param byCode     error code (a server's stable code such as ERR2003, an HTTP status such as
 *                   HTTP_503, or an exception kind such as TIMEOUT) to count
 */
public record ErrorSummary(long failedIterations, double errorRatio, Map<String, Long> byCode) {
    public ErrorSummary {
        if (failedIterations < 0 || errorRatio < 0 || errorRatio > 1) {
            throw new IllegalArgumentException("failedIterations must be >= 0 and errorRatio in 0..1, were "
                    + failedIterations + " and " + errorRatio);
        }
        byCode = byCode == null ? Map.of() : Map.copyOf(byCode);
    }
}
