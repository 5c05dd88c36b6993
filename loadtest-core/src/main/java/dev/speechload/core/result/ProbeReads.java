package dev.speechload.core.result;

/**
 * How the reads of the server's resources went: a configured probe that fails must say so, not
 * leave a page that reads as if the target offered no way to read them.
 *
 * @param reads        reads attempted while the target lived
 * @param failures     of those, how many failed
 * @param firstFailure what the first failure said (e.g. "GET http://127.0.0.1:8000/metrics:
 *                     expected HTTP 2xx, saw HTTP 400"); null when none failed
 */
public record ProbeReads(long reads, long failures, String firstFailure) {

    public ProbeReads {
        if (reads < 0 || failures < 0 || failures > reads) {
            throw new IllegalArgumentException("need 0 <= failures <= reads, were " + failures + " and " + reads);
        }
    }

    /** True when there were reads and not one succeeded. */
    public boolean allFailed() {
        return reads > 0 && failures == reads;
    }

    /** The sum of two trials' reads; the first failure is the earlier one's. */
    public ProbeReads plus(ProbeReads other) {
        if (other == null) {
            return this;
        }
        return new ProbeReads(
                reads + other.reads,
                failures + other.failures,
                firstFailure != null ? firstFailure : other.firstFailure);
    }
}
