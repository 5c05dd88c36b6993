package dev.speechload.core.report.internal;

import dev.speechload.core.baseline.MetricVerdict;
import dev.speechload.core.baseline.ResourceProbeText;
import dev.speechload.core.baseline.Verdict;
import dev.speechload.core.baseline.VerdictStatus;
import dev.speechload.core.report.BaselineReference;
import dev.speechload.core.report.MatrixResult;
import dev.speechload.core.report.TestOutcome;
import dev.speechload.core.result.CounterSummary;
import dev.speechload.core.result.EnvironmentInfo;
import dev.speechload.core.result.ErrorSummary;
import dev.speechload.core.result.GeneratorSummary;
import dev.speechload.core.result.LatencySummary;
import dev.speechload.core.result.PlanSummary;
import dev.speechload.core.result.ResourceSummary;
import dev.speechload.core.result.RunResult;
import dev.speechload.core.result.TargetInfo;
import dev.speechload.core.result.ThroughputSummary;
import dev.speechload.core.result.TrialFigures;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The Mustache scope of {@code test.html.mustache}: every text already formatted, none escaped
 * (the template escapes), except {@link ChartView#svg()}, which the chart escaped itself.
 * Immutable; built by {@link #of(TestOutcome, long)}.
 *
 * <p>An A/B outcome's page has an {@link #ab()} section, and where a page judged against a
 * baseline names the baseline, it names the reference build (A) instead: in the facts, the
 * verdict table's {@link #wording()} and the charts' {@link Counterpart}.
 *
 * @param ab            the A/B section; null unless the outcome is an A/B comparison
 * @param targetFailure the sentence of the target's death during the run ("target exited with
 *                      code 137 at 12.3 s"), shown at the top; null when it lived through it
 * @param wording       how the page names the run and what it was compared with
 */
public record TestPage(
        String testName,
        Status status,
        boolean partial,
        AbSection ab,
        String targetFailure,
        HealthView health,
        List<Fact> facts,
        List<Callout> failing,
        List<Callout> inconclusive,
        List<Callout> warnings,
        List<String> notes,
        Wording wording,
        List<ComparisonRow> comparison,
        List<LatencyRow> latencies,
        List<Fact> throughput,
        List<CounterRow> counters,
        List<Fact> errors,
        List<CodeRow> errorCodes,
        String serverSource,
        String resourceProblem,
        List<ResourceRow> resources,
        List<Fact> memory,
        List<Fact> generator,
        List<TrialRow> trials,
        List<ChartView> charts,
        List<MatrixTable> matrices,
        String generatedAt,
        ShardTable shards) {

    /** A labelled value. */
    public record Fact(String name, String value) {}

    /** A failing or warning metric at the top of the page. */
    public record Callout(String metric, String change, String reason) {}

    /**
     * The words of the page that depend on what the run was compared with: on an A/B page the
     * run is B's, and the verdict compares it with A.
     *
     * @param heading   the verdict table's heading
     * @param reference its column of what the run was compared with
     * @param current   its column of the run
     * @param notJudged shown instead of the table when nothing was judged
     * @param summary   the heading of the run's statistics
     * @param trials    the heading of the run's trials
     * @param charts    the heading of the run's charts
     */
    public record Wording(
            String heading,
            String reference,
            String current,
            String notJudged,
            String summary,
            String trials,
            String charts) {
        static final Wording BASELINE = new Wording(
                "Comparison with the baseline",
                "baseline",
                "current",
                "This run was not judged against a baseline.",
                "Summary",
                "Trials",
                "Charts");
        static final Wording AB = new Wording(
                "A/B verdict",
                "A (median)",
                "B (median)",
                "This A/B comparison was not judged.",
                "Summary of B (candidate)",
                "Trials of B (candidate)",
                "Charts of B (candidate)");
    }

    public record ComparisonRow(
            String metric,
            String baseline,
            String current,
            String delta,
            String threshold,
            Status status,
            String reason) {}

    public record LatencyRow(
            String metric,
            String count,
            String min,
            String p50,
            String p90,
            String p95,
            String p99,
            String p999,
            String max,
            String mean,
            String stdev,
            String clamped) {}

    public record CounterRow(String name, String total, String perSecond, String unit) {}

    public record CodeRow(String code, String count, String share) {}

    public record ResourceRow(String name, String before, String peak, String after, String change) {}

    public record TrialRow(
            String trial,
            String throughput,
            String p50,
            String p99,
            String errorRatio,
            String memoryGrowth,
            String memorySlope) {}

    /** A matrix as a shaded table. */
    public record MatrixTable(
            String title,
            String corner,
            String columnLabel,
            List<String> columns,
            List<MatrixRow> rows,
            String legend) {}

    public record MatrixRow(String label, List<MatrixCell> cells) {}

    /** @param style an inline CSS background we computed (never user text) */
    public record MatrixCell(String text, String style) {}

    public boolean hasComparison() {
        return !comparison.isEmpty();
    }

    public boolean hasCounters() {
        return !counters.isEmpty();
    }

    public boolean hasErrorCodes() {
        return !errorCodes.isEmpty();
    }

    /** How the reads of the server's resources failed, in words; null when none failed. */
    private static String resourceProblem(ResourceSummary server) {
        return server == null || server.reads() == null || server.reads().failures() == 0
                ? null
                : ResourceProbeText.failures(server.source(), server.reads()) + ".";
    }

    public boolean hasResources() {
        return !resources.isEmpty() || !memory.isEmpty();
    }

    public boolean hasTrials() {
        return !trials.isEmpty();
    }

    public boolean hasFailing() {
        return !failing.isEmpty();
    }

    public boolean hasInconclusive() {
        return !inconclusive.isEmpty();
    }

    public boolean hasWarnings() {
        return !warnings.isEmpty();
    }

    public boolean hasNotes() {
        return !notes.isEmpty();
    }

    public boolean hasLatencies() {
        return !latencies.isEmpty();
    }

    public boolean hasThroughput() {
        return !throughput.isEmpty();
    }

    public boolean hasErrors() {
        return !errors.isEmpty();
    }

    public boolean hasResourceRows() {
        return !resources.isEmpty();
    }

    public boolean hasMemory() {
        return !memory.isEmpty();
    }

    public boolean hasGenerator() {
        return !generator.isEmpty();
    }

    public boolean hasMatrices() {
        return !matrices.isEmpty();
    }

    /** Builds the page model; {@code generatedAtEpochMillis} is only shown. */
    public static TestPage of(TestOutcome outcome, long generatedAtEpochMillis) {
        RunResult r = outcome.result();
        Verdict verdict = outcome.verdict();
        boolean isAb = outcome.comparison() != null;
        TestCharts.Charts charts = isAb
                ? TestCharts.build(
                        r, Counterpart.referenceBuild(outcome.comparison().reference()))
                : TestCharts.build(r, outcome.baseline());
        List<String> notes = new ArrayList<>();
        if (r.partial()) {
            notes.add("This result is partial: the run was still going or was stopped before it ended.");
        }
        if (outcome.baselineProblem() != null) {
            notes.add(
                    "Not judged: the baseline file " + outcome.baselineProblem().sentence());
        }
        if (verdict != null) {
            notes.addAll(verdict.notes());
            // An A/B verdict compares with A, never with a baseline, so a missing baseline is no news.
            if (!verdict.baselineFound() && !isAb) {
                notes.add("No baseline was found for this test; only hard limits were judged.");
            }
        }
        r.latencies().forEach((name, l) -> {
            if (l.clampedCount() > 0) {
                notes.add(l.clampedCount() + " values of " + name + " exceeded the histogram's range and were"
                        + " recorded as its highest value, so its maximum is a lower bound.");
            }
        });
        notes.addAll(charts.problems());
        return new TestPage(
                r.testName(),
                Status.of(outcome),
                r.partial(),
                isAb ? AbSection.of(outcome, charts.overlays()) : null,
                r.targetFailure() == null ? null : r.targetFailure().message(),
                HealthView.of(r.health()),
                isAb ? abFacts(r, outcome.comparison().reference()) : facts(r, outcome),
                callouts(verdict, VerdictStatus.FAIL),
                callouts(verdict, VerdictStatus.INCONCLUSIVE),
                callouts(verdict, VerdictStatus.WARN),
                notes,
                isAb ? Wording.AB : Wording.BASELINE,
                comparison(verdict),
                latencies(r),
                throughput(r.throughput(), r.errors()),
                counters(r.counters()),
                errors(r.errors()),
                errorCodes(r.errors()),
                r.server() == null || r.server().source() == null
                        ? ""
                        : r.server().source(),
                resourceProblem(r.server()),
                resources(r.server()),
                memory(r.server()),
                generator(r.generator()),
                trials(r.trials()),
                isAb ? charts.withoutOverlays() : charts.charts(),
                outcome.matrices().stream().map(TestPage::matrix).toList(),
                Format.time(generatedAtEpochMillis),
                ShardTable.of(r));
    }

    private static List<Fact> facts(RunResult r, TestOutcome outcome) {
        List<Fact> facts = runFacts(r, "Target");
        BaselineReference baseline = outcome.baseline();
        if (outcome.baselineProblem() != null) {
            facts.add(new Fact("Baseline", outcome.baselineProblem().sentence()));
        } else if (baseline != null) {
            facts.add(new Fact(
                    "Baseline",
                    "recorded " + Format.time(baseline.timestampEpochMillis())
                            + (baseline.gitCommit() == null ? "" : " at commit " + baseline.gitCommit())));
        } else {
            facts.add(new Fact("Baseline", "none"));
        }
        return facts;
    }

    /** The facts of B's run, its target named as the candidate, and A's target where a baseline would be. */
    private static List<Fact> abFacts(RunResult b, RunResult a) {
        List<Fact> facts = runFacts(b, "Candidate (B)");
        if (a.target() != null) {
            facts.add(new Fact("Reference (A)", target(a.target())));
        }
        return facts;
    }

    /** When, where and how the run ran, with its target under {@code targetName}. */
    private static List<Fact> runFacts(RunResult r, String targetName) {
        List<Fact> facts = new ArrayList<>();
        String when = Format.time(r.startedAtEpochMillis());
        if (r.finishedAtEpochMillis() > 0) {
            when += " (" + Format.duration(r.finishedAtEpochMillis() - r.startedAtEpochMillis()) + ")";
        }
        facts.add(new Fact("Started", when));
        EnvironmentInfo env = r.environment();
        facts.add(new Fact("Commit", env == null || env.gitCommit() == null ? Format.NONE : env.gitCommit()));
        if (env != null) {
            facts.add(new Fact(
                    "Environment",
                    join(
                            " \u00b7 ",
                            "Java " + orNone(env.javaVersion())
                                    + (env.javaVendor() == null ? "" : " (" + env.javaVendor() + ")"),
                            orNone(env.osName()) + " " + orNone(env.osVersion()) + " " + orNone(env.osArch()),
                            env.availableProcessors() + " CPUs",
                            "max heap " + Format.mib(env.maxHeapBytes()) + " MiB",
                            env.hostName() == null ? null : "host " + env.hostName())));
        }
        facts.add(new Fact("Plan", plan(r.plan())));
        if (r.target() != null) {
            facts.add(new Fact(targetName, target(r.target())));
        }
        return facts;
    }

    /** "process: java -jar server.jar (pid 4242) · grpc 127.0.0.1:50051". */
    private static String target(TargetInfo target) {
        StringBuilder text = new StringBuilder(orNone(target.kind()));
        if (target.description() != null) {
            text.append(": ").append(target.description());
        }
        if (target.pid() >= 0) {
            text.append(" (pid ").append(target.pid()).append(')');
        }
        target.endpoints().entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .forEach(e ->
                        text.append(" \u00b7 ").append(e.getKey()).append(' ').append(e.getValue()));
        return text.toString();
    }

    static String plan(PlanSummary p) {
        List<String> parts = new ArrayList<>();
        if ("open".equalsIgnoreCase(p.workloadModel())) {
            parts.add("open model, " + Format.number(p.arrivalsPerSecond()) + " arrivals/s, at most " + p.channels()
                    + " at once");
        } else {
            parts.add(orNone(p.workloadModel()) + " model, " + p.channels() + " channels");
        }
        if (p.rampSteps() > 1) {
            parts.add("ramp in " + p.rampSteps() + " steps every " + Format.duration(p.rampIntervalMillis()));
        }
        if (p.warmupMillis() > 0) {
            parts.add("warm-up " + Format.duration(p.warmupMillis()));
        }
        if (p.warmupIterations() > 0) {
            parts.add("warm-up " + p.warmupIterations() + " iterations per channel");
        }
        if (p.durationMillis() > 0) {
            parts.add(Format.duration(p.durationMillis()) + " measured");
        }
        if (p.iterations() > 0) {
            parts.add(p.iterations() + " iterations per channel");
        }
        if (p.expectedIntervalNanos() > 0) {
            parts.add("expected interval " + Format.millis(p.expectedIntervalNanos()) + " ms");
        }
        if (p.trials() > 1) {
            parts.add(p.trials() + " trials");
        }
        if (p.scaleNote() != null) {
            parts.add(p.scaleNote());
        } else if (p.scale() != null) {
            parts.add("scale " + p.scale());
        }
        if (p.sampleIntervalMillis() > 0) {
            parts.add("sampled every " + Format.duration(p.sampleIntervalMillis()));
        }
        return String.join(", ", parts);
    }

    private static List<Callout> callouts(Verdict verdict, VerdictStatus status) {
        if (verdict == null) {
            return List.of();
        }
        return verdict.metricsWithStatus(status).stream()
                .map(m -> new Callout(m.metric(), change(m), m.reason() == null ? "" : m.reason()))
                .toList();
    }

    private static String change(MetricVerdict m) {
        String current = Format.metricValue(m.currentValue(), m.unit());
        if (m.baselineValue() == null) {
            return current;
        }
        return Format.metricValue(m.baselineValue(), m.unit()) + " \u2192 " + current
                + (m.deltaPercent() == null ? "" : " (" + Format.deltaPercent(m.deltaPercent()) + ")");
    }

    private static List<ComparisonRow> comparison(Verdict verdict) {
        if (verdict == null) {
            return List.of();
        }
        return verdict.metrics().stream()
                .map(m -> new ComparisonRow(
                        m.metric(),
                        Format.metricValue(m.baselineValue(), m.unit()),
                        Format.metricValue(m.currentValue(), m.unit()),
                        Format.deltaPercent(m.deltaPercent()),
                        m.threshold() == null ? "" : m.threshold(),
                        Status.of(m.status()),
                        m.reason() == null ? "" : m.reason()))
                .toList();
    }

    private static List<LatencyRow> latencies(RunResult r) {
        List<String> names = new ArrayList<>(r.latencies().keySet());
        names.sort(Comparator.comparingInt(
                        (String n) -> n.equals(RunResult.SERVICE_TIME) ? 0 : n.equals(RunResult.RESPONSE_TIME) ? 1 : 2)
                .thenComparing(Comparator.naturalOrder()));
        List<LatencyRow> rows = new ArrayList<>();
        for (String name : names) {
            LatencySummary l = r.latencies().get(name);
            if (l.count() == 0) {
                rows.add(new LatencyRow(
                        name,
                        "0",
                        Format.NONE,
                        Format.NONE,
                        Format.NONE,
                        Format.NONE,
                        Format.NONE,
                        Format.NONE,
                        Format.NONE,
                        Format.NONE,
                        Format.NONE,
                        "0"));
                continue;
            }
            rows.add(new LatencyRow(
                    name,
                    Long.toString(l.count()),
                    Format.millis(l.minNanos()),
                    Format.millis(l.p50Nanos()),
                    Format.millis(l.p90Nanos()),
                    Format.millis(l.p95Nanos()),
                    Format.millis(l.p99Nanos()),
                    Format.millis(l.p999Nanos()),
                    Format.millis(l.maxNanos()),
                    Format.millis(l.meanNanos()),
                    Format.millis(l.stdevNanos()),
                    Long.toString(l.clampedCount())));
        }
        return rows;
    }

    /** Throughput counts the successful iterations: a server failing fast is not faster. */
    private static List<Fact> throughput(ThroughputSummary t, ErrorSummary e) {
        if (t == null) {
            return List.of();
        }
        long failed = e == null ? 0 : e.failedIterations();
        return List.of(
                new Fact("Completed iterations", Long.toString(t.completedIterations())),
                new Fact("Successful iterations", Long.toString(Math.max(0, t.completedIterations() - failed))),
                new Fact("Measured time", Format.duration(t.measuredMillis())),
                new Fact("Throughput (successful)", Format.number(t.throughputPerSecond()) + " /s"),
                new Fact("Per channel", Format.number(t.perChannelPerSecond()) + " /s"),
                new Fact("Peak active channels", Integer.toString(t.peakActiveChannels())));
    }

    private static List<CounterRow> counters(Map<String, CounterSummary> counters) {
        return counters.entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .map(e -> new CounterRow(
                        e.getKey(),
                        Long.toString(e.getValue().total()),
                        Format.number(e.getValue().perSecond()),
                        e.getValue().unit() == null ? "" : e.getValue().unit()))
                .toList();
    }

    private static List<Fact> errors(ErrorSummary e) {
        if (e == null) {
            return List.of();
        }
        return List.of(
                new Fact("Failed iterations", Long.toString(e.failedIterations())),
                new Fact("Error ratio", Format.percentOfRatio(e.errorRatio())));
    }

    private static List<CodeRow> errorCodes(ErrorSummary e) {
        if (e == null || e.byCode().isEmpty()) {
            return List.of();
        }
        long total = e.byCode().values().stream().mapToLong(Long::longValue).sum();
        return e.byCode().entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .map(c -> new CodeRow(
                        c.getKey(),
                        Long.toString(c.getValue()),
                        total == 0 ? Format.NONE : Format.number(c.getValue() * 100.0 / total) + " %"))
                .toList();
    }

    private static List<ResourceRow> resources(ResourceSummary s) {
        List<ResourceRow> rows = new ArrayList<>();
        if (s == null) {
            return rows;
        }
        ResourceSummary.MemoryFigures m = s.memory();
        if (m != null) {
            rows.add(new ResourceRow(
                    "RSS (MiB)",
                    Format.mib(m.beforeBytes()),
                    Format.mib(m.peakBytes()),
                    Format.mib(m.afterBytes()),
                    Format.mibSigned(m.reclamationBytes())));
        }
        if (s.openFds() != null) {
            rows.add(count("Open file descriptors", s.openFds()));
        }
        if (s.threads() != null) {
            rows.add(count("Threads", s.threads()));
        }
        return rows;
    }

    private static ResourceRow count(String name, ResourceSummary.CountFigures c) {
        return new ResourceRow(
                name,
                Format.count(c.before()),
                Format.count(c.peak()),
                Format.count(c.after()),
                c.before() < 0 || c.after() < 0 ? Format.NONE : Format.signed(c.delta()));
    }

    private static List<Fact> memory(ResourceSummary s) {
        if (s == null || s.memory() == null) {
            return List.of();
        }
        ResourceSummary.MemoryFigures m = s.memory();
        return List.of(
                new Fact("Growth under load (peak - before)", Format.mibSigned(m.growthBytes()) + " MiB"),
                new Fact("Left after load (after - before)", Format.mibSigned(m.reclamationBytes()) + " MiB"),
                new Fact("Slope during load", Format.bytesPerSecond(m.slopeBytesPerSecond())),
                new Fact("Slope fit R\u00b2", Format.number(m.slopeRSquared())));
    }

    private static List<Fact> generator(GeneratorSummary g) {
        if (g == null) {
            return List.of();
        }
        return List.of(
                new Fact("Heap used, peak", Format.mib(g.heapUsedPeakBytes()) + " MiB"),
                new Fact("GC count", Format.count(g.gcCount())),
                new Fact("GC time", Format.count(g.gcTimeMillis()) + " ms"),
                new Fact("Threads, peak", Format.count(g.threadCountPeak())),
                new Fact(
                        "Scheduling lag p99",
                        g.schedulingLagP99Nanos() < 0
                                ? "not measured"
                                : Format.millis(g.schedulingLagP99Nanos()) + " ms"));
    }

    private static List<TrialRow> trials(List<TrialFigures> trials) {
        return trials.stream()
                .map(t -> new TrialRow(
                        Integer.toString(t.trial()),
                        Format.number(t.throughputPerSecond()),
                        ms(t.latencyP50Nanos().get(RunResult.SERVICE_TIME)),
                        ms(t.latencyP99Nanos().get(RunResult.SERVICE_TIME)),
                        Format.percentOfRatio(t.errorRatio()),
                        Format.mibSigned(t.memoryGrowthBytes()),
                        Format.bytesPerSecond(t.memorySlopeBytesPerSecond())))
                .toList();
    }

    private static String ms(Long nanos) {
        return nanos == null ? Format.NONE : Format.millis(nanos);
    }

    static MatrixTable matrix(MatrixResult m) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (List<Double> row : m.cells()) {
            for (Double v : row) {
                if (v != null && Double.isFinite(v)) {
                    min = Math.min(min, v);
                    max = Math.max(max, v);
                }
            }
        }
        List<MatrixRow> rows = new ArrayList<>();
        for (int r = 0; r < m.rows().size(); r++) {
            List<MatrixCell> cells = new ArrayList<>();
            for (Double v : m.cells().get(r)) {
                if (v == null || !Double.isFinite(v)) {
                    cells.add(new MatrixCell(Format.NONE, ""));
                    continue;
                }
                double t = max > min ? (v - min) / (max - min) : 1;
                double goodness = m.higherIsBetter() ? t : 1 - t;
                cells.add(new MatrixCell(Format.number(v), "background:" + shade(goodness)));
            }
            rows.add(new MatrixRow(Long.toString(m.rows().get(r)), cells));
        }
        String unit = m.unit().isEmpty() ? "" : " (" + m.unit() + ")";
        return new MatrixTable(
                m.title() + unit,
                m.rowLabel() + " \u2193 / " + m.columnLabel() + " \u2192",
                m.columnLabel(),
                m.columns().stream().map(String::valueOf).toList(),
                rows,
                "Darker cells are better (" + (m.higherIsBetter() ? "higher" : "lower") + " is better).");
    }

    /** A blue from pale (0, worst) to strong (1, best): one hue reads for every kind of colour vision. */
    private static String shade(double goodness) {
        double t = Math.max(0, Math.min(1, goodness));
        int r = (int) Math.round(239 + (107 - 239) * t);
        int g = (int) Math.round(246 + (174 - 246) * t);
        int b = (int) Math.round(255 + (214 - 255) * t);
        return String.format("#%02x%02x%02x", r, g, b);
    }

    private static String orNone(String text) {
        return text == null ? Format.NONE : text;
    }

    private static String join(String separator, String... parts) {
        List<String> kept = new ArrayList<>();
        for (String p : parts) {
            if (p != null && !p.isBlank()) {
                kept.add(p);
            }
        }
        return String.join(separator, kept);
    }
}
