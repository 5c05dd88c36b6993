package dev.speechload.bench;

import dev.speechload.core.baseline.Baseline;
import dev.speechload.core.baseline.MetricVerdict;
import dev.speechload.core.baseline.Thresholds;
import dev.speechload.core.baseline.Verdict;
import dev.speechload.core.baseline.VerdictStatus;
import dev.speechload.core.baseline.Verdicts;
import dev.speechload.core.result.Health;
import dev.speechload.core.result.HealthStatus;
import dev.speechload.core.result.LatencySummary;
import dev.speechload.core.result.RunResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * How often the verdict is right: runs {@link ConfusionSuite} against the reference server many
 * times under each condition (clean on a quiet machine, clean beside a CPU hog on one and on two
 * cores, +25 % latency, a 10 KB/request memory leak, a 1-in-50 descriptor leak, the leaks also
 * beside a one-core hog), judges every run against a baseline recorded at the start (several clean
 * quiet runs, so it carries its own spread) with the default rules plus the suite's smoke-scale
 * leak limits, and writes the confusion table (PASS / WARN / FAIL / INCONCLUSIVE per condition)
 * as markdown. A measured report with a {@code main}: every figure comes from real runs of a real
 * server on this machine, with the machine's load written beside it.
 *
 * <p><b>How to run</b> (from the repository root, after {@code mvn -B -q -pl loadtest-bench -am
 * package -DskipTests}; about 40 minutes with the defaults):
 * <pre>
 * java -cp loadtest-bench/target/benchmarks.jar dev.speechload.bench.VerdictConfusionBench \
 *      --out loadtest-bench/target/verdict-confusion.md
 * </pre>
 * Options (defaults): {@code --runs} 40 (clean conditions), {@code --fault-runs} 10 (each fault
 * condition), {@code --latency-runs} 20, {@code --baseline-runs} 3, {@code --trials} 3,
 * {@code --trial-ms} 3000, {@code --conditions} all (or a comma list of the ids below),
 * {@code --out} {@code target/verdict-confusion.md}.
 */
public final class VerdictConfusionBench {

    private static final String PROGRAM = "VerdictConfusionBench";
    private static final long MB = 1024 * 1024;

    /**
     * The rules: the defaults, with leak limits for trials of a few seconds, as the smoke-scale
     * regression gate has ({@code GateSuite.SMOKE_RULES} says why the defaults do not fit them): a
     * slope judged over the last trial's load phase, failing 0.5 MB/s beyond the baseline's (a
     * warmed-up clean server moved by up to 0.36 MB/s over such windows), and descriptors failing
     * beyond +10 over the run.
     */
    static final Thresholds RULES = Thresholds.defaults()
            .withMemorySlopeLimit(0.5 * MB)
            .withMemorySlopeMinWindow(Duration.ofSeconds(2))
            .withFdLeakFail(10);

    /** A condition of the table. */
    enum Condition {
        CLEAN_QUIET("clean-quiet", "clean, quiet machine", 0, Kind.CLEAN),
        CLEAN_HOG1("clean-hog1", "clean, CPU hog on one core", 1, Kind.CLEAN),
        CLEAN_HOG2("clean-hog2", "clean, CPU hog on two cores", 2, Kind.CLEAN),
        LATENCY("latency", "+25 % latency (quiet)", 0, Kind.LATENCY),
        MEMORY_LEAK("memory-leak", "10 KB/request memory leak (quiet)", 0, Kind.MEMORY_LEAK),
        MEMORY_LEAK_HOG1("memory-leak-hog1", "10 KB/request memory leak, CPU hog on one core", 1, Kind.MEMORY_LEAK),
        FD_LEAK("fd-leak", "1-in-50 descriptor leak (quiet)", 0, Kind.FD_LEAK),
        FD_LEAK_HOG1("fd-leak-hog1", "1-in-50 descriptor leak, CPU hog on one core", 1, Kind.FD_LEAK);

        final String id;
        final String text;
        final int hogThreads;
        final Kind kind;

        Condition(String id, String text, int hogThreads, Kind kind) {
            this.id = id;
            this.text = text;
            this.hogThreads = hogThreads;
            this.kind = kind;
        }

