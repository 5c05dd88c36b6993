package dev.speechload.core.cli;

import dev.speechload.core.result.CounterSummary;
import dev.speechload.core.result.ErrorSummary;
import dev.speechload.core.result.GeneratorSummary;
import dev.speechload.core.result.LatencySummary;
import dev.speechload.core.result.PlanSummary;
import dev.speechload.core.result.RunResult;
import dev.speechload.core.result.TargetFailure;
import dev.speechload.core.result.ThroughputSummary;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.zip.DataFormatException;
import org.HdrHistogram.Histogram;

/**
 * Combines the results of one test run by several load generators against the same server into
 * one result. Latencies are merged exactly: each generator's HdrHistogram is decoded, the
 * histograms are added, and the percentiles are read from the sum. Counts, throughput and
 * channels add up. Pure and stateless.
 *
 * <p>Shards of one plan ({@code loadtest.shard}) are checked to belong together; the merged result
 * names them ({@link RunResult#sharding()}) with each one's load, start and health, its health is
 * the worst shard's, and a shard that was stopped early or is missing makes it partial. Interval
 * series are lined up by wall-clock time ({@link IntervalAlignment}).
 *
 * <p>What cannot be combined exactly is left out and said so in {@link Merged#notes()}: latency
 * metrics without a histogram in every input, and per-trial figures. The server's figures are those
 * of the input that read the server (shard 0 of a split; else the first input): every generator
 * watched the same server.
 */
final class ResultMerger {

    private ResultMerger() {}

    /** A merged result and what was left out of it. */
    record Merged(RunResult result, List<String> notes) {}

    /**
     * @param inputs two or more results of the same test, with their labels (file names) for messages
     * @throws IllegalArgumentException when the tests differ, or a histogram cannot be decoded
     */
    static Merged merge(List<String> labels, List<RunResult> inputs) {
        if (inputs.size() < 2) {
            throw new IllegalArgumentException("merge needs at least two result files, got " + inputs.size());
        }
        RunResult first = inputs.get(0);
        for (int i = 1; i < inputs.size(); i++) {
            if (!inputs.get(i).testName().equals(first.testName())) {
                throw new IllegalArgumentException("cannot merge results of different tests: " + labels.get(0) + " is '"
                        + first.testName() + "' but " + labels.get(i) + " is '"
                        + inputs.get(i).testName()
                        + "' — merge only the files of one test at a time");
            }
        }
        List<String> notes = new ArrayList<>();
        Map<String, String> histograms = new TreeMap<>();
        Map<String, LatencySummary> latencies = new TreeMap<>();
        TreeSet<String> names = new TreeSet<>();
        inputs.forEach(r -> names.addAll(r.latencies().keySet()));
        inputs.forEach(r -> names.addAll(r.histograms().keySet()));
        for (String name : names) {
            if (inputs.stream().allMatch(r -> r.histograms().containsKey(name))) {
                Histogram sum = null;
                long clamped = 0;
                for (int i = 0; i < inputs.size(); i++) {
                    Histogram h = decode(
                            labels.get(i), name, inputs.get(i).histograms().get(name));
                    if (sum == null) {
                        sum = new Histogram(h.getNumberOfSignificantValueDigits());
                    }
                    sum.add(h);
                    LatencySummary s = inputs.get(i).latency(name);
                    clamped += s == null ? 0 : s.clampedCount();
                }
                histograms.put(name, encode(sum));
                latencies.put(name, summarise(sum, clamped));
            } else {
                notes.add("latency metric '" + name + "' left out: not every input has its histogram, so it"
                        + " cannot be merged exactly");
            }
        }
        ShardSet shards = new ShardSet(labels, inputs);
        int serverInput = serverSource(inputs);
        long start =
                inputs.stream().mapToLong(RunResult::startedAtEpochMillis).min().orElse(0);
        notes.add("interval series are lined up by wall-clock time; an interval's p50 and p99 are the highest"
                + " shard's (interval percentiles cannot be added); per-trial figures are not merged");
        notes.add("server resources are taken from " + labels.get(serverInput) + " (every generator watched the"
                + " same server)");
        notes.addAll(shards.notes());
        RunResult merged = new RunResult(
                first.schemaVersion(),
                first.testName(),
                inputs.stream().anyMatch(RunResult::partial) || shards.incomplete(),
                start,
                shards.incomplete() ? 0 : finishedAt(inputs),
                plan(inputs),
                first.environment(),
                first.target(),
                latencies,
                throughput(inputs),
                counters(inputs),
                errors(inputs),
                inputs.get(serverInput).server(),
                generator(inputs),
                IntervalAlignment.timeSeries(inputs, start, first.plan().sampleIntervalMillis()),
                IntervalAlignment.serverSeries(inputs.get(serverInput), start),
                List.of(),
                histograms,
                List.of(),
                shards.worstHealth(inputs),
                List.of(),
                targetFailure(inputs),
                shards.sharding());
        return new Merged(merged, notes);
    }

    /** The target died under a shard: the merged run ended early with it (the first shard's account). */
    private static TargetFailure targetFailure(List<RunResult> inputs) {
        return inputs.stream()
                .map(RunResult::targetFailure)
                .filter(f -> f != null)
                .findFirst()
                .orElse(null);
    }

    /** The input that read the server: shard 0 of a split (the only one that does), else the first with figures. */
    private static int serverSource(List<RunResult> inputs) {
        for (int i = 0; i < inputs.size(); i++) {
            if (inputs.get(i).sharding() != null && inputs.get(i).sharding().index() == 0) {
                return i;
            }
        }
        for (int i = 0; i < inputs.size(); i++) {
            if (inputs.get(i).server() != null) {
                return i;
            }
        }
        return 0;
    }

