package dev.speechload.bench;

import dev.speechload.core.io.internal.Json;
import dev.speechload.core.report.Reporters;
import dev.speechload.core.report.TestOutcome;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Writing the report of a one-hour run ({@link OneHourRun}: 3,600 samples per series, four latency
 * metrics, a verdict): {@link Reporters#writeTest} renders the page (tables, inline SVG charts,
 * downsampled series) and writes it and the JSON atomically. A test pays this once, at its end.
 *
 * <p><b>What to expect</b> (2-core AMD EPYC VM, JDK 17; figures and conditions in
 * {@code docs/performance.md}): warm, 25-35 ms per report, mostly the two {@code fsync}s (HTML
 * rendering 2-5 ms, JSON 4 ms; about 8 ms in all on {@code /dev/shm}), well under the one-second
 * goal. Cold (the first report in a fresh JVM, which loads and compiles the templates, Jackson and
 * the chart code): about a second on a busy 2-core machine, 0.5 s at best.
 *
 * <ul>
 *   <li>{@code baseline}: nothing; the harness's own cost.</li>
 *   <li>{@code renderHtmlWarm}: the HTML page as a string, no I/O.</li>
 *   <li>{@code renderJsonWarm}: the JSON as bytes (with the encoded histograms), no I/O.</li>
 *   <li>{@code writeReportWarm}: {@code <test>.json} and {@code <test>.html} written to a temp dir
 *       ({@code java.io.tmpdir}); each file is forced to disk before its atomic rename, so on a
 *       busy disk the {@code fsync}s cost more than the rendering.</li>
 *   <li>{@code writeReportCold}: the same, once per fresh JVM (single shot, 10 forks). The outcome is
 *       built in set-up, so the engine and statistics classes are loaded, as at the end of a test.</li>
 * </ul>
 *
 * <p><b>How to run</b> (after {@code mvn -B -o -q -pl loadtest-bench package}):
 * <pre>
 * java -jar loadtest-bench/target/benchmarks.jar ReportBench
 * </pre>
 * Do not pass {@code -f}, {@code -wi} or {@code -i} here: they would override the cold method's
 * single-shot settings. To leave the disk out, write to memory:
 * {@code -jvmArgsAppend -Djava.io.tmpdir=/dev/shm}. Or run {@link #main}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Benchmark)
public class ReportBench {

    TestOutcome outcome;
    Path dir;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        outcome = OneHourRun.outcome();
        dir = Files.createTempDirectory("speechload-report-bench");
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        if (dir == null) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    @Benchmark
    public void baseline() {
        // Intentionally empty: the harness's own cost per call.
    }

    @Benchmark
    public String renderHtmlWarm() {
        return Reporters.html(outcome);
    }

    @Benchmark
    public byte[] renderJsonWarm() throws IOException {
        return Json.mapper().writeValueAsBytes(outcome);
    }

    @Benchmark
    public Path writeReportWarm() throws IOException {
        return Reporters.writeTest(outcome, dir);
    }

    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @Warmup(iterations = 0)
    @Measurement(iterations = 1)
    @Fork(10)
    public Path writeReportCold() throws IOException {
        return Reporters.writeTest(outcome, dir);
    }

    public static void main(String[] args) throws RunnerException {
        new Runner(new OptionsBuilder()
                        .include(ReportBench.class.getSimpleName())
                        .build())
                .run();
    }
}