        static Condition byId(String id) {
            for (Condition c : values()) {
                if (c.id.equals(id)) {
                    return c;
                }
            }
            throw new IllegalArgumentException(PROGRAM + ": unknown condition '" + id + "'");
        }
    }

    enum Kind {
        CLEAN,
        LATENCY,
        MEMORY_LEAK,
        FD_LEAK
    }

    /** One judged run. */
    record Outcome(
            Condition condition,
            int run,
            VerdictStatus overall,
            HealthStatus health,
            String healthReason,
            List<String> failed,
            List<String> inconclusive,
            double throughput,
            double finalP50Ms,
            long fdDelta,
            double slopeMbPerSecond,
            String load) {}

    private VerdictConfusionBench() {}

    /** What a measurement gives: the judged runs and the markdown table. */
    record Report(List<Outcome> outcomes, String table) {}

    public static void main(String[] args) throws Exception {
        Report report = measure(args);
        System.out.println(report.table());
    }

    /** Runs the conditions {@code args} ask for and writes the table to {@code --out}. */
    static Report measure(String[] args) throws Exception {
        Map<String, String> defaults = new LinkedHashMap<>();
        defaults.put("runs", "40");
        defaults.put("fault-runs", "10");
        defaults.put("latency-runs", "20");
        defaults.put("baseline-runs", "3");
        defaults.put("trials", "3");
        defaults.put("trial-ms", "3000");
        defaults.put("conditions", "all");
        defaults.put("out", "target/verdict-confusion.md");
        Args a = Args.parse(PROGRAM, args, defaults);
        List<Condition> conditions = new ArrayList<>();
        if (a.text("conditions").equals("all")) {
            conditions.addAll(List.of(Condition.values()));
        } else {
            for (String id : a.text("conditions").split(",")) {
                conditions.add(Condition.byId(id.trim()));
            }
        }
        Path out = Path.of(a.text("out"));
        Path logDir = Path.of(System.getProperty("java.io.tmpdir"), "speechload-bench");
        ConfusionSuite suite =
                new ConfusionSuite(a.intValue("trials", 3, 20), a.longValue("trial-ms", 500, 60_000), logDir);
        String started = Instant.now().toString();
        Baseline baseline = recordBaseline(suite, a.intValue("baseline-runs", 1, 10));
        long latencyFaultMillis = latencyFaultMillis(baseline);
        List<Outcome> outcomes = new ArrayList<>();
        for (Condition c : conditions) {
            int runs = switch (c.kind) {
                case CLEAN -> a.intValue("runs", 1, 1000);
                case LATENCY -> a.intValue("latency-runs", 1, 1000);
                default -> a.intValue("fault-runs", 1, 1000);
            };
            List<String> flags = switch (c.kind) {
                case CLEAN -> List.of();
                case LATENCY -> List.of("--fault-latency-ms", Long.toString(latencyFaultMillis));
                case MEMORY_LEAK -> List.of("--fault-leak-bytes-per-request", "10240");
                case FD_LEAK -> List.of("--fault-fd-leak-every", "50");
            };
            try (HogProcess hog = HogProcess.start(c.hogThreads, 7_200)) {
                for (int i = 1; i <= runs; i++) {
                    RunResult run = suite.run(c.id + "-" + i, flags);
                    Outcome o = outcome(c, i, run, Verdicts.judge(run, Optional.of(baseline), RULES));
                    outcomes.add(o);
                    System.out.println(line(o));
                }
            }
        }
        String table = table(outcomes, conditions, baseline, latencyFaultMillis, started, suite);
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.writeString(out, table);
        System.out.println("written to " + out.toAbsolutePath());
        return new Report(outcomes, table);
    }

    private static Baseline recordBaseline(ConfusionSuite suite, int runs) throws Exception {
        Baseline baseline = null;
        for (int i = 1; i <= runs; i++) {
            RunResult run = suite.run("baseline-" + i, List.of());
            System.out.println("baseline run " + i + ": health " + healthOf(run) + ", " + figures(run));
            baseline = baseline == null ? Baseline.from(run) : baseline.withRun(run, runs);
        }
        return baseline;
    }

