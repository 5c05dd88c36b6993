package dev.speechload.bench;

import dev.speechload.core.compare.InterleavedComparison;
import dev.speechload.core.engine.LoadPlan;
import dev.speechload.core.engine.Scenario;
import dev.speechload.core.engine.TrialData;
import dev.speechload.core.result.Comparison;
import dev.speechload.core.result.EnvironmentInfo;
import dev.speechload.core.run.PlanRun;
import dev.speechload.core.sample.ResourceProbe;
import dev.speechload.core.sample.ResourceReading;
import dev.speechload.core.target.Target;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;

/**
 * The duet experiment ("duet benchmarking", Bulej et al. 2020): both servers are loaded at the
 * same time, each by half the plan's channels, so whatever else the machine does hits both trials
 * of a pair at once. Each side's health counts both servers' CPU as the system under test (the
 * other server is part of the experiment, not foreign work). Judged like an interleaved comparison,
 * on the paired ratios. Kept in the benchmark module until it has shown it beats interleaving on
 * this machine ({@link AbConfusionBench} {@code --mode duet}). Not thread-safe.
 */
final class DuetComparison {

    private DuetComparison() {}

    /**
     * @param plan     the whole load of one trial; each side gets half its channels
     * @param scenario a fresh scenario per call: the two sides run at once and must not share one
     */
    static InterleavedComparison.Outcome run(
            LoadPlan plan,
            int pairs,
            String testName,
            EnvironmentInfo environment,
            Supplier<Scenario> scenario,
            Target a,
            Target b)
            throws Exception {
        LoadPlan half = plan.withChannels(Math.max(1, plan.channels() / 2)).withTrials(pairs);
        PlanRun ra = side(testName, half, environment, a, b);
        PlanRun rb = side(testName, half, environment, b, a);
        List<TrialData> aTrials = new ArrayList<>();
        List<TrialData> bTrials = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int i = 0; i < pairs; i++) {
                Thread.sleep(500);
                int trial = i;
                Scenario sa = scenario.get();
                Scenario sb = scenario.get();
                Future<TrialData> fa = pool.submit(() -> ra.trial(sa, trial, null));
                Future<TrialData> fb = pool.submit(() -> rb.trial(sb, trial, null));
                aTrials.add(fa.get());
                bTrials.add(fb.get());
            }
        } finally {
            pool.shutdownNow();
        }
        return InterleavedComparison.pairwise(
                Comparison.DUET,
                ra.assemble(aTrials, false),
                rb.assemble(bTrials, false),
                Collections.nCopies(pairs, "A+B"),
                0);
    }

    /** One side of the duet: its server, read with the partner's CPU added ({@link BothProbe}). */
    private static PlanRun side(
            String testName, LoadPlan half, EnvironmentInfo environment, Target own, Target partner) {
        return PlanRun.of(testName, half, "smoke")
                .withEnvironment(environment)
                .withTarget(own)
                .withRunner(runner -> runner.withResourceProbe(new BothProbe(own, partner)));
    }

    /** One server's memory, threads and fds, with the CPU time of both servers of the duet. */
    private record BothProbe(Target own, Target partner) implements ResourceProbe {

        @Override
        public ResourceReading read() throws IOException {
            ResourceReading mine = own.resourceProbe().orElseThrow().read();
            ResourceReading theirs = partner.resourceProbe().orElseThrow().read();
            long cpu = mine.cpuTimeNanos() >= 0 && theirs.cpuTimeNanos() >= 0
                    ? mine.cpuTimeNanos() + theirs.cpuTimeNanos()
                    : -1;
            return new ResourceReading(mine.memoryRssBytes(), mine.openFdCount(), mine.threadCount(), cpu);
        }

        @Override
        public String description() {
            return own.resourceProbe().orElseThrow().description() + " (CPU: both servers of the duet)";
        }
    }
}
