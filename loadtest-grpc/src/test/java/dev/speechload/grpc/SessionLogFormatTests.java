package dev.speechload.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.speechload.grpc.internal.SessionLogWriter;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("session log formats")
class SessionLogFormatTests {

    private static final SessionLog OK = new SessionLog(
            "c1-i2",
            1,
            2,
            false,
            "2026-01-02T03:04:05.678Z",
            true,
            null,
            null,
            1000,
            11,
            5,
            4,
            12L,
            85L,
            998L,
            90L,
            1100L,
            1.1,
            3L,
            1L,
            2L,
            7L,
            0L,
            10L,
            "hello, \"world\"");
    private static final SessionLog FAILED = new SessionLog(
            "c0-i0",
            0,
            0,
            true,
            "2026-01-02T03:04:05.000Z",
            false,
            "ERR2003",
            "send",
            3000,
            7,
            0,
            0,
            null,
            null,
            null,
            null,
            null,
            null,
            0L,
            null,
            null,
            null,
            null,
            null,
            null);
    private static final Instant START = Instant.parse("2026-01-02T03:04:05Z");

    @Test
    void writesJsonLinesWithNullForWhatWasNotMeasured() {
        assertThat(SessionLogFormat.JSONL.header("t", START)).isEmpty();
        assertThat(SessionLogFormat.JSONL.row(OK))
                .isEqualTo("{\"session\":\"c1-i2\",\"channel\":1,\"iteration\":2,"
                        + "\"warmup\":false,\"started_at\":\"2026-01-02T03:04:05.678Z\",\"ok\":true,\"error_code\":null,"
                        + "\"stage\":null,\"audio_ms\":1000,\"requests_sent\":11,\"responses\":5,\"interims\":4,"
                        + "\"first_response_ms\":12,\"final_latency_ms\":85,\"send_ms\":998,\"tail_ms\":90,\"total_ms\":1100,"
                        + "\"rtf\":1.1,\"max_send_lag_ms\":3,\"decode_buffer_wait_ms\":1,\"decode_queue_wait_ms\":2,"
                        + "\"decode_inference_ms\":7,\"decode_emit_ms\":0,\"decode_total_ms\":10,"
                        + "\"transcript\":\"hello, \\\"world\\\"\"}\n");
        assertThat(SessionLogFormat.JSONL.row(FAILED))
                .contains(
                        "\"ok\":false,\"error_code\":\"ERR2003\",\"stage\":\"send\"",
                        "\"first_response_ms\":null",
                        "\"transcript\":null}");
        assertThat(SessionLogFormat.JSONL.footer(START, 2)).isEmpty();
    }

    @Test
    void writesCsvWithAHeaderLineAndQuotedText() {
        assertThat(SessionLogFormat.CSV.header("t", START))
                .isEqualTo("session,channel,iteration,warmup,started_at,"
                        + "ok,error_code,stage,audio_ms,requests_sent,responses,interims,first_response_ms,final_latency_ms,"
                        + "send_ms,tail_ms,total_ms,rtf,max_send_lag_ms,decode_buffer_wait_ms,decode_queue_wait_ms,"
                        + "decode_inference_ms,decode_emit_ms,decode_total_ms,transcript\n");
        assertThat(SessionLogFormat.CSV.row(OK))
                .isEqualTo("c1-i2,1,2,false,2026-01-02T03:04:05.678Z,true,,,1000,11,5,"
                        + "4,12,85,998,90,1100,1.1,3,1,2,7,0,10,\"hello, \"\"world\"\"\"\n");
        assertThat(SessionLogFormat.CSV.row(FAILED))
                .isEqualTo(
                        "c0-i0,0,0,true,2026-01-02T03:04:05.000Z,false,ERR2003," + "send,3000,7,0,0,,,,,,,0,,,,,,\n");
        assertThat(SessionLogFormat.CSV.footer(START, 2)).isEmpty();
    }

    @Test
    void writesTsvWithTabs() {
        assertThat(SessionLogFormat.TSV.row(OK))
                .isEqualTo("c1-i2\t1\t2\tfalse\t2026-01-02T03:04:05.678Z\ttrue\t\t\t1000"
                        + "\t11\t5\t4\t12\t85\t998\t90\t1100\t1.1\t3\t1\t2\t7\t0\t10\thello, \"world\"\n");
        assertThat(SessionLogFormat.TSV.header("t", START)).startsWith("session\tchannel\titeration\t");
    }

