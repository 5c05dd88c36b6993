package dev.speechload.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The engine at scale: can one generator JVM hold 1,000 concurrent channels cheaply, and start
 * their work on time? A measured report with a {@code main}, not a JMH benchmark: the figures are
 * a heap difference and lag distributions of one run, not the time of a repeatable operation.
 *
 * <ol>
 *   <li><b>Heap per channel</b> ({@link IdleChannels}): settled heap with N channels idle-waiting
 *       in a scenario minus the same with one, per channel. Goal: at most 100 KB per channel.</li>
 *   <li><b>Closed-model ramp start lag</b> ({@link RampLag}): first start of each channel minus its
 *       ramp step's planned time, for N channels in 1, 10, 100 and N steps, as the engine records it
 *       ({@code generator.scheduling_lag}) and as the scenario sees it. Goal: the engine's p99 within 1 ms.</li>
 *   <li><b>Open-model scheduling lag</b> ({@link OpenLag}): actual minus intended start of arrivals
 *       at {@code --open-rate} per second with iterations idle-waiting {@code --open-iteration-ms}
 *       (about rate x time channels busy). Goal: the engine's {@code schedulingLagP99Nanos} within 1 ms.</li>
 * </ol>
 *
 * <p><b>What to expect</b> (2-core AMD EPYC VM, JDK 17; figures in {@code docs/performance.md}):
 * about 600 bytes of heap per channel (and about 110 KB of resident memory, mostly thread stack).
 * Lags have a median of about 0.05 ms (open) and 0.06-0.11 ms (ramp, one channel per step), but the
 * p99 follows the machine's other load (9-50 ms on a busy shared machine). The engine creates every
 * channel thread before the start and parks each until its step's time, so a step of 1,000
 * channels costs 1,000 wake-ups sharing the cores: p50 about 16 ms, p99 about 28 ms on 2 busy cores.
 *
 * <p><b>How to run</b> (about a minute; from the repository root, after
 * {@code mvn -B -o -q -pl loadtest-bench package}):
 * <pre>
 * java -cp loadtest-bench/target/benchmarks.jar dev.speechload.bench.EngineScaleBench
 * java -cp loadtest-bench/target/benchmarks.jar dev.speechload.bench.EngineScaleBench --channels 2000
 * </pre>
 * Options: {@code --channels} (1000), {@code --open-rate} (arrivals/s, 1000), {@code --open-iteration-ms}
 * (900), {@code --open-warmup-seconds} (5), {@code --open-seconds} (20), {@code --channels-kind}
 * ({@code threads}: a blocking scenario, a thread per channel; {@code async}: an {@code AsyncScenario}
 * on the engine's scheduler threads), {@code --ramp-ms} (how long a ramp of several steps lasts, 2000;
 * the tests shorten it, since what they check does not depend on it), {@code --ramp-warmups} (5:
 * one-step ramps run before the measured ramps so the start path is compiled; the first is printed
 * as the cold figure).
 */
public final class EngineScaleBench {

    private static final String PROGRAM = "EngineScaleBench";

    /** One ramp shape and the lag of its channels' first starts. */
    record RampRow(int steps, Duration interval, RampLag.Figures lag) {}

    /** Everything one run measured, with the load average before and after. */
    record Report(
            String kind,
            int channels,
            IdleChannels.Figures idle,
            int rampWarmups,
            RampLag.Figures coldRamp,
            List<RampRow> ramps,
            double openRate,
            Duration openIterationTime,
            Duration openDuration,
            OpenLag.Figures open,
            String loadBefore,
            String loadAfter) {}

    private EngineScaleBench() {}

    public static void main(String[] args) throws Exception {
        Report report;
        try {
            report = measure(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2); // a program's usage error; the measuring code never exits
            return;
        }
        System.out.println(format(report));
    }

    /**
     * Runs every part with the options in {@code args}.
     *
     * @throws IllegalArgumentException naming a bad option
     */
    static Report measure(String[] args) throws Exception {
        Map<String, String> defaults = new LinkedHashMap<>();
        defaults.put("channels", "1000");
        defaults.put("open-rate", "1000");
        defaults.put("open-iteration-ms", "900");
        defaults.put("open-warmup-seconds", "5");
        defaults.put("open-seconds", "20");
        defaults.put("channels-kind", "threads");
        defaults.put("ramp-ms", "2000");
        defaults.put("ramp-warmups", "5");
        Args a = Args.parse(PROGRAM, args, defaults);
        int channels = a.intValue("channels", 2, 100_000);
        double rate = a.positiveDouble("open-rate", 1_000_000);
        Duration iteration = Duration.ofMillis(a.longValue("open-iteration-ms", 0, 600_000));
        Duration warmup = Duration.ofSeconds(a.longValue("open-warmup-seconds", 0, 3_600));
        Duration duration = Duration.ofSeconds(a.longValue("open-seconds", 1, 3_600));
        long rampMillis = a.longValue("ramp-ms", 0, 600_000);
        String kind = a.text("channels-kind");
        int rampWarmups = a.intValue("ramp-warmups", 0, 100);
        if (!kind.equals("threads") && !kind.equals("async")) {
            throw new IllegalArgumentException(PROGRAM + ": --channels-kind must be threads (a blocking Scenario,"
                    + " a thread per channel) or async (an AsyncScenario on the engine's scheduler), was '" + kind
                    + "'");
        }
        boolean async = kind.equals("async");

        String loadBefore = Conditions.loadAverage();
        IdleChannels.Figures idle = IdleChannels.measure(channels, async);
        // The engine's start path runs interpreted the first time: the first one-step ramp in a JVM
        // measures the JIT, not the engine (measured 46 ms p99 cold, 1.7 ms after five, busy machine).
        // Reported apart, as JMH reports warm-up iterations apart.
        RampLag.Figures cold = null;
        for (int w = 0; w < rampWarmups; w++) {
            RampLag.Figures f = RampLag.measure(channels, 1, Duration.ZERO, async);
            if (w == 0) {
                cold = f;
            }
        }
        List<RampRow> ramps = new ArrayList<>();
        for (int steps : rampSteps(channels)) {
            Duration interval = steps == 1 ? Duration.ZERO : Duration.ofMillis(Math.max(5, rampMillis / (steps - 1)));
            ramps.add(new RampRow(steps, interval, RampLag.measure(channels, steps, interval, async)));
        }
        OpenLag.Figures open = OpenLag.measure(channels, rate, iteration, warmup, duration, async);
        return new Report(
                kind,
                channels,
                idle,
                rampWarmups,
                cold,
                ramps,
                rate,
                iteration,
                duration,
                open,
                loadBefore,
                Conditions.loadAverage());
    }