    /**
     * 25 % of the baseline's final-latency p99, the figure the verdict judges (a trial here holds
     * enough sessions for a p99), at least 1 ms (the fault sleeps whole milliseconds). A sleep of 25 %
     * of the median instead moved this suite's p99 by only about +15 %, under the warn level: the
     * gate judges the tail, so a shift must reach the tail to be caught (measured, docs/baselines.md).
     */
    static long latencyFaultMillis(Baseline baseline) {
        Baseline.Latency l = baseline.latencies().get(ConfusionSuite.FINAL_LATENCY);
        double p99Millis = l == null ? 4 : l.p99Nanos() / 1e6;
        return Math.max(1, Math.round(0.25 * p99Millis));
    }

    private static Outcome outcome(Condition c, int i, RunResult run, Verdict v) {
        List<String> failed = v.metricsWithStatus(VerdictStatus.FAIL).stream()
                .map(MetricVerdict::metric)
                .toList();
        List<String> inconclusive = v.metricsWithStatus(VerdictStatus.INCONCLUSIVE).stream()
                .map(MetricVerdict::metric)
                .toList();
        Health h = run.health();
        LatencySummary fin = run.latency(ConfusionSuite.FINAL_LATENCY);
        long fds = run.server() == null || run.server().openFds() == null
                ? -1
                : run.server().openFds().delta();
        double slope = run.server() == null || run.server().memory() == null
                ? Double.NaN
                : run.server().memory().slopeBytesPerSecond() / MB;
        return new Outcome(
                c,
                i,
                v.overall(),
                h == null ? null : h.status(),
                h == null ? "" : h.reason(),
                failed,
                inconclusive,
                run.throughput() == null ? 0 : run.throughput().throughputPerSecond(),
                fin == null ? Double.NaN : fin.p50Nanos() / 1e6,
                fds,
                slope,
                Conditions.loadAverage());
    }

    private static String healthOf(RunResult run) {
        return run.health() == null ? "not measured" : run.health().reason();
    }

    private static String figures(RunResult run) {
        LatencySummary fin = run.latency(ConfusionSuite.FINAL_LATENCY);
        return String.format(
                Locale.ROOT,
                "%.0f sessions/s, final latency p50 %.2f ms p99 %.2f ms (n=%d)",
                run.throughput() == null ? 0 : run.throughput().throughputPerSecond(),
                fin == null ? Double.NaN : fin.p50Nanos() / 1e6,
                fin == null ? Double.NaN : fin.p99Nanos() / 1e6,
                fin == null ? 0 : fin.count());
    }

    private static String line(Outcome o) {
        return String.format(
                Locale.ROOT,
                "%-18s %3d %-12s health %-11s %6.0f/s final p50 %6.2f ms fds %+4d"
                        + " slope %+6.2f MB/s load %s failed %s inconclusive %s%s",
                o.condition().id,
                o.run(),
                o.overall(),
                o.health(),
                o.throughput(),
                o.finalP50Ms(),
                o.fdDelta(),
                o.slopeMbPerSecond(),
                o.load(),
                o.failed(),
                o.inconclusive(),
                o.health() == HealthStatus.HEALTHY ? "" : " (" + o.healthReason() + ")");
    }