    private static long finishedAt(List<RunResult> inputs) {
        // 0 means "not finished"; any unfinished input leaves the merge unfinished.
        if (inputs.stream().anyMatch(r -> r.finishedAtEpochMillis() == 0)) {
            return 0;
        }
        return inputs.stream().mapToLong(RunResult::finishedAtEpochMillis).max().orElse(0);
    }

    private static Histogram decode(String label, String metric, String base64) {
        try {
            return Histogram.decodeFromCompressedByteBuffer(
                    ByteBuffer.wrap(Base64.getDecoder().decode(base64)), 0);
        } catch (DataFormatException | IllegalArgumentException | java.nio.BufferUnderflowException e) {
            throw new IllegalArgumentException(
                    label + ": the histogram of '" + metric + "' cannot be decoded (" + e.getMessage()
                            + ") — the file is damaged; re-run that generator",
                    e);
        }
    }

    static String encode(Histogram h) {
        ByteBuffer buffer = ByteBuffer.allocate(h.getNeededByteBufferCapacity());
        int length = h.encodeIntoCompressedByteBuffer(buffer);
        return Base64.getEncoder().encodeToString(java.util.Arrays.copyOf(buffer.array(), length));
    }

    static LatencySummary summarise(Histogram h, long clampedCount) {
        long count = h.getTotalCount();
        if (count == 0) {
            return LatencySummary.empty();
        }
        return new LatencySummary(
                count,
                h.getMinValue(),
                h.getValueAtPercentile(50),
                h.getValueAtPercentile(90),
                h.getValueAtPercentile(95),
                h.getValueAtPercentile(99),
                h.getValueAtPercentile(99.9),
                h.getMaxValue(),
                h.getMean(),
                h.getStdDeviation(),
                clampedCount);
    }

    private static PlanSummary plan(List<RunResult> inputs) {
        PlanSummary p = inputs.get(0).plan();
        int channels = inputs.stream().mapToInt(r -> r.plan().channels()).sum();
        double arrivals =
                inputs.stream().mapToDouble(r -> r.plan().arrivalsPerSecond()).sum();
        return new PlanSummary(
                p.workloadModel(),
                channels,
                p.rampSteps(),
                p.rampIntervalMillis(),
                arrivals,
                p.warmupIterations(),
                p.warmupMillis(),
                p.durationMillis(),
                p.iterations(),
                p.expectedIntervalNanos(),
                p.trials(),
                p.scale(),
                p.sampleIntervalMillis());
    }

    private static ThroughputSummary throughput(List<RunResult> inputs) {
        if (inputs.stream().anyMatch(r -> r.throughput() == null)) {
            return null;
        }
        long completed = inputs.stream()
                .mapToLong(r -> r.throughput().completedIterations())
                .sum();
        long millis = inputs.stream()
                .mapToLong(r -> r.throughput().measuredMillis())
                .max()
                .orElse(0);
        double perSecond = inputs.stream()
                .mapToDouble(r -> r.throughput().throughputPerSecond())
                .sum();
        int channels = inputs.stream()
                .mapToInt(r -> r.throughput().peakActiveChannels())
                .sum();
        return new ThroughputSummary(completed, millis, perSecond, channels == 0 ? 0 : perSecond / channels, channels);
    }

    private static Map<String, CounterSummary> counters(List<RunResult> inputs) {
        Map<String, CounterSummary> out = new TreeMap<>();
        for (RunResult r : inputs) {
            r.counters()
                    .forEach((name, c) -> out.merge(
                            name,
                            c,
                            (a, b) -> new CounterSummary(
                                    a.total() + b.total(), a.perSecond() + b.perSecond(), a.unit())));
        }
        return out;
    }

    private static ErrorSummary errors(List<RunResult> inputs) {
        if (inputs.stream().allMatch(r -> r.errors() == null)) {
            return null;
        }
        long failed = 0;
        Map<String, Long> byCode = new HashMap<>();
        for (RunResult r : inputs) {
            if (r.errors() != null) {
                failed += r.errors().failedIterations();
                r.errors().byCode().forEach((code, n) -> byCode.merge(code, n, Long::sum));
            }
        }
        long completed = inputs.stream()
                .mapToLong(r -> r.throughput() == null ? 0 : r.throughput().completedIterations())
                .sum();
        double ratio = completed == 0 ? 0 : Math.min(1.0, (double) failed / completed);
        return new ErrorSummary(failed, ratio, byCode);
    }

    private static GeneratorSummary generator(List<RunResult> inputs) {
        // Each generator is its own JVM: the merged figures are the worst generator's.
        List<GeneratorSummary> all =
                inputs.stream().map(RunResult::generator).filter(g -> g != null).toList();
        if (all.isEmpty()) {
            return null;
        }
        return new GeneratorSummary(
                all.stream()
                        .mapToLong(GeneratorSummary::heapUsedPeakBytes)
                        .max()
                        .orElse(0),
                all.stream().mapToLong(GeneratorSummary::gcCount).max().orElse(0),
                all.stream().mapToLong(GeneratorSummary::gcTimeMillis).max().orElse(0),
                all.stream().mapToInt(GeneratorSummary::threadCountPeak).max().orElse(0),
                all.stream()
                        .mapToLong(GeneratorSummary::schedulingLagP99Nanos)
                        .max()
                        .orElse(-1));
    }
}
