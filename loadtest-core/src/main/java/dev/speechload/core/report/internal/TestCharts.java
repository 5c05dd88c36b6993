package dev.speechload.core.report.internal;

import dev.speechload.core.report.BaselineReference;
import dev.speechload.core.result.GeneratorSample;
import dev.speechload.core.result.IntervalSample;
import dev.speechload.core.result.ResourceSample;
import dev.speechload.core.result.ResourceSummary;
import dev.speechload.core.result.RunResult;
import dev.speechload.core.stats.internal.HistogramCodec;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.ToDoubleFunction;
import org.HdrHistogram.Histogram;

/**
 * The charts of one test page, built from a result and what it is compared with (its baseline, if
 * any, or on an A/B page the reference build's run). A chart whose data is missing is left out
 * rather than drawn empty; a histogram that cannot be decoded is left out and named in
 * {@link Charts#problems()}. Stateless and thread-safe.
 */
public final class TestCharts {

    private static final double MIB = 1024.0 * 1024.0;
    private static final double NANOS_PER_MS = 1e6;

    private TestCharts() {}

    /**
     * The charts, and anything that kept a chart from being drawn (plain text).
     *
     * @param charts   every chart, in page order
     * @param overlays the percentile spectra among them that draw the counterpart's too (an A/B page
     *                 shows these in its A/B section)
     */
    public record Charts(List<ChartView> charts, List<ChartView> overlays, List<String> problems) {

        /** The charts other than the overlays, in page order. */
        public List<ChartView> withoutOverlays() {
            return charts.stream().filter(c -> !overlays.contains(c)).toList();
        }
    }

    public static Charts build(RunResult result, BaselineReference baseline) {
        return build(result, Counterpart.baseline(baseline));
    }

    public static Charts build(RunResult result, Counterpart counterpart) {
        List<ChartView> charts = new ArrayList<>();
        List<ChartView> overlays = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        long span = 0;
        for (IntervalSample s : result.timeSeries()) {
            span = Math.max(span, s.offsetMillis());
        }
        for (ResourceSample s : result.serverSeries()) {
            span = Math.max(span, s.offsetMillis());
        }
        for (GeneratorSample s : result.generatorSeries()) {
            span = Math.max(span, s.offsetMillis());
        }
        TimeAxis time = TimeAxis.forSpan(span);
        addIfPresent(charts, memory(result, counterpart, time));
        addIfPresent(charts, fdsAndThreads(result, time));
        addIfPresent(charts, throughput(result, time));
        addIfPresent(charts, channels(result, time));
        addIfPresent(charts, latencyOverTime(result, time));
        for (String metric : latencyMetricsInOrder(result)) {
            ChartView spectrum = spectrum(metric, result, counterpart, problems);
            addIfPresent(charts, spectrum);
            if (spectrum != null && counterpart.histograms().containsKey(metric)) {
                overlays.add(spectrum);
            }
        }
        addIfPresent(charts, timeToFirstEvent(result, counterpart, problems));
        addIfPresent(charts, generatorHeap(result, time));
        return new Charts(charts, overlays, problems);
    }

    private static void addIfPresent(List<ChartView> charts, ChartView chart) {
        if (chart != null) {
            charts.add(chart);
        }
    }

    /** Engine metrics first (service, response time), then the drivers' own by name. */
    static List<String> latencyMetricsInOrder(RunResult result) {
        List<String> names = new ArrayList<>(result.histograms().keySet());
        names.sort(Comparator.comparingInt(
                        (String n) -> n.equals(RunResult.SERVICE_TIME) ? 0 : n.equals(RunResult.RESPONSE_TIME) ? 1 : 2)
                .thenComparing(Comparator.naturalOrder()));
        return names;
    }

