package dev.speechload.core.baseline;

import dev.speechload.core.result.ProbeReads;

/** How the reads of a server's resources failed, in the words the verdict and the page share. */
public final class ResourceProbeText {

    private ResourceProbeText() {}

    /**
     * E.g. {@code metrics endpoint metrics:http://127.0.0.1:8000/metrics failed 15 of 15 reads; the
     * first: GET http://127.0.0.1:8000/metrics: expected HTTP 2xx, saw HTTP 400}.
     */
    public static String failures(String source, ProbeReads reads) {
        String what = source == null
                ? "the resource probe"
                : source.startsWith("metrics:")
                        ? "metrics endpoint " + source
                        : source.startsWith("prometheus:")
                                ? "Prometheus endpoint " + source
                                : "resource probe " + source;
        return what + " failed " + reads.failures() + " of " + reads.reads() + " reads"
                + (reads.firstFailure() == null ? "" : "; the first: " + reads.firstFailure());
    }
}