    static String table(
            List<Outcome> outcomes,
            List<Condition> conditions,
            Baseline baseline,
            long latencyFaultMillis,
            String started,
            ConfusionSuite suite) {
        StringBuilder md = new StringBuilder();
        md.append("| condition | runs | PASS | WARN | FAIL | INCONCLUSIVE | health H / D / C | goal | met |\n");
        md.append("|---|---:|---:|---:|---:|---:|---|---|---|\n");
        for (Condition c : conditions) {
            List<Outcome> of = outcomes.stream().filter(o -> o.condition() == c).toList();
            if (of.isEmpty()) {
                continue;
            }
            Map<VerdictStatus, Integer> counts = new EnumMap<>(VerdictStatus.class);
            Map<HealthStatus, Integer> health = new EnumMap<>(HealthStatus.class);
            for (Outcome o : of) {
                counts.merge(o.overall(), 1, Integer::sum);
                if (o.health() != null) {
                    health.merge(o.health(), 1, Integer::sum);
                }
            }
            md.append("| ").append(c.text).append(" | ").append(of.size());
            for (VerdictStatus s :
                    List.of(VerdictStatus.PASS, VerdictStatus.WARN, VerdictStatus.FAIL, VerdictStatus.INCONCLUSIVE)) {
                md.append(" | ").append(counts.getOrDefault(s, 0));
            }
            md.append(" | ")
                    .append(health.getOrDefault(HealthStatus.HEALTHY, 0))
                    .append(" / ")
                    .append(health.getOrDefault(HealthStatus.DEGRADED, 0))
                    .append(" / ")
                    .append(health.getOrDefault(HealthStatus.COMPROMISED, 0));
            md.append(" | ").append(goal(c)).append(" | ").append(met(c, of)).append(" |\n");
        }
        md.append('\n');
        Baseline.Latency fin = baseline.latencies().get(ConfusionSuite.FINAL_LATENCY);
        md.append(String.format(
                Locale.ROOT,
                "Measured %s to %s on %s. Baseline: %d clean quiet run(s); final latency"
                        + " p99 %.2f ms; the latency fault sleeps %d ms (25 %% of the final-latency p99) before"
                        + " each result. Plan: %s. Rules: the"
                        + " defaults with leak limits for short trials (slope 0.5 MB/s over >= 2 s, fds fail > +10)."
                        + " H / D / C: runs whose measurement health was HEALTHY / DEGRADED / COMPROMISED.%n",
                started,
                Instant.now(),
                Conditions.machine(),
                baseline.allRuns().size(),
                fin == null ? Double.NaN : fin.p99Nanos() / 1e6,
                latencyFaultMillis,
                suite.plan(),
                ""));
        List<Outcome> misses = outcomes.stream().filter(o -> !right(o)).toList();
        if (!misses.isEmpty()) {
            md.append("\nMisses (a run judged otherwise than its condition's goal asks):\n\n");
            for (Outcome o : misses) {
                md.append("- ").append(line(o).replace("|", "/")).append('\n');
            }
        }
        return md.toString();
    }

    private static String goal(Condition c) {
        return switch (c.kind) {
            case CLEAN -> c.hogThreads == 0 ? "0 FAIL; INCONCLUSIVE <= 10 %" : "0 FAIL";
            case LATENCY -> "FAIL or WARN in >= 95 % of healthy runs";
            case MEMORY_LEAK, FD_LEAK -> "FAIL in every run";
        };
    }

    private static String met(Condition c, List<Outcome> of) {
        long fail = of.stream().filter(o -> o.overall() == VerdictStatus.FAIL).count();
        return switch (c.kind) {
            case CLEAN -> {
                long inconclusive = of.stream()
                        .filter(o -> o.overall() == VerdictStatus.INCONCLUSIVE)
                        .count();
                boolean ok = fail == 0 && (c.hogThreads > 0 || inconclusive * 10 <= of.size());
                yield ok ? "yes" : "**no**";
            }
            case LATENCY -> {
                List<Outcome> healthy = of.stream()
                        .filter(o -> o.health() == HealthStatus.HEALTHY)
                        .toList();
                long alarmed = healthy.stream()
                        .filter(o -> o.overall() == VerdictStatus.FAIL || o.overall() == VerdictStatus.WARN)
                        .count();
                yield healthy.isEmpty()
                        ? "no healthy run"
                        : (alarmed * 100 >= 95L * healthy.size() ? "yes" : "**no**") + " (" + alarmed + " of "
                                + healthy.size() + " healthy)";
            }
            case MEMORY_LEAK, FD_LEAK -> fail == of.size() ? "yes" : "**no**";
        };
    }

    private static boolean right(Outcome o) {
        return switch (o.condition().kind) {
            case CLEAN ->
                o.overall() != VerdictStatus.FAIL
                        && !(o.condition().hogThreads == 0 && o.overall() == VerdictStatus.INCONCLUSIVE);
            case LATENCY ->
                o.health() != HealthStatus.HEALTHY
                        || o.overall() == VerdictStatus.FAIL
                        || o.overall() == VerdictStatus.WARN;
            case MEMORY_LEAK, FD_LEAK -> o.overall() == VerdictStatus.FAIL;
        };
    }
}