    static ChartView memory(RunResult result, Counterpart counterpart, TimeAxis time) {
        List<ResourceSample> samples = result.serverSeries().stream()
                .filter(s -> s.memoryRssBytes() >= 0)
                .toList();
        if (samples.isEmpty()) {
            return null;
        }
        SvgChart chart = new SvgChart("Server memory (RSS) over time", time.axis(), Axis.linearFitted("RSS", "MiB"));
        chart.add(Series.line(
                "RSS",
                times(samples, ResourceSample::offsetMillis, time),
                values(samples, s -> s.memoryRssBytes() / MIB),
                Palette.CURRENT));
        ResourceSummary.MemoryFigures memory =
                result.server() == null ? null : result.server().memory();
        String slopeText = "";
        if (memory != null && Double.isFinite(memory.slopeBytesPerSecond())) {
            Series fit = slopeLine(samples, memory.slopeBytesPerSecond(), time);
            if (fit != null) {
                slopeText = "slope " + Format.bytesPerSecond(memory.slopeBytesPerSecond())
                        + (Double.isFinite(memory.slopeRSquared())
                                ? ", R\u00b2 " + Format.number(memory.slopeRSquared())
                                : "");
                chart.add(new Series(slopeText, fit.points(), Series.Style.LINE, Palette.FIT, true, 0));
            }
        }
        if (counterpart.memoryPeakBytes() != null && counterpart.memoryPeakBytes() >= 0) {
            chart.reference(
                    counterpart.memoryPeakBytes() / MIB,
                    counterpart.other().legend() + " peak",
                    counterpart.colour(),
                    true);
        }
        markPhases(chart, samples, time);
        return new ChartView(
                "memory",
                "Server memory (RSS)",
                "Resident memory of the server, read before load, on every sample interval and once after all"
                        + " channels disconnected. The dashed red line is the least-squares fit over the load phase"
                        + " (its slope is the leak rate); the dashed " + counterpart.colourWord() + " line is "
                        + counterpart.other().prose() + "'s peak. A healthy server levels off under load and gives"
                        + " memory back after it.",
                chart.render());
    }

    /**
     * The fitted line over the load-phase samples. The result stores only the slope; the
     * least-squares intercept for a given slope passes through the mean point, so that is enough.
     */
    private static Series slopeLine(List<ResourceSample> samples, double slopeBytesPerSecond, TimeAxis time) {
        List<ResourceSample> load =
                samples.stream().filter(s -> "load".equals(s.phase())).toList();
        if (load.size() < 2) {
            return null;
        }
        double meanSeconds = 0;
        double meanBytes = 0;
        for (ResourceSample s : load) {
            meanSeconds += s.offsetMillis() / 1000.0;
            meanBytes += s.memoryRssBytes();
        }
        meanSeconds /= load.size();
        meanBytes /= load.size();
        long first = load.get(0).offsetMillis();
        long last = load.get(load.size() - 1).offsetMillis();
        double startBytes = meanBytes + slopeBytesPerSecond * (first / 1000.0 - meanSeconds);
        double endBytes = meanBytes + slopeBytesPerSecond * (last / 1000.0 - meanSeconds);
        return Series.line(
                "slope",
                new double[] {time.of(first), time.of(last)},
                new double[] {startBytes / MIB, endBytes / MIB},
                Palette.FIT);
    }

    private static void markPhases(SvgChart chart, List<ResourceSample> samples, TimeAxis time) {
        String phase = null;
        for (ResourceSample s : samples) {
            if (phase != null && !phase.equals(s.phase())) {
                chart.marker(time.of(s.offsetMillis()), s.phase() == null ? "" : s.phase());
            }
            phase = s.phase();
        }
    }

    static ChartView fdsAndThreads(RunResult result, TimeAxis time) {
        List<ResourceSample> fds =
                result.serverSeries().stream().filter(s -> s.openFdCount() >= 0).toList();
        List<ResourceSample> threads =
                result.serverSeries().stream().filter(s -> s.threadCount() >= 0).toList();
        if (fds.isEmpty() && threads.isEmpty()) {
            return null;
        }
        SvgChart chart =
                new SvgChart("Server file descriptors and threads over time", time.axis(), Axis.linear("count", ""));
        if (!fds.isEmpty()) {
            chart.add(Series.line(
                    "open file descriptors",
                    times(fds, ResourceSample::offsetMillis, time),
                    values(fds, ResourceSample::openFdCount),
                    Palette.CURRENT));
        }
        if (!threads.isEmpty()) {
            chart.add(Series.line(
                    "threads",
                    times(threads, ResourceSample::offsetMillis, time),
                    values(threads, ResourceSample::threadCount),
                    Palette.SECOND));
        }
        markPhases(chart, fds.isEmpty() ? threads : fds, time);
        return new ChartView(
                "fds-threads",
                "Server file descriptors and threads",
                "Open file descriptors and threads of the server. Both should rise with the channels and"
                        + " fall back after load; a count that keeps climbing, or stays up after load, is a leak.",
                chart.render());
    }

