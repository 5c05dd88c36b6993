package dev.speechload.core.history.internal;

import dev.speechload.core.result.LatencySummary;
import dev.speechload.core.result.ResourceSummary;
import dev.speechload.core.result.RunResult;
import java.util.Map;
import java.util.TreeMap;

/** The figures of a run the history keeps one per row (names and units: {@code HistoryRun#figures}). Stateless. */
public final class RunFigures {

    private RunFigures() {}

    /** Every figure the run has; absent parts (no server readings, no latency of a name) give no figure. */
    public static Map<String, Double> of(RunResult r) {
        Map<String, Double> out = new TreeMap<>();
        r.latencies().forEach((metric, l) -> latency(out, "latency." + metric + ".", l));
        if (r.throughput() != null) {
            out.put("throughput", r.throughput().throughputPerSecond());
        }
        if (r.errors() != null) {
            out.put("errors.ratio", r.errors().errorRatio());
            out.put("errors.failed", (double) r.errors().failedIterations());
        }
        ResourceSummary server = r.server();
        if (server != null) {
            if (server.memory() != null) {
                out.put("memory.peak", (double) server.memory().peakBytes());
                out.put("memory.growth", (double) server.memory().growthBytes());
                out.put("memory.slope", server.memory().slopeBytesPerSecond());
            }
            if (server.openFds() != null) {
                out.put("fds.peak", (double) server.openFds().peak());
                out.put("fds.delta", (double) server.openFds().delta());
            }
            if (server.threads() != null) {
                out.put("threads.peak", (double) server.threads().peak());
                out.put("threads.delta", (double) server.threads().delta());
            }
        }
        out.values().removeIf(v -> v == null || !Double.isFinite(v));
        return out;
    }

    private static void latency(Map<String, Double> out, String prefix, LatencySummary l) {
        if (l == null || l.count() == 0) {
            return;
        }
        out.put(prefix + "p50", (double) l.p50Nanos());
        out.put(prefix + "p90", (double) l.p90Nanos());
        out.put(prefix + "p95", (double) l.p95Nanos());
        out.put(prefix + "p99", (double) l.p99Nanos());
        out.put(prefix + "p999", (double) l.p999Nanos());
        out.put(prefix + "max", (double) l.maxNanos());
        out.put(prefix + "mean", l.meanNanos());
    }
}
