package dev.speechload.suites.regression;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.speechload.core.baseline.Baseline;
import dev.speechload.core.baseline.BaselineStore;
import dev.speechload.core.baseline.MetricVerdict;
import dev.speechload.core.baseline.Verdict;
import dev.speechload.core.baseline.VerdictMessages;
import dev.speechload.core.baseline.VerdictStatus;
import dev.speechload.core.baseline.Verdicts;
import dev.speechload.core.config.Settings;
import dev.speechload.core.report.BaselineReference;
import dev.speechload.core.report.Reporters;
import dev.speechload.core.report.TestOutcome;
import dev.speechload.core.result.HealthStatus;
import dev.speechload.core.result.RunResult;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The proof that the regression gate works, end to end: the same suite ({@link GateSuite}) runs
 * against a fresh reference server once to record a baseline (into a temporary directory), then
 * again clean and with one injected fault per run, and each run is judged against that baseline
 * by {@link Verdicts#judge}, exactly as a load test's run is: at full scale with the default rules,
 * at smoke scale with a slope limit that fits its 3.5 s trials ({@link GateSuite#SMOKE_RULES}
 * says why).
 *
 * <ul>
 *   <li>a clean run passes: no metric fails, and memory, errors, descriptors and threads are
 *       PASS;</li>
 *   <li>extra latency FAILs on latency p99 (and only there);</li>
 *   <li>a memory leak FAILs on the RSS slope hard limit (memory growth, a relative rule, only
 *       ever WARNs);</li>
 *   <li>a descriptor leak FAILs on {@code fds.delta}: open descriptors after load beyond those
 *       before by more than the fail limit (100 by default; 10 at smoke scale, where a trial
 *       serves only a few dozen sessions: {@link GateSuite#SMOKE_RULES}).</li>
 * </ul>
 * Neither leak may show as errors; wall-clock latency follows the load other processes put on
 * the machine (the synthetic engine burns CPU time), so on a shared machine the leak runs
 * tolerate latency p99 FAILs beside their own metric. The clean run tolerates none.
 *
 * <p>Every run writes {@code results/RegressionGate.<run>.json} and {@code .html}, so a person can
 * look at what a FAIL looks like. The whole class takes about two minutes at smoke scale (five
 * server runs of five 3.5 s trials each) and about fourteen at full scale (32 s trials).
 */
@Tag("load")
@DisplayName("Regression gate, end to end against the reference server")
class RegressionGateTests {

    private static final Logger LOG = LoggerFactory.getLogger(RegressionGateTests.class);
    /** The final latency's judged line: the highest percentile the trials' counts support. */
    private static final String FINAL_LATENCY = "latency." + GateSuite.FINAL_LATENCY + ".";

    @TempDir
    static Path baselinesDir;

    private static GateSuite suite;
    private static Path resultsDir;
    private static Baseline baseline;

    @BeforeAll
    static void recordBaseline() throws Exception {
        Settings settings = Settings.fromSystem();
        suite = new GateSuite(settings);
        resultsDir = settings.resultsDir();
        RunResult first = suite.run("baseline");
        // A machine so busy that the baseline run's own measurement was COMPROMISED leaves nothing
        // to test the gate against: the store refuses such a run, and the class is aborted, naming why.
        assumeTrue(first.health() == null || first.health().status() != HealthStatus.COMPROMISED,
                () -> "the machine is too busy to record the gate's baseline: " + first.health().reason());
        // Through the store and back: the verdicts below judge against what a file holds.
        BaselineStore store = new BaselineStore(baselinesDir);
        store.write(Baseline.from(first));
        baseline = store.find(first.testName()).orElseThrow();
        Verdict limitsOnly = Verdicts.judge(first, Optional.empty(), suite.rules());
        report(first, limitsOnly, null);
        assertThat(first.errors().failedIterations()).as("failed sessions of the baseline run").isZero();
        assertThat(baseline.latencies().get(GateSuite.FINAL_LATENCY)).as("final latency in the baseline")
                .isNotNull().satisfies(l -> assertThat(l.count()).isPositive());
        assertThat(baseline.trials()).as("trials in the baseline").hasSize(suite.plan().trials());
        assertThat(baseline.memory()).as("server memory in the baseline").isNotNull();
        assertThat(baseline.openFds()).as("server fds in the baseline").isNotNull();
    }

    @AfterAll
    static void writeIndex() throws IOException {
        if (resultsDir != null) {
            Reporters.writeIndex(resultsDir);
        }
    }

    @Test
    void cleanRunPassesAgainstItsBaseline() throws Exception {
        RunResult clean = suite.run("clean");
        Verdict verdict = judge(clean);

        // The gate never fails clean code: no metric FAILs. Latency and throughput may WARN when
        // other processes load the machine harder than during the baseline (a WARN never fails a
        // test), or be INCONCLUSIVE when the toolkit found its measurement compromised; what the
        // faults below are caught on must be clean.
        String summary = VerdictMessages.summary(verdict) + "\nhealth: " + clean.health();
        assertThat(failed(verdict)).as(summary).isEmpty();
        assertThat(verdict.overall()).as(summary).isNotEqualTo(VerdictStatus.FAIL);
        for (String metric : List.of("memory.slope", "errors.ratio", "fds.delta", "threads.delta")) {
            assertThat(status(verdict, metric)).as(metric + " in\n" + summary).isEqualTo(VerdictStatus.PASS);
        }
        assertThat(status(verdict, "memory.growth")).as("memory.growth in\n" + summary)
                .isIn(VerdictStatus.PASS, VerdictStatus.INCONCLUSIVE);
    }

    @Test
    void extraLatencyFailsOnFinalLatencyP99() throws Exception {
        // Two clean p99s of extra time (+200 %): far beyond the +50 % fail level, so the whole
        // trial interval clears it even when the machine is quieter than during the baseline (the
        // synthetic engine burns CPU time, so its wall-clock latency follows the machine's load).
        // A shift of exactly +50 % sits on the level and would be caught about half of the time.
        // At most 1 s, so several sessions per channel still fit into a 3 s trial.
        long cleanP99Millis = (baseline.latencies().get(GateSuite.FINAL_LATENCY).p99Nanos() + 999_999) / 1_000_000;
        long faultMillis = Math.min(1_000, Math.max(100, 2 * cleanP99Millis));
        RunResult run = suite.run("latency-fault", "--fault-latency-ms", Long.toString(faultMillis));
        Verdict verdict = judge(run);

        String summary = VerdictMessages.summary(verdict) + "\nhealth: " + run.health();
        // Latency is a timing: on a machine so busy that the measurement was COMPROMISED it is not
        // judged at all (INCONCLUSIVE), which is all this run can then show.
        assumeTrue(run.health() == null || run.health().status() != HealthStatus.COMPROMISED,
                () -> "the machine is too busy to judge latency: " + run.health().reason());
        assertThat(verdict.overall()).as(summary).isEqualTo(VerdictStatus.FAIL);
        assertThat(failed(verdict)).as(summary).anyMatch(m -> m.startsWith(FINAL_LATENCY))
                .allMatch(RegressionGateTests::isLatency);
        assertThat(status(verdict, "errors.ratio")).as(summary).isEqualTo(VerdictStatus.PASS);
        assertThat(VerdictMessages.failureMessage(verdict)).as("the message the test fails with")
                .contains(FINAL_LATENCY, "beyond the fail level of +50 %");
    }

    @Test
    void memoryLeakFailsOnMemorySlope() throws Exception {
        Verdict verdict = judge(suite.run("memory-leak",
                "--fault-leak-bytes-per-request", Long.toString(suite.leakBytesPerRequest())));

        // Only the slope fails, except that latency p99 may too when other processes load this
        // machine much harder than during the baseline: wall-clock latency follows the machine's
        // load; the leak must not show as errors, descriptors or threads.
        String summary = VerdictMessages.summary(verdict);
        assertThat(verdict.overall()).as(summary).isEqualTo(VerdictStatus.FAIL);
        assertThat(failed(verdict)).as(summary).contains("memory.slope")
                .allMatch(metric -> metric.equals("memory.slope") || isLatency(metric));
        assertThat(VerdictMessages.failureMessage(verdict)).as("the message the test fails with")
                .contains("memory.slope: RSS slope under load");
    }

    @Test
    void descriptorLeakFailsOnFdsDelta() throws Exception {
        Verdict verdict = judge(suite.run("fd-leak", "--fault-fd-leak-every", "1"));

        // The run fails on the right metric, and on nothing else but (under a much heavier
        // machine load than the baseline's) latency p99.
        String summary = VerdictMessages.summary(verdict);
        assertThat(verdict.overall()).as(summary).isEqualTo(VerdictStatus.FAIL);
        assertThat(failed(verdict)).as(summary).contains("fds.delta")
                .allMatch(metric -> metric.equals("fds.delta") || isLatency(metric));
    }

    private static Verdict judge(RunResult run) throws IOException {
        Verdict verdict = Verdicts.judge(run, Optional.of(baseline), suite.rules());
        report(run, verdict, baseline);
        LOG.info("{}", VerdictMessages.summary(verdict));
        return verdict;
    }

    private static void report(RunResult run, Verdict verdict, Baseline against) throws IOException {
        BaselineReference reference = against == null ? null : new BaselineReference(
                against.recordedAt() == null ? 0 : Instant.parse(against.recordedAt()).toEpochMilli(),
                against.gitCommit(),
                against.memory() == null ? null : against.memory().peakBytes(),
                against.memory() == null ? null : against.memory().beforeBytes(), against.histograms());
        Path page = Reporters.writeTest(new TestOutcome(run, verdict, reference), resultsDir);
        LOG.info("{}: {} ({})", run.testName(), verdict.overall(), page);
    }

    private static boolean isLatency(String metric) {
        return metric.startsWith("latency.");
    }

    private static List<String> failed(Verdict verdict) {
        return verdict.withStatus(VerdictStatus.FAIL).stream().map(MetricVerdict::metric).toList();
    }

    private static VerdictStatus status(Verdict verdict, String metric) {
        return verdict.metrics().stream().filter(m -> m.metric().equals(metric)).map(MetricVerdict::status)
                .findFirst().orElseThrow(() -> new AssertionError(metric + " was not judged:\n"
                        + VerdictMessages.summary(verdict)));
    }
}