    /** 1, 10, 100 and one step per channel, those not above {@code channels}. */
    static List<Integer> rampSteps(int channels) {
        List<Integer> steps = new ArrayList<>();
        for (int s : new int[] {1, 10, 100}) {
            if (s < channels) {
                steps.add(s);
            }
        }
        steps.add(channels);
        return steps;
    }

    static String format(Report r) {
        StringBuilder out = new StringBuilder();
        out.append("EngineScaleBench: ")
                .append(r.channels())
                .append(" channels (")
                .append(r.kind())
                .append(")\n");
        out.append("machine: ").append(Conditions.machine()).append('\n');
        out.append("load average before: ")
                .append(r.loadBefore())
                .append(", after: ")
                .append(r.loadAfter())
                .append('\n');
        IdleChannels.Figures h = r.idle();
        out.append(String.format(
                Locale.ROOT,
                "%nheap after GC: 1 idle channel %.1f MiB, %d idle channels %.1f MiB -> %.0f bytes/channel"
                        + " (goal <= 100 KB = 102400 bytes: %s)%n",
                h.heapOneBytes() / 1048576.0,
                h.channels(),
                h.heapManyBytes() / 1048576.0,
                h.heapBytesPerChannel(),
                h.heapBytesPerChannel() <= 102_400 ? "met" : "MISSED"));
        out.append(String.format(
                Locale.ROOT,
                "resident memory: %.0f bytes/channel (thread stacks, native), %d threads%n",
                h.rssBytesPerChannel(),
                h.threadsMany()));
        out.append(
                "\nclosed model, first start of each channel minus its ramp step's planned time (goal p99 <= 1 ms);\n"
                        + "engine = its generator.scheduling_lag, scenario = scenario entry - planned time:\n");
        if (r.coldRamp() != null) {
            out.append(String.format(
                    Locale.ROOT,
                    "  first one-step ramp in this JVM (cold, then %d warm-up ramps"
                            + " in all, not judged):%n      engine   %s%n",
                    r.rampWarmups(),
                    r.coldRamp().engine()));
        }
        for (RampRow row : r.ramps()) {
            RampLag.Figures lag = row.lag();
            out.append(String.format(
                    Locale.ROOT,
                    "  %4d step(s) of %4d channels, every %4d ms:%n",
                    row.steps(),
                    r.channels() / row.steps(),
                    row.interval().toMillis()));
            out.append(String.format(
                    Locale.ROOT,
                    "      engine   %s  (schedulingLagP99Nanos %s: %s)%n",
                    lag.engine(),
                    Percentiles.millis(lag.engineP99Nanos()),
                    lag.engineP99Nanos() >= 0 && lag.engineP99Nanos() <= 1_000_000 ? "met" : "MISSED"));
            out.append(String.format(Locale.ROOT, "      scenario %s%n", lag.scenarioSide()));
        }
        OpenLag.Figures o = r.open();
        out.append(String.format(
                Locale.ROOT,
                "%nopen model, %.0f arrivals/s, iterations idle %d ms, %d workers, %d s measured:%n",
                r.openRate(),
                r.openIterationTime().toMillis(),
                r.channels(),
                r.openDuration().toSeconds()));
        out.append(String.format(
                Locale.ROOT,
                "  engine GeneratorSummary.schedulingLagP99Nanos: %s (goal <= 1 ms: %s)%n",
                Percentiles.millis(o.engineP99Nanos()),
                o.engineP99Nanos() >= 0 && o.engineP99Nanos() <= 1_000_000 ? "met" : "MISSED"));
        out.append("  scenario entry - intended start: ")
                .append(o.scenarioSide())
                .append('\n');
        out.append(String.format(
                Locale.ROOT,
                "  peak busy channels %d, measured iterations %d, missed arrivals %d, GCs %d (%d ms)%n",
                o.peakActive(),
                o.completed(),
                o.missedArrivals(),
                o.gcCount(),
                o.gcTimeMillis()));
        return out.toString();
    }
}
