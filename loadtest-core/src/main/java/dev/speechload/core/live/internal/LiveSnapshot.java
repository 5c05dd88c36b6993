package dev.speechload.core.live.internal;

import dev.speechload.core.engine.TrialData;
import dev.speechload.core.result.Health;
import dev.speechload.core.result.HealthSample;
import dev.speechload.core.result.IntervalSample;
import dev.speechload.core.result.ResourceSample;
import dev.speechload.core.stats.internal.HealthClassifier;
import java.util.List;
import java.util.Locale;

/**
 * The live view's state as text, the same for the page at load time and for each pushed event
 * (its JSON form): what is running, its newest interval, the server's newest resource reading, the
 * measurement's health so far, and the finished tests. Immutable.
 *
 * @param version   grows with every change
 * @param status    "waiting" (no test running), "running", "judging" (a test's run ended, its verdict
 *                  and reports come next) or "ended" (the test run is over)
 * @param test      the running (or judged) test's name; "" when none
 * @param health    the running trial's health so far with its reason, from the newest snapshot of
 *                  it (taken every few seconds for the partial result); "-" until one exists
 * @param healthStatus HEALTHY, DEGRADED, COMPROMISED or "" when not known yet
 * @param comparison the running (or judged) test's A/B comparison: which pair and build runs, and
 *                   both sides' finished trials; null when the test is no A/B comparison
 */
public record LiveSnapshot(
        long version,
        String status,
        String test,
        String trial,
        String step,
        String channels,
        String throughput,
        String p50,
        String p99,
        String errors,
        String elapsed,
        String phase,
        String memory,
        String fds,
        String threads,
        String generatorCpu,
        String machine,
        String health,
        String healthStatus,
        List<FinishedTest> finished,
        ComparisonView comparison) {

    static final String NONE = "-";

    public LiveSnapshot {
        finished = List.copyOf(finished);
    }

    /**
     * Renders {@code tick} (null when no test runs) and the finished tests.
     *
     * @param judging the test being judged when none runs; null when none is
     */
    static LiveSnapshot of(long version, Tick tick, String judging, List<FinishedTest> finished, boolean ended) {
        return of(version, tick, judging, finished, ended, null);
    }

    /**
     * As above, with the finished trials of the running (or judged) test's A/B comparison; null
     * when it is none.
     */
    static LiveSnapshot of(
            long version,
            Tick tick,
            String judging,
            List<FinishedTest> finished,
            boolean ended,
            PairTrials pairTrials) {
        String status = ended ? "ended" : tick != null ? "running" : judging != null ? "judging" : "waiting";
        String test = tick != null ? tick.testName() : judging;
        ComparisonView comparison = test == null || ended
                ? null
                : ComparisonView.of(
                        tick == null ? null : tick.pairTrial(),
                        pairTrials != null && pairTrials.testName().equals(test) ? pairTrials : null);
        if (tick == null) {
            return new LiveSnapshot(
                    version,
                    status,
                    judging == null ? "" : judging,
                    NONE,
                    NONE,
                    NONE,
                    NONE,
                    NONE,
                    NONE,
                    NONE,
                    NONE,
                    NONE,
                    NONE,
                    NONE,
                    NONE,
                    NONE,
                    NONE,
                    NONE,
                    "",
                    finished,
                    comparison);
        }
        IntervalSample s = tick.sample();
        String trial = (tick.trial() + 1) + "/" + tick.trials();
        if (s == null) {
            return new LiveSnapshot(
                    version,
                    status,
                    tick.testName(),
                    trial,
                    NONE,
                    NONE,
                    NONE,
                    NONE,
                    NONE,
                    NONE,
                    NONE,
                    "starting",
                    NONE,
                    NONE,
                    NONE,
                    NONE,
                    NONE,
                    NONE,
                    "",
                    finished,
                    comparison);
        }
        boolean any = s.completed() > s.errors();
        String elapsed = seconds(tick.elapsedMillis())
                + (tick.plannedMillis() > 0 ? " of " + seconds(tick.plannedMillis()) : "");
        ResourceSample r = tick.server() != null ? tick.server() : lastResource(tick.latest());
        HealthSample h = tick.health() != null ? tick.health() : lastHealth(tick.latest());
        String health = NONE;
        String healthStatus = "";
        if (tick.latest() != null && !tick.latest().healthSeries().isEmpty()) {
            Health judged =
                    HealthClassifier.trial(tick.latest(), Runtime.getRuntime().availableProcessors());
            health = judged.reason() == null ? judged.status().name() : judged.reason();
            healthStatus = judged.status().name();
        }
        return new LiveSnapshot(
                version,
                status,
                tick.testName(),
                trial,
                s.rampStep() + "/" + tick.rampSteps(),
                s.activeChannels() + " of " + tick.channels(),
                String.format(Locale.ROOT, "%,.1f it/s", s.throughputPerSecond()),
                any ? millis(s.p50Nanos()) : NONE,
                any ? millis(s.p99Nanos()) : NONE,
                String.format(Locale.ROOT, "%,d of %,d", s.errors(), s.completed()),
                elapsed,
                s.warmup() ? "warm-up" : "measuring",
                r == null ? NONE : bytes(r.memoryRssBytes()),
                r == null || r.openFdCount() < 0 ? NONE : Long.toString(r.openFdCount()),
                r == null || r.threadCount() < 0 ? NONE : Long.toString(r.threadCount()),
                h == null ? NONE : share(h.generatorCpuShare()),
                h == null
                        ? NONE
                        : "other CPU " + share(h.otherCpuShare()) + ", steal " + share(h.stealShare())
                                + ", CPU pressure " + share(h.cpuPressureShare()),
                health,
                healthStatus,
                finished,
                comparison);
    }

    private static ResourceSample lastResource(TrialData t) {
        return t == null || t.serverSeries().isEmpty()
                ? null
                : t.serverSeries().get(t.serverSeries().size() - 1);
    }

    private static HealthSample lastHealth(TrialData t) {
        return t == null || t.healthSeries().isEmpty()
                ? null
                : t.healthSeries().get(t.healthSeries().size() - 1);
    }

    static String millis(long nanos) {
        double ms = nanos / 1e6;
        return String.format(Locale.ROOT, ms < 10 ? "%.2f ms" : "%.1f ms", ms);
    }

    static String seconds(long millis) {
        return (millis + 500) / 1000 + " s";
    }

    static String bytes(long bytes) {
        return bytes < 0 ? NONE : String.format(Locale.ROOT, "%.1f MB", bytes / 1e6);
    }

    static String share(double share) {
        return share < 0 ? NONE : String.format(Locale.ROOT, "%.0f %%", share * 100);
    }
}