    @Test
    void writesMarkdownWithTitleStartEndAndColumnDescriptions() {
        String header = SessionLogFormat.MARKDOWN.header("stt smoke", START);
        assertThat(header)
                .startsWith("# Session log: stt smoke\n\nStarted: 2026-01-02T03:04:05Z\n\n"
                        + "| session | channel | iteration | warmup |");
        assertThat(header)
                .endsWith("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|"
                        + "---|---|---|---|---|\n");
        assertThat(SessionLogFormat.MARKDOWN.row(FAILED))
                .isEqualTo("| c0-i0 | 0 | 0 | true | 2026-01-02T03:04:05.000Z |"
                        + " false | ERR2003 | send | 3000 | 7 | 0 | 0 |  |  |  |  |  |  | 0 |  |  |  |  |  |  |\n");
        String footer = SessionLogFormat.MARKDOWN.footer(Instant.parse("2026-01-02T03:05:00Z"), 2);
        assertThat(footer)
                .startsWith("\nEnded: 2026-01-02T03:05:00Z (2 sessions)\n\n## Columns\n\n")
                .contains("| final_latency_ms | last request sent to final result, ms |\n")
                .endsWith("| transcript | final transcript (STT) or the final response's text (withText) |\n");
        String generic =
                SessionLogFormat.MARKDOWN.footer(Instant.parse("2026-01-02T03:05:00Z"), 2, SessionLogColumns.GENERIC);
        assertThat(generic)
                .doesNotContain("| audio_ms |")
                .doesNotContain("| rtf |")
                .doesNotContain("| decode_");
        assertThat(SessionLogFormat.MARKDOWN.row(FAILED, SessionLogColumns.GENERIC))
                .isEqualTo(
                        "| c0-i0 | 0 | 0 |"
                                + " true | 2026-01-02T03:04:05.000Z | false | ERR2003 | send | 7 | 0 | 0 |  |  |  |  |  | 0 |  |\n");
    }

    @Test
    void parsesFormatNamesAndNamesTheAcceptedOnes() {
        assertThat(SessionLogFormat.parse("MD")).isEqualTo(SessionLogFormat.MARKDOWN);
        assertThatThrownBy(() -> SessionLogFormat.parse("xml"))
                .hasMessage("session log format 'xml': expected jsonl | csv | tsv | markdown");
    }

    @Test
    void roundsDurationsToTheNearestMillisecond() {
        assertThat(SessionLog.millis(1_499_999)).isEqualTo(1);
        assertThat(SessionLog.millis(1_500_000)).isEqualTo(2);
        assertThat(SessionLog.millis(-1)).isNull();
        assertThat(SessionLog.millisFromMicros(7_499)).isEqualTo(7);
    }

    @Test
    void writesEverySessionToTheFileButOnlyTheFirstToStdout(@TempDir Path dir) throws Exception {
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        Path file = dir.resolve("logs/sessions.md");
        SessionLogging logging = SessionLogging.toFile(file)
                .withFormat(SessionLogFormat.MARKDOWN)
                .withStdout(1)
                .withStdoutStream(new PrintStream(console, true, StandardCharsets.UTF_8))
                .withTitle("run");
        Clock clock = Clock.fixed(START, ZoneOffset.UTC);

        try (SessionLogWriter writer = SessionLogWriter.open(logging, "ignored", clock)) {
            writer.submit(OK);
            writer.submit(FAILED);
        }

        String written = Files.readString(file);
        assertThat(written)
                .startsWith(SessionLogFormat.MARKDOWN.header("run", START))
                .contains(SessionLogFormat.MARKDOWN.row(OK) + SessionLogFormat.MARKDOWN.row(FAILED))
                .endsWith(SessionLogFormat.MARKDOWN.footer(START, 2));
        assertThat(console.toString(StandardCharsets.UTF_8))
                .isEqualTo(SessionLogFormat.MARKDOWN.header("run", START)
                        + SessionLogFormat.MARKDOWN.row(OK)
                        + SessionLogFormat.MARKDOWN.footer(START, 2));
    }
}
