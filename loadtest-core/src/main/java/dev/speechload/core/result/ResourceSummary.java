package dev.speechload.core.result;

/**
 * The server's resources over a run: read before load, during it on every interval, and once
 * after every channel disconnected (reclamation). Any part may be null when the target offers
 * no way to read it.
 *
 * @param source where readings came from, e.g. "proc:12345" or "metrics:http://127.0.0.1:8080/metrics"
 * @param reads  how the reads went (attempts, failures, the first failure); null in results written
 *               before it was kept
 */
public record ResourceSummary(
        String source, MemoryFigures memory, CountFigures openFds, CountFigures threads, ProbeReads reads) {

    /** Figures without a record of the reads. */
    public ResourceSummary(String source, MemoryFigures memory, CountFigures openFds, CountFigures threads) {
        this(source, memory, openFds, threads, null);
    }

    /**
     * Resident memory. {@code growthBytes = peak - before}; {@code reclamationBytes = after - before}
     * (near 0 when memory is given back); the slope is a least-squares fit over the load-phase
     * samples, with its coefficient of determination.
     */
    public record MemoryFigures(
            long beforeBytes,
            long peakBytes,
            long afterBytes,
            long growthBytes,
            long reclamationBytes,
            double slopeBytesPerSecond,
            double slopeRSquared) {}

    /** A count (open file descriptors, threads): before load, peak, after load, after - before. */
    public record CountFigures(long before, long peak, long after, long delta) {}
}
