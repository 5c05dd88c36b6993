package dev.speechload.core.history;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Two JVMs appending to one history at once lose no run (PostgreSQL; and the embedded file, which they take turns at). */
@DisplayName("run history written by two JVMs at once")
class HistoryTwoJvmTests {

    private static final int EACH = 15;

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"h2", "postgresql"})
    void keepsEveryRunOfBothJvms(String backend) throws Exception {
        String url = backend.equals("h2")
                ? "jdbc:h2:file:" + dir.resolve("history")
                : PostgresServer.shared().urlOrSkip();
        String test = "TwoJvms." + backend;
        Process other = new ProcessBuilder(List.of(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        HistoryAppenderMain.class.getName(),
                        url,
                        test,
                        String.valueOf(EACH),
                        String.valueOf(EACH)))
                .redirectErrorStream(true)
                .start();
        History history = Histories.open(url);
        for (int n = 0; n < EACH; n++) {
            history.append(HistoryFixtures.run(test, n, 10_000_000L + n, null), null, null);
        }
        String out = output(other);

        assertThat(out).as("the other JVM's output").endsWith("done");
        assertThat(history.runs(test, 100)).hasSize(2 * EACH);
        assertThat(history.trend(test, "latency.service_time.p99"))
                .extracting(TrendPoint::gitCommit)
                .first()
                .isEqualTo("c0");
    }

    private static String output(Process p) throws IOException, InterruptedException {
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("the other JVM did not finish within 120 s");
        }
        return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    }
}
