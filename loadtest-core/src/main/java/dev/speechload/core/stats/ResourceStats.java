package dev.speechload.core.stats;

import dev.speechload.core.result.ProbeReads;
import dev.speechload.core.result.ResourceSample;
import dev.speechload.core.result.ResourceSummary;
import dev.speechload.core.result.ResourceSummary.CountFigures;
import dev.speechload.core.result.ResourceSummary.MemoryFigures;
import java.util.List;
import java.util.function.ToLongFunction;

/**
 * Resource figures from a trial's server readings (phases "before", "load", "after"). Readings of
 * -1 (could not be read) are skipped. "before" is the reading taken before load, else the first
 * valid one; "after" the reading taken after every channel disconnected, else the last valid
 * one; "peak" the highest of all. Pure functions.
 */
final class ResourceStats {

    private ResourceStats() {}

    /**
     * Summarizes {@code samples}; null when there is no source and no sample. Each part
     * (memory, fds, threads) is null when no sample holds a valid value for it.
     */
    public static ResourceSummary summarize(String source, List<ResourceSample> samples) {
        return summarize(source, samples, null);
    }

    /** As {@link #summarize(String, List)}, with how the reads went. */
    public static ResourceSummary summarize(String source, List<ResourceSample> samples, ProbeReads reads) {
        if (source == null && samples.isEmpty()) {
            return null;
        }
        return new ResourceSummary(
                source,
                memory(samples),
                counts(samples, ResourceSample::openFdCount),
                counts(samples, ResourceSample::threadCount),
                reads);
    }

    /** Memory figures, with the slope fitted over the load-phase readings; null without valid readings. */
    public static MemoryFigures memory(List<ResourceSample> samples) {
        ToLongFunction<ResourceSample> rss = ResourceSample::memoryRssBytes;
        CountFigures c = counts(samples, rss);
        if (c == null) {
            return null;
        }
        List<ResourceSample> load = samples.stream()
                .filter(s -> "load".equals(s.phase()) && s.memoryRssBytes() >= 0)
                .toList();
        double[] x = new double[load.size()];
        double[] y = new double[load.size()];
        for (int i = 0; i < x.length; i++) {
            x[i] = load.get(i).offsetMillis() / 1000.0;
            y[i] = load.get(i).memoryRssBytes();
        }
        LinearFit fit = LinearFit.of(x, y);
        return new MemoryFigures(
                c.before(),
                c.peak(),
                c.after(),
                c.peak() - c.before(),
                c.after() - c.before(),
                fit.slope(),
                fit.rSquared());
    }

    /** Before / peak / after / after - before of one reading; null without valid readings. */
    public static CountFigures counts(List<ResourceSample> samples, ToLongFunction<ResourceSample> value) {
        List<ResourceSample> valid =
                samples.stream().filter(s -> value.applyAsLong(s) >= 0).toList();
        if (valid.isEmpty()) {
            return null;
        }
        long before = valid.stream()
                .filter(s -> "before".equals(s.phase()))
                .findFirst()
                .map(value::applyAsLong)
                .orElse(value.applyAsLong(valid.get(0)));
        long after = valid.stream()
                .filter(s -> "after".equals(s.phase()))
                .reduce((a, b) -> b)
                .map(value::applyAsLong)
                .orElse(value.applyAsLong(valid.get(valid.size() - 1)));
        long peak = valid.stream().mapToLong(value).max().orElse(before);
        return new CountFigures(before, peak, after, after - before);
    }
}
