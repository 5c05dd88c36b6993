package dev.speechload.core.live.internal;

import dev.speechload.core.compare.PairTrial;
import dev.speechload.core.engine.TrialData;
import dev.speechload.core.result.LatencySummary;
import dev.speechload.core.result.RunResult;
import dev.speechload.core.stats.RunResults;
import dev.speechload.core.stats.internal.LatencyStats;
import java.util.Locale;
import org.HdrHistogram.Histogram;

/**
 * A finished trial of an A/B comparison as the view lists it. Its figures are worked out the
 * first time they are shown, on the view's thread (never on the run's), and the trial's data is
 * let go then. Thread-safe.
 */
final class FinishedPairTrial {

    private final PairTrial trial;
    private TrialData data;
    private Figures figures;

    /** p50 and p99 of the successful iterations' service time, successful throughput; "-" when none. */
    record Figures(String p50, String p99, String throughput) {}

    FinishedPairTrial(PairTrial trial, TrialData data) {
        this.trial = trial;
        this.data = data;
    }

    PairTrial trial() {
        return trial;
    }

    synchronized Figures figures() {
        if (figures == null) {
            Histogram serviceTime = data.latencies().get(RunResult.SERVICE_TIME);
            String throughput = String.format(
                    Locale.ROOT,
                    "%,.1f it/s",
                    RunResults.throughput(
                                    data.completedIterations(),
                                    data.failedIterations(),
                                    data.measuredNanos(),
                                    data.peakActiveChannels())
                            .throughputPerSecond());
            if (serviceTime == null || serviceTime.getTotalCount() == 0) {
                figures = new Figures(LiveSnapshot.NONE, LiveSnapshot.NONE, throughput);
            } else {
                LatencySummary s = LatencyStats.summarize(serviceTime, 0);
                figures = new Figures(LiveSnapshot.millis(s.p50Nanos()), LiveSnapshot.millis(s.p99Nanos()), throughput);
            }
            data = null;
        }
        return figures;
    }
}
