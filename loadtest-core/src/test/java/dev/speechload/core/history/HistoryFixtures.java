package dev.speechload.core.history;

import dev.speechload.core.result.EnvironmentInfo;
import dev.speechload.core.result.HealthStatus;
import dev.speechload.core.result.RunResult;
import dev.speechload.core.testkit.RunResultFixture;

/** Runs for history tests: the fixture run, started at a given time from a given commit. */
public final class HistoryFixtures {

    public static final long T0 = 1_800_000_000_000L;

    private HistoryFixtures() {}

    /** Run {@code n} of a test: started n minutes after {@link #T0}, from commit {@code c<n>}. */
    public static RunResult run(String test, int n, long p99Nanos, HealthStatus health) {
        RunResultFixture f = RunResultFixture.run()
                .testName(test)
                .histogram(RunResult.SERVICE_TIME, p99Nanos / 2, p99Nanos)
                .p99(RunResult.SERVICE_TIME, p99Nanos);
        if (health != null) {
            f.health(health, health + ": fixture");
        }
        return at(f.build(), T0 + n * 60_000L, "c" + n);
    }

    public static RunResult at(RunResult r, long startedAtEpochMillis, String commit) {
        EnvironmentInfo e = r.environment();
        EnvironmentInfo env = new EnvironmentInfo(
                e.availableProcessors(),
                e.maxHeapBytes(),
                e.javaVersion(),
                e.javaVendor(),
                e.osName(),
                e.osVersion(),
                e.osArch(),
                e.hostName(),
                commit);
        long duration = r.finishedAtEpochMillis() - r.startedAtEpochMillis();
        return new RunResult(
                r.schemaVersion(),
                r.testName(),
                r.partial(),
                startedAtEpochMillis,
                startedAtEpochMillis + Math.max(0, duration),
                r.plan(),
                env,
                r.target(),
                r.latencies(),
                r.throughput(),
                r.counters(),
                r.errors(),
                r.server(),
                r.generator(),
                r.timeSeries(),
                r.serverSeries(),
                r.generatorSeries(),
                r.histograms(),
                r.trials(),
                r.health(),
                r.healthSeries(),
                r.targetFailure());
    }
}