    static ChartView throughput(RunResult result, TimeAxis time) {
        List<IntervalSample> samples = result.timeSeries();
        if (samples.isEmpty()) {
            return null;
        }
        SvgChart chart = new SvgChart("Throughput over time", time.axis(), Axis.linear("throughput", "iterations/s"));
        chart.add(Series.step(
                "throughput",
                times(samples, IntervalSample::offsetMillis, time),
                values(samples, IntervalSample::throughputPerSecond),
                Palette.CURRENT));
        markRamp(chart, samples, time);
        return new ChartView(
                "throughput",
                "Throughput",
                "Successful iterations per second in each sample interval, all channels together (failed ones"
                        + " add nothing). Dotted lines mark the ramp steps; the shaded band is the warm-up (not counted in the statistics)."
                        + " Throughput should step up with each ramp step and then hold flat.",
                chart.render());
    }

    static ChartView channels(RunResult result, TimeAxis time) {
        List<IntervalSample> samples = result.timeSeries();
        if (samples.isEmpty()) {
            return null;
        }
        SvgChart chart = new SvgChart("Active channels over time", time.axis(), Axis.linear("active channels", ""));
        chart.add(Series.step(
                "active channels",
                times(samples, IntervalSample::offsetMillis, time),
                values(samples, IntervalSample::activeChannels),
                Palette.CURRENT));
        markRamp(chart, samples, time);
        return new ChartView(
                "channels",
                "Active channels",
                "Channels running at the end of each interval: the load the plan applied. Dotted lines mark the"
                        + " ramp steps.",
                chart.render());
    }

    static ChartView latencyOverTime(RunResult result, TimeAxis time) {
        List<IntervalSample> samples =
                result.timeSeries().stream().filter(s -> s.completed() > 0).toList();
        if (samples.isEmpty()) {
            return null;
        }
        SvgChart chart = new SvgChart("Service time per interval", time.axis(), Axis.linear("service time", "ms"));
        double[] xs = times(samples, IntervalSample::offsetMillis, time);
        chart.add(Series.line("p99", xs, values(samples, s -> s.p99Nanos() / NANOS_PER_MS), Palette.SECOND));
        chart.add(Series.line("p50", xs, values(samples, s -> s.p50Nanos() / NANOS_PER_MS), Palette.CURRENT));
        markRamp(chart, result.timeSeries(), time);
        return new ChartView(
                "latency-over-time",
                "Service time per interval",
                "Median and 99th percentile of the service time within each sample interval (intervals where"
                        + " nothing completed are skipped). A p99 that climbs while the load holds still points"
                        + " to queueing or a leak.",
                chart.render());
    }

    private static void markRamp(SvgChart chart, List<IntervalSample> samples, TimeAxis time) {
        long warmupEnd = -1;
        for (IntervalSample s : samples) {
            if (s.warmup()) {
                warmupEnd = s.offsetMillis();
            }
        }
        if (warmupEnd > 0) {
            chart.band(0, time.of(warmupEnd), "warm-up");
        }
        int step = -1;
        long previousEnd = 0;
        for (IntervalSample s : samples) {
            if (s.rampStep() > 0 && s.rampStep() != step && step >= 0) {
                // The step took over during this interval, which began where the previous one ended.
                chart.marker(time.of(previousEnd), "step " + s.rampStep());
            }
            step = s.rampStep();
            previousEnd = s.offsetMillis();
        }
    }

    /** The percentile spectrum of one metric: this run solid, the counterpart's (where it has one) dashed. */
    static ChartView spectrum(String metric, RunResult result, Counterpart counterpart, List<String> problems) {
        Histogram current = decodeOrNote(metric, result.histograms().get(metric), counterpart.current(), problems);
        if (current == null || current.getTotalCount() == 0) {
            return null;
        }
        SvgChart chart = new SvgChart(
                "Latency percentile spectrum of " + metric, Axis.percentile("percentile"), Axis.linear(metric, "ms"));
        chart.add(new Series(
                counterpart.current().legend(),
                Histograms.spectrum(current, NANOS_PER_MS),
                Series.Style.LINE,
                Palette.CURRENT,
                false,
                0));
        Histogram other = decodeOrNote(metric, counterpart.histograms().get(metric), counterpart.other(), problems);
        if (other != null && other.getTotalCount() > 0) {
            chart.add(new Series(
                    counterpart.other().legend(),
                    Histograms.spectrum(other, NANOS_PER_MS),
                    Series.Style.LINE,
                    counterpart.colour(),
                    true,
                    0));
        }
        return new ChartView(
                "spectrum-" + slug(metric),
                "Percentile spectrum: " + metric,
                "Latency at every percentile, from the median on the left to the maximum on the right; each step"
                        + " to the right is ten times rarer (90 %, 99 %, 99.9 %). The solid line is "
                        + counterpart.current().prose() + ", the dashed line "
                        + counterpart.other().prose()
                        + ". A line above " + counterpart.other().prose() + " is slower at that percentile.",
                chart.render());
    }

