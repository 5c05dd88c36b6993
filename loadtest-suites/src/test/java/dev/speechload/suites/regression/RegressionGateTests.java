package dev.speechload.suites.regression;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import dev.speechload.core.baseline.MetricVerdict;
import dev.speechload.core.baseline.PairedVerdicts;
import dev.speechload.core.baseline.Verdict;
import dev.speechload.core.baseline.VerdictMessages;
import dev.speechload.core.baseline.VerdictStatus;
import dev.speechload.core.compare.InterleavedComparison;
import dev.speechload.core.config.Settings;
import dev.speechload.core.report.Reporters;
import dev.speechload.core.report.TestOutcome;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The proof that the regression gate works, end to end, as A/B comparisons: the same suite
 * ({@link GateSuite}) runs against two fresh reference servers at once, a clean one (A) and one
 * with an injected fault (B; none for the clean comparison), their trials interleaved in pairs in
 * randomized block order, and each comparison is judged on the paired ratios B/A by
 * {@link PairedVerdicts}, exactly as an {@code @LoadTest} with a reference build is: at full scale
 * with the default rules, at smoke scale with a slope limit that fits its 3.5 s trials
 * ({@link GateSuite#SMOKE_RULES} says why).
 *
 * <ul>
 *   <li>A = A passes: no metric fails, and memory, errors, descriptors and threads are PASS;</li>
 *   <li>extra latency FAILs on latency p99 (and only there);</li>
 *   <li>a server leaking memory and descriptors at once FAILs on both, each on its own metric:
 *       the RSS slope hard limit (beyond A's own slope) and {@code fds.delta}, open descriptors
 *       after load beyond those before by more than A's growth plus the fail limit (100 by
 *       default; 10 at smoke scale, where a trial serves only a few dozen sessions:
 *       {@link GateSuite#SMOKE_RULES}); errors and threads stay PASS.</li>
 * </ul>
 * Interleaving is why this holds on a busy machine: a neighbour's load hits A and B alike, pair by
 * pair, so it cancels in the ratio instead of showing as a regression of whichever ran later.
 *
 * <p>Every comparison writes {@code results/RegressionGate.<run>.json} and {@code .html} (an A/B
 * page), so a person can look at what a FAIL looks like. The class takes about three minutes at
 * smoke scale (three comparisons of six pairs of 3.5 s trials).
 */
@Tag("load")
@DisplayName("Regression gate, end to end against the reference server, as A/B comparisons")
class RegressionGateTests {

    private static final Logger LOG = LoggerFactory.getLogger(RegressionGateTests.class);
    /** The final latency's judged line: the highest percentile the trials' counts support. */
    private static final String FINAL_LATENCY = "latency." + GateSuite.FINAL_LATENCY + ".";

    private static GateSuite suite;
    private static Path resultsDir;
    private static InterleavedComparison.Outcome clean;

    @BeforeAll
    static void compareCleanWithClean() throws Exception {
        Settings settings = Settings.fromSystem();
        suite = new GateSuite(settings);
        resultsDir = settings.resultsDir();
        clean = suite.compare("clean");
    }

    @AfterAll
    static void writeIndex() throws IOException {
        if (resultsDir != null) {
            Reporters.writeIndex(resultsDir);
        }
    }

    @Test
    void twoCleanServersPassAgainstEachOther() throws Exception {
        Verdict verdict = judge(clean);

        // The gate never fails clean code: no metric FAILs. A timing may WARN when a burst of
        // foreign load hit one side's trials unevenly (a WARN never fails a test), or be
        // INCONCLUSIVE when the toolkit found pairs compromised; what the faults below are caught
        // on must be clean.
        String summary = VerdictMessages.summary(verdict);
        assertThat(clean.candidate().errors().failedIterations())
                .as("failed sessions\n" + summary)
                .isZero();
        assertThat(failed(verdict)).as(summary).isEmpty();
        assertThat(verdict.overall()).as(summary).isNotEqualTo(VerdictStatus.FAIL);
        for (String metric : List.of("memory.slope", "errors.ratio", "fds.delta", "threads.delta")) {
            assertThat(status(verdict, metric)).as(metric + " in\n" + summary).isEqualTo(VerdictStatus.PASS);
        }
        assertThat(clean.candidate().trials()).as("one trial per pair").hasSize(suite.pairs());
        assertThat(clean.reference().trials()).as("one trial per pair").hasSize(suite.pairs());
    }

    @Test
    void extraLatencyFailsOnFinalLatencyP99() throws Exception {
        // Two clean p99s of extra time (+200 %): far beyond the +50 % fail level, so the whole
        // paired interval clears it. Sized from the clean comparison's A side (the synthetic
        // engine burns CPU time, so its wall-clock latency follows the machine's load); at most
        // 1 s, so several sessions per channel still fit into a 3 s trial.
        long cleanP99Millis =
                (clean.reference().latency(GateSuite.FINAL_LATENCY).p99Nanos() + 999_999) / 1_000_000;
        long faultMillis = Math.min(1_000, Math.max(100, 2 * cleanP99Millis));
        InterleavedComparison.Outcome run =
                suite.compare("latency-fault", "--fault-latency-ms", Long.toString(faultMillis));
        Verdict verdict = judge(run);

        String summary = VerdictMessages.summary(verdict);
        // Latency is a timing: when too many pairs were COMPROMISED it is not judged at all
        // (INCONCLUSIVE), which is all this comparison can then show.
        assumeFalse(
                verdict.overall() == VerdictStatus.INCONCLUSIVE,
                () -> "the machine is too busy to judge latency:\n" + summary);
        assertThat(verdict.overall()).as(summary).isEqualTo(VerdictStatus.FAIL);
        assertThat(failed(verdict))
                .as(summary)
                .anyMatch(m -> m.startsWith(FINAL_LATENCY))
                .allMatch(RegressionGateTests::isLatency);
        assertThat(status(verdict, "errors.ratio")).as(summary).isEqualTo(VerdictStatus.PASS);
        assertThat(VerdictMessages.failureMessage(verdict))
                .as("the message the test fails with")
                .contains(FINAL_LATENCY, "beyond the fail level of +50 %", "regressed against the reference build A");
    }

    @Test
    void leakingMemoryAndDescriptorsFailsOnMemorySlopeAndFdsDelta() throws Exception {
        // One comparison with both leaks (a CI minute cheaper than one each): each fault has its
        // own metric, and a leak never shows as errors or threads.
        Verdict verdict = judge(suite.compare(
                "leaks",
                "--fault-leak-bytes-per-request",
                Long.toString(suite.leakBytesPerRequest()),
                "--fault-fd-leak-every",
                "1"));

        String summary = VerdictMessages.summary(verdict);
        assertThat(verdict.overall()).as(summary).isEqualTo(VerdictStatus.FAIL);
        assertThat(failed(verdict))
                .as(summary)
                .contains("memory.slope", "fds.delta")
                .allMatch(metric -> metric.equals("memory.slope") || metric.equals("fds.delta") || isLatency(metric));
        assertThat(status(verdict, "errors.ratio")).as(summary).isEqualTo(VerdictStatus.PASS);
        assertThat(status(verdict, "threads.delta")).as(summary).isEqualTo(VerdictStatus.PASS);
        assertThat(VerdictMessages.failureMessage(verdict))
                .as("the message the test fails with")
                .contains("memory.slope: RSS slope under load", "fds.delta");
    }

    private static Verdict judge(InterleavedComparison.Outcome comparison) throws IOException {
        PairedVerdicts.Judged judged = comparison.judge(suite.rules());
        Path page = Reporters.writeTest(
                TestOutcome.comparison(comparison.candidate(), judged.verdict(), comparison.comparison(judged)),
                resultsDir);
        LOG.info("{}\n{}", page, VerdictMessages.summary(judged.verdict()));
        return judged.verdict();
    }

    private static boolean isLatency(String metric) {
        return metric.startsWith("latency.");
    }

    private static List<String> failed(Verdict verdict) {
        return verdict.metricsWithStatus(VerdictStatus.FAIL).stream()
                .map(MetricVerdict::metric)
                .toList();
    }

    private static VerdictStatus status(Verdict verdict, String metric) {
        return verdict.metrics().stream()
                .filter(m -> m.metric().equals(metric))
                .map(MetricVerdict::status)
                .findFirst()
                .orElseThrow(
                        () -> new AssertionError(metric + " was not judged:\n" + VerdictMessages.summary(verdict)));
    }
}
