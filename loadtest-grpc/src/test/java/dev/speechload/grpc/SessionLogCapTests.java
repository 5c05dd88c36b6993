package dev.speechload.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.speechload.grpc.internal.SessionLogChain;
import dev.speechload.grpc.internal.SessionLogWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("session log files: beside the result, capped, kept across trials")
class SessionLogCapTests {

    private static final SessionLog SESSION = new SessionLog(
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
            "hello");
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-02T03:04:05Z"), ZoneOffset.UTC);
    private static final int ROW_BYTES = SessionLogFormat.JSONL.row(SESSION).getBytes(StandardCharsets.UTF_8).length;

    @Test
    void namesTheFileAfterTheResultInTheResultsDirectory() {
        Path results = Path.of("/tmp/results");
        SessionLogging only = SessionLogging.besideResult(results, "SttBackpressureSuite.shedsInterims", null);
        SessionLogging part = SessionLogging.besideResult(results, "SttShutdownSuite.drains", "long sessions");

        assertThat(only.file()).isEqualTo(results.resolve("SttBackpressureSuite.shedsInterims.sessions.jsonl"));
        assertThat(only.format()).isEqualTo(SessionLogFormat.JSONL);
        assertThat(only.maxFileBytes())
                .isEqualTo(SessionLogging.RESULT_LOG_MAX_BYTES)
                .isEqualTo(16L * 1024 * 1024);
        assertThat(part.file()).isEqualTo(results.resolve("SttShutdownSuite.drains.long_sessions.sessions.jsonl"));
    }

    @Test
    void stopsWritingAtTheCapAndSaysSoInTheFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("capped.sessions.jsonl");
        SessionLogging logging = SessionLogging.toFile(file).withMaxFileBytes(2L * ROW_BYTES + ROW_BYTES / 2);

        long omitted;
        try (SessionLogWriter writer = SessionLogWriter.open(logging, "t", CLOCK)) {
            for (int i = 0; i < 5; i++) {
                writer.submit(SESSION);
            }
            writer.close();
            omitted = writer.omitted();
        }

        List<String> lines = Files.readAllLines(file);
        assertThat(lines).hasSize(3);
        assertThat(lines.subList(0, 2))
                .allSatisfy(line -> assertThat(line + "\n").isEqualTo(SessionLogFormat.JSONL.row(SESSION)));
        JsonNode note = new ObjectMapper().readTree(lines.get(2));
        assertThat(note.path("note").asText())
                .isEqualTo("session log cap of " + (2L * ROW_BYTES + ROW_BYTES / 2)
                        + " bytes reached after 2 sessions: later sessions are not written"
                        + " (raise SessionLogging.withMaxFileBytes to keep them)");
        assertThat(note.path("sessions_written").asLong()).isEqualTo(2);
        assertThat(omitted).as("sessions left out").isEqualTo(3);
    }

    @Test
    void addsLaterTrialsToTheFileWithOneHeaderAndOneCapForAll(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("trials.csv");
        String header = SessionLogFormat.CSV.header("t", CLOCK.instant());
        int csvRow = SessionLogFormat.CSV.row(SESSION).getBytes(StandardCharsets.UTF_8).length;
        SessionLogging logging = SessionLogging.toFile(file)
                .withFormat(SessionLogFormat.CSV)
                .withMaxFileBytes(header.length() + 3L * csvRow);
        SessionLogChain chain = new SessionLogChain();

        for (int trial = 0; trial < 3; trial++) {
            try (SessionLogWriter writer = chain.open(logging, "t", CLOCK)) {
                writer.submit(SESSION);
                writer.submit(SESSION);
            }
        }

        List<String> lines = Files.readAllLines(file);
        assertThat(lines.get(0) + "\n").isEqualTo(header);
        assertThat(lines).filteredOn(line -> line.startsWith("session,")).hasSize(1);
        assertThat(lines).filteredOn(line -> line.startsWith("c1-i2,")).hasSize(3);
        assertThat(lines)
                .filteredOn(line -> line.startsWith("# session log cap"))
                .singleElement()
                .asString()
                .contains("reached after 3 sessions");
        assertThat(lines).hasSize(5);
    }

    @Test
    void aNewChainReplacesTheFileOfAnEarlierRun(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("again.sessions.jsonl");
        SessionLogging logging = SessionLogging.toFile(file);
        for (int run = 0; run < 2; run++) {
            try (SessionLogWriter writer = new SessionLogChain().open(logging, "t", CLOCK)) {
                writer.submit(SESSION);
            }
        }
        assertThat(Files.readAllLines(file)).hasSize(1);
    }

    @Test
    void refusesACapThatIsNotPositive() {
        assertThatThrownBy(() -> SessionLogging.toFile(Path.of("x.jsonl")).withMaxFileBytes(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxFileBytes must be positive (Long.MAX_VALUE for no cap), was 0");
    }
}