    static ChartView timeToFirstEvent(RunResult result, Counterpart counterpart, List<String> problems) {
        String metric = RunResult.TIME_TO_FIRST_EVENT;
        Histogram current = decodeOrNote(metric, result.histograms().get(metric), counterpart.current(), problems);
        if (current == null || current.getTotalCount() == 0) {
            return null;
        }
        Histograms.Distribution bins = Histograms.distribution(current, NANOS_PER_MS, 40);
        SvgChart chart = new SvgChart(
                "Time to first event distribution",
                Axis.linear("time to first event", "ms"),
                Axis.linear("share of requests", "%"));
        chart.add(Series.bars(
                counterpart.current().legend(),
                bins.binStarts(),
                bins.sharePercent(),
                bins.binWidth(),
                Palette.CURRENT));
        Histogram other = decodeOrNote(metric, counterpart.histograms().get(metric), counterpart.other(), problems);
        if (other != null && other.getTotalCount() > 0) {
            double[] shares = Histograms.shares(
                    other, NANOS_PER_MS, bins.binStarts()[0], bins.binWidth(), bins.binStarts().length);
            int n = shares.length;
            double[] xs = new double[n + 1];
            double[] ys = new double[n + 1];
            for (int i = 0; i <= n; i++) {
                xs[i] = bins.binStarts()[0] + i * bins.binWidth();
                ys[i] = shares[Math.max(0, i - 1)];
            }
            chart.add(Series.step(counterpart.other().legend(), xs, ys, counterpart.colour())
                    .asDashed());
        }
        return new ChartView(
                "time-to-first-event",
                "Time to first event",
                "How long requests waited for their first streamed event: the share of requests in each bin, from"
                        + " the fastest up to the 99.9th percentile (the last bar also holds the slowest 0.1 %)."
                        + " The dashed step line is " + counterpart.other().prose() + " in the same bins.",
                chart.render());
    }

    static ChartView generatorHeap(RunResult result, TimeAxis time) {
        List<GeneratorSample> samples = result.generatorSeries().stream()
                .filter(s -> s.heapUsedBytes() >= 0)
                .toList();
        if (samples.isEmpty()) {
            return null;
        }
        SvgChart chart = new SvgChart("Load generator heap over time", time.axis(), Axis.linear("heap used", "MiB"));
        chart.add(Series.line(
                "heap used",
                times(samples, GeneratorSample::offsetMillis, time),
                values(samples, s -> s.heapUsedBytes() / MIB),
                Palette.CURRENT));
        return new ChartView(
                "generator",
                "Load generator heap",
                "Heap used by the JVM generating the load (a saw-tooth is garbage collection). "
                        + GeneratorNote.of(result),
                chart.render());
    }

    private static Histogram decodeOrNote(String metric, String base64, Counterpart.Side whose, List<String> problems) {
        if (base64 == null) {
            return null;
        }
        try {
            return HistogramCodec.decode(base64.trim());
        } catch (IllegalArgumentException e) {
            problems.add("The histogram of " + metric + " in " + whose.prose() + " could not be read, so its chart is"
                    + " missing: " + e.getMessage());
            return null;
        }
    }

    /** Letters, digits and dashes only: fit for an element id. */
    static String slug(String text) {
        String slug = text.replaceAll("[^A-Za-z0-9]+", "-").replaceAll("^-|-$", "");
        return slug.isEmpty() ? "metric" : slug;
    }

    private static <T> double[] times(List<T> samples, java.util.function.ToLongFunction<T> offset, TimeAxis time) {
        double[] xs = new double[samples.size()];
        for (int i = 0; i < xs.length; i++) {
            xs[i] = time.of(offset.applyAsLong(samples.get(i)));
        }
        return xs;
    }

    private static <T> double[] values(List<T> samples, ToDoubleFunction<T> value) {
        double[] ys = new double[samples.size()];
        for (int i = 0; i < ys.length; i++) {
            ys[i] = value.applyAsDouble(samples.get(i));
        }
        return ys;
    }
}
