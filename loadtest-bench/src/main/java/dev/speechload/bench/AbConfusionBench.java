package dev.speechload.bench;

import dev.speechload.core.baseline.MetricVerdict;
import dev.speechload.core.baseline.PairedVerdicts;
import dev.speechload.core.baseline.Thresholds;
import dev.speechload.core.baseline.VerdictStatus;
import dev.speechload.core.compare.InterleavedComparison;
import dev.speechload.core.result.PairedFigure;
import dev.speechload.core.result.RunResult;
import dev.speechload.core.result.TrialFigures;
import dev.speechload.core.stats.internal.PairHealth;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * How often an A/B comparison is right: runs {@link ConfusionSuite#compare} against two fresh
 * reference servers many times under each condition (A = A, +10 % and +25 % latency, a throughput
 * drop of about 5 %, each quiet and beside a CPU hog on one core), judges every comparison with
 * {@link PairedVerdicts} at {@code loadtest.regressionThreshold=5} (p99 warn +5 %, fail +12.5 %;
 * throughput warn -5 %) plus the suite's leak limits, and writes the table as markdown: per
 * condition the overall verdicts, whether the fault's own metric was caught (WARN or FAIL) among
 * the comparisons whose pairs could be judged, the paired change the fault really made, and how long
 * a comparison took. Every figure comes from real runs of a real server on this machine, with the
 * machine's load written beside it.
 *
 * <p><b>How to run</b> (after {@code mvn -B -q -pl loadtest-bench -am package -DskipTests}):
 * <pre>
 * java -cp loadtest-bench/target/benchmarks.jar dev.speechload.bench.AbConfusionBench \
 *      --conditions aa-quiet,lat10-quiet --runs 40 --out loadtest-bench/target/ab-confusion.md
 * </pre>
 * Options (defaults): {@code --runs} 40 (A = A conditions), {@code --fault-runs} 20 (each fault
 * condition), {@code --pairs} 8, {@code --trial-ms} 2500, {@code --chunk-cpu-us} 150 (the
 * throughput fault), {@code --conditions} all (or a comma list of the ids below), {@code --out}
 * {@code target/ab-confusion.md}, {@code --mode} interleaved (or {@code duet}: both servers at once,
 * {@link DuetComparison}). About one minute per comparison.
 */
public final class AbConfusionBench {

    private static final String PROGRAM = "AbConfusionBench";

    /** The levels of an A/B gate: {@code loadtest.regressionThreshold=5}, with the suite's leak limits. */
    static final Thresholds RULES = VerdictConfusionBench.RULES.scaledTo(5);

    enum Kind {
        SAME,
        LATENCY_10,
        LATENCY_25,
        THROUGHPUT_5
    }

    /** A condition of the table. */
    enum Condition {
        AA_QUIET("aa-quiet", "A = A, quiet machine", 0, Kind.SAME),
        AA_HOG1("aa-hog1", "A = A, CPU hog on one core", 1, Kind.SAME),
        LAT10_QUIET("lat10-quiet", "+10 % latency, quiet", 0, Kind.LATENCY_10),
        LAT10_HOG1("lat10-hog1", "+10 % latency, CPU hog on one core", 1, Kind.LATENCY_10),
        LAT25_QUIET("lat25-quiet", "+25 % latency, quiet", 0, Kind.LATENCY_25),
        TPUT5_QUIET("tput5-quiet", "about -5 % throughput, quiet", 0, Kind.THROUGHPUT_5),
        TPUT5_HOG1("tput5-hog1", "about -5 % throughput, CPU hog on one core", 1, Kind.THROUGHPUT_5);

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

        /** The verdict line the fault must be caught on; null for A = A. */
        String metric() {
            return switch (kind) {
                case SAME -> null;
                case LATENCY_10, LATENCY_25 -> "latency." + ConfusionSuite.FINAL_LATENCY + ".";
                case THROUGHPUT_5 -> "throughput";
            };
        }
    }

    /**
     * One judged comparison.
     *
     * @param caught      the fault's metric line (null for A = A): its status
     * @param change      the paired estimate of the fault's metric (or of final-latency p99 for A = A), in percent
     * @param width       the width of its interval, upper / lower - 1, in percent
     * @param keptPairs   pairs whose two trials could be compared ({@link PairHealth})
     * @param seconds     wall-clock time of the comparison
     */
    record Outcome(
            Condition condition,
            int run,
            VerdictStatus overall,
            VerdictStatus caught,
            Double change,
            Double width,
            int keptPairs,
            int pairs,
            List<String> failed,
            List<String> warned,
            double seconds,
            String load,
            String health) {}

    private AbConfusionBench() {}

    public static void main(String[] args) throws Exception {
        Map<String, String> defaults = new LinkedHashMap<>();
        defaults.put("runs", "40");
        defaults.put("fault-runs", "20");
        defaults.put("pairs", "8");
        defaults.put("trial-ms", "2500");
        defaults.put("chunk-cpu-us", "150");
        defaults.put("conditions", "all");
        defaults.put("mode", "interleaved");
        defaults.put("out", "target/ab-confusion.md");
        Args a = Args.parse(PROGRAM, args, defaults);
        List<Condition> conditions = new ArrayList<>();
        if (a.text("conditions").equals("all")) {
            conditions.addAll(List.of(Condition.values()));
        } else {
            for (String id : a.text("conditions").split(",")) {
                conditions.add(Condition.byId(id.trim()));
            }
        }
        int pairs = a.intValue("pairs", PairedVerdicts.MIN_PAIRS, 50);
        boolean duet = switch (a.text("mode")) {
            case "interleaved" -> false;
            case "duet" -> true;
            default ->
                throw new IllegalArgumentException(PROGRAM + ": --mode is interleaved or duet, was " + a.text("mode"));
        };
        long chunkCpuMicros = a.longValue("chunk-cpu-us", 1, 100_000);
        Path out = Path.of(a.text("out"));
        ConfusionSuite suite = new ConfusionSuite(
                pairs,
                a.longValue("trial-ms", 500, 60_000),
                Path.of(System.getProperty("java.io.tmpdir"), "speechload-bench"));
        String started = Instant.now().toString();
        SplittableRandom seeds = new SplittableRandom();
        List<Outcome> outcomes = new ArrayList<>();
        for (Condition c : conditions) {
            int runs = c.kind == Kind.SAME ? a.intValue("runs", 1, 1000) : a.intValue("fault-runs", 1, 1000);
            List<String> faulty = switch (c.kind) {
                case SAME -> List.of();
                case LATENCY_10 -> List.of("--fault-latency-factor", "1.10");
                case LATENCY_25 -> List.of("--fault-latency-factor", "1.25");
                case THROUGHPUT_5 -> List.of("--fault-chunk-cpu-us", Long.toString(chunkCpuMicros));
            };
            try (HogProcess hog = HogProcess.start(c.hogThreads, 7_200)) {
                for (int i = 1; i <= runs; i++) {
                    long begin = System.nanoTime();
                    InterleavedComparison.Outcome comparison =
                            suite.compare(c.id + "-" + i, List.of(), faulty, pairs, seeds.nextLong(), duet);
                    PairedVerdicts.Judged judged = comparison.judge(RULES);
                    Outcome o = outcome(c, i, comparison, judged, (System.nanoTime() - begin) / 1e9);
                    outcomes.add(o);
                    System.out.println(line(o));
                }
            }
        }
        String table = (duet ? "Mode: duet (both servers at once, half the channels each).\n\n" : "")
                + table(outcomes, conditions, started, suite, pairs, chunkCpuMicros);
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.writeString(out, table);
        System.out.println(table);
        System.out.println("written to " + out.toAbsolutePath());
    }

    private static Outcome outcome(
            Condition c,
            int i,
            InterleavedComparison.Outcome comparison,
            PairedVerdicts.Judged judged,
            double seconds) {
        String prefix = c.metric() == null ? "latency." + ConfusionSuite.FINAL_LATENCY + "." : c.metric();
        MetricVerdict line = judged.verdict().metrics().stream()
                .filter(m -> m.metric().startsWith(prefix) && !m.threshold().startsWith("reported"))
                .findFirst()
                .orElse(null);
        PairedFigure figure = judged.figures().stream()
                .filter(f -> f.metric().startsWith(prefix))
                .findFirst()
                .orElse(null);
        List<TrialFigures> a = comparison.reference().trials();
        List<TrialFigures> b = comparison.candidate().trials();
        int kept = (int) PairHealth.judge(a, b, Runtime.getRuntime().availableProcessors()).stream()
                .filter(PairHealth.Pair::kept)
                .count();
        return new Outcome(
                c,
                i,
                judged.verdict().overall(),
                c.metric() == null || line == null ? null : line.status(),
                figure == null || figure.estimate() == null ? null : (figure.estimate() - 1) * 100,
                figure == null || figure.estimate() == null ? null : (figure.upper() / figure.lower() - 1) * 100,
                kept,
                a.size(),
                judged.verdict().metricsWithStatus(VerdictStatus.FAIL).stream()
                        .map(MetricVerdict::metric)
                        .toList(),
                judged.verdict().metricsWithStatus(VerdictStatus.WARN).stream()
                        .map(MetricVerdict::metric)
                        .toList(),
                seconds,
                Conditions.loadAverage(),
                health(comparison.candidate()));
    }

    private static String health(RunResult run) {
        return run.health() == null ? "not measured" : run.health().reason();
    }

    private static String line(Outcome o) {
        return String.format(
                Locale.ROOT,
                "%-12s %3d %-12s caught %-12s change %s width %s kept %d/%d %5.0f s load %s" + " failed %s warned %s%s",
                o.condition().id,
                o.run(),
                o.overall(),
                o.caught(),
                o.change() == null ? "-" : String.format(Locale.ROOT, "%+.1f %%", o.change()),
                o.width() == null ? "-" : String.format(Locale.ROOT, "%.1f %%", o.width()),
                o.keptPairs(),
                o.pairs(),
                o.seconds(),
                o.load(),
                o.failed(),
                o.warned(),
                " (" + o.health() + ")");
    }

    static String table(
            List<Outcome> outcomes,
            List<Condition> conditions,
            String started,
            ConfusionSuite suite,
            int pairs,
            long chunkCpuMicros) {
        StringBuilder md = new StringBuilder();
        md.append("| condition | comparisons | PASS | WARN | FAIL | INCONCLUSIVE | judged | fault's metric caught"
                + " (WARN or FAIL) of judged | median paired change | median interval width | median time |\n");
        md.append("|---|---:|---:|---:|---:|---:|---:|---|---:|---:|---:|\n");
        for (Condition c : conditions) {
            List<Outcome> of = outcomes.stream().filter(o -> o.condition() == c).toList();
            if (of.isEmpty()) {
                continue;
            }
            Map<VerdictStatus, Integer> counts = new EnumMap<>(VerdictStatus.class);
            of.forEach(o -> counts.merge(o.overall(), 1, Integer::sum));
            List<Outcome> judged = of.stream()
                    .filter(o -> c.metric() == null
                            ? o.overall() != VerdictStatus.INCONCLUSIVE
                            : o.caught() != null && o.caught() != VerdictStatus.INCONCLUSIVE)
                    .toList();
            long caught = judged.stream()
                    .filter(o -> o.caught() == VerdictStatus.WARN || o.caught() == VerdictStatus.FAIL)
                    .count();
            md.append("| ").append(c.text).append(" | ").append(of.size());
            for (VerdictStatus s :
                    List.of(VerdictStatus.PASS, VerdictStatus.WARN, VerdictStatus.FAIL, VerdictStatus.INCONCLUSIVE)) {
                md.append(" | ").append(counts.getOrDefault(s, 0));
            }
            md.append(" | ").append(judged.size());
            md.append(" | ")
                    .append(
                            c.metric() == null
                                    ? "-"
                                    : caught + " / " + judged.size()
                                            + (judged.isEmpty()
                                                    ? ""
                                                    : String.format(
                                                            Locale.ROOT,
                                                            " (%.0f %%)",
                                                            100.0 * caught / judged.size())));
            md.append(" | ")
                    .append(median(
                            of.stream()
                                    .map(Outcome::change)
                                    .filter(v -> v != null)
                                    .toList(),
                            "%+.1f %%"));
            md.append(" | ")
                    .append(median(
                            of.stream()
                                    .map(Outcome::width)
                                    .filter(v -> v != null)
                                    .toList(),
                            "%.1f %%"));
            md.append(" | ")
                    .append(median(of.stream().map(Outcome::seconds).toList(), "%.0f s"))
                    .append(" |\n");
        }
        md.append('\n');
        md.append(String.format(
                Locale.ROOT,
                "Measured %s to %s on %s. Each comparison: two fresh reference servers"
                        + " (A clean, B with the fault), each warmed up for 2 s, then %d pairs of one trial each in"
                        + " randomized block order; plan %s. Judged with the default rules at"
                        + " loadtest.regressionThreshold=5 and the suite's leak limits. Faults: --fault-latency-factor"
                        + " 1.10 / 1.25 (every result delayed by that share of its own processing time),"
                        + " --fault-chunk-cpu-us %d (CPU burnt per audio chunk). 'judged': comparisons whose fault"
                        + " metric (A = A: any timing) was not INCONCLUSIVE; 'median paired change': the paired"
                        + " estimate B/A of the fault's metric (A = A: final-latency p99).%n",
                started,
                Instant.now(),
                Conditions.machine(),
                pairs,
                suite.plan(),
                chunkCpuMicros));
        return md.toString();
    }

    private static String median(List<Double> values, String format) {
        if (values.isEmpty()) {
            return "-";
        }
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(Double::compare);
        int n = sorted.size();
        double m = n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
        return String.format(Locale.ROOT, format, m);
    }
}
