package dev.speechload.core.cli;

import dev.speechload.core.result.IntervalSample;
import dev.speechload.core.result.ResourceSample;
import dev.speechload.core.result.RunResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Lines up the interval series of several generators by wall-clock time: each sample's end is
 * moved from its own run's start to the merged start and rounded to the sample interval, so the
 * samples of one second of every shard fall together. Counts, errors, throughput and channels add
 * up; interval percentiles cannot be added (no interval histograms are kept), so a merged
 * interval shows the highest shard's p50 and p99: an upper bound.
 */
final class IntervalAlignment {

    private IntervalAlignment() {}

    static List<IntervalSample> timeSeries(List<RunResult> inputs, long mergedStart, long intervalMillis) {
        Map<Long, IntervalSample> byOffset = new TreeMap<>();
        for (RunResult r : inputs) {
            for (IntervalSample s : r.timeSeries()) {
                long offset = align(r.startedAtEpochMillis() - mergedStart + s.offsetMillis(), intervalMillis);
                IntervalSample moved = new IntervalSample(
                        offset,
                        s.rampStep(),
                        s.activeChannels(),
                        s.warmup(),
                        s.completed(),
                        s.errors(),
                        s.throughputPerSecond(),
                        s.p50Nanos(),
                        s.p99Nanos());
                byOffset.merge(offset, moved, IntervalAlignment::add);
            }
        }
        return new ArrayList<>(byOffset.values());
    }

    /** The server series of {@code source} on the merged time axis. */
    static List<ResourceSample> serverSeries(RunResult source, long mergedStart) {
        long shift = source.startedAtEpochMillis() - mergedStart;
        return source.serverSeries().stream()
                .map(s -> new ResourceSample(
                        s.offsetMillis() + shift, s.phase(), s.memoryRssBytes(), s.openFdCount(), s.threadCount()))
                .toList();
    }

    private static long align(long offsetMillis, long intervalMillis) {
        long grid = intervalMillis > 0 ? intervalMillis : 1000;
        return Math.max(0, Math.round((double) offsetMillis / grid) * grid);
    }

    private static IntervalSample add(IntervalSample a, IntervalSample b) {
        return new IntervalSample(
                a.offsetMillis(),
                Math.max(a.rampStep(), b.rampStep()),
                a.activeChannels() + b.activeChannels(),
                a.warmup() || b.warmup(),
                a.completed() + b.completed(),
                a.errors() + b.errors(),
                a.throughputPerSecond() + b.throughputPerSecond(),
                Math.max(a.p50Nanos(), b.p50Nanos()),
                Math.max(a.p99Nanos(), b.p99Nanos()));
    }
}
