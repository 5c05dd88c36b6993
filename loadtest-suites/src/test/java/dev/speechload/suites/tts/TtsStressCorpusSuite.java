package dev.speechload.suites.tts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.speechload.core.config.Scale;
import dev.speechload.core.config.Settings;
import dev.speechload.sse.corpus.Category;
import dev.speechload.sse.stress.RequestStatus;
import dev.speechload.sse.stress.StressReport;
import dev.speechload.sse.stress.StressRequest;
import dev.speechload.sse.stress.TtsStressRun;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The TTS stress corpus against the reference server: every category of text (short, long,
 * emoji and symbols, blank, mixed scripts, repetitions...) one request at a time, each request
 * recorded; the server crashes part-way (an injected fault) and is replaced by a fresh one, and
 * the run counts the crash and goes on; then the text length limit is found by bisection. The
 * stress tool writes its report under {@code results/} ({@code TtsStressRun.reportFile()}).
 *
 * <p>Sizing: {@value #COUNT_PROPERTY} (system property, or the environment variable
 * {@code LOADTEST_TTS_STRESS_COUNT}) sets the number of corpus requests, like the stress tool's
 * {@code --count}; default 40 at smoke scale, 1,000 at full scale.
 */
@Tag("load")
@DisplayName("TTS stress corpus")
class TtsStressCorpusSuite {

    static final String COUNT_PROPERTY = "loadtest.ttsStress.count";
    private static final Logger LOG = LoggerFactory.getLogger(TtsStressCorpusSuite.class);
    /** The server's text limit in this suite, in code points: the bisection must find exactly it. */
    private static final int MAX_TEXT_CHARS = 5_000;

    @Test
    void everyCategoryIsRecordedCrashesAreCountedAndTheLengthLimitIsFound() throws Exception {
        Settings settings = Settings.fromSystem();
        int count = count(settings);
        // The server halts on request crashAfter + 1: about two thirds into the corpus, so the run
        // must restart it and finish the rest on a fresh server.
        int crashAfter = Math.max(8, count * 2 / 3);
        TtsStressRun run = TtsStressRun.forTargets(
                        "tts-corpus",
                        () -> TtsServers.referenceServer(
                                "--tts-rtf",
                                "0.002",
                                "--tts-max-text-chars",
                                Integer.toString(MAX_TEXT_CHARS),
                                "--fault-crash-after",
                                Integer.toString(crashAfter)))
                .withCount(count)
                .withSeed(1)
                .withRequestTimeout(Duration.ofSeconds(60))
                .withLimitSearch(20, 30_000, 1)
                .withMaxRestarts(10);

        StressReport report = run.run();

        LOG.info(
                "TTS corpus stress: {} requests, {} ok, {} errors {}, {} timeouts, {} crashes; median {} ms, p95 {} ms;"
                        + " length limit {}; by category {}",
                report.totalRequests(),
                report.ok(),
                report.errors(),
                report.errorsByCode(),
                report.timeouts(),
                report.crashes(),
                Math.round(report.medianMillis()),
                Math.round(report.p95Millis()),
                report.lengthLimit(),
                report.byCategory());
        assertThat(report.abortedReason()).as("why the run stopped early").isNull();
        assertThat(Files.isRegularFile(run.reportFile()))
                .as("report file " + run.reportFile())
                .isTrue();
        assertThat(report.requests()).as("per-request records").hasSize(count);
        assertThat(report.totalRequests()).as("corpus requests").isEqualTo(count);
        Set<String> categories =
                Arrays.stream(Category.values()).map(Enum::name).collect(Collectors.toSet());
        assertThat(report.byCategory().keySet()).as("categories sent").containsExactlyInAnyOrderElementsOf(categories);

        assertThat(report.crashes())
                .as("server crashes counted (crash fault after %d requests)", crashAfter)
                .isGreaterThanOrEqualTo(1);
        assertThat(report.timeouts()).as("hung requests").isZero();
        for (StressRequest r : report.requests()) {
            assertThat(r.status())
                    .as(
                            "request %d (%s, %d chars): %s %s",
                            r.index(), r.category(), r.chars(), r.errorCode(), r.errorMessage())
                    .isIn(expected(r));
        }
        assertThat(report.lengthLimit().maxCharsOk())
                .as("longest text that worked")
                .isEqualTo(MAX_TEXT_CHARS);
        assertThat(report.lengthLimit().minCharsFail())
                .as("shortest text that failed")
                .isEqualTo(MAX_TEXT_CHARS + 1);
    }

    /**
     * What a request may end as: a blank text or one over the limit is refused (ERROR); any other
     * text is spoken (OK). Any request may meet the crash instead (CRASH: the one that triggered
     * it, and any sent before the restart finished).
     */
    private static List<RequestStatus> expected(StressRequest r) {
        boolean refused = r.text().isBlank() || r.chars() > MAX_TEXT_CHARS;
        return List.of(refused ? RequestStatus.ERROR : RequestStatus.OK, RequestStatus.CRASH);
    }

    private static int count(Settings settings) {
        String value = System.getProperty(COUNT_PROPERTY, System.getenv(Settings.envName(COUNT_PROPERTY)));
        if (value == null || value.isBlank()) {
            return settings.scale() == Scale.FULL ? 1_000 : 40;
        }
        try {
            int n = Integer.parseInt(value.trim());
            if (n >= 1) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(
                COUNT_PROPERTY + "=" + value + ": expected a whole number of requests, 1 or more");
    }
}
