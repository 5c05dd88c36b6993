package dev.speechload.core.cli;

import dev.speechload.core.config.Settings;
import dev.speechload.core.history.Histories;
import dev.speechload.core.history.History;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Which run history a command reads or writes: {@code --history URL}, else the setting, else the embedded file. */
final class HistoryOptions {

    @Option(
            names = "--history",
            paramLabel = "URL",
            description = "The run history: a JDBC URL (jdbc:postgresql://host:5432/db?user=..&password=.. or"
                    + " jdbc:h2:file:/path/history). Default: loadtest.history.url (or LOADTEST_HISTORY_URL), else"
                    + " .speechload/history under the working directory.")
    String url;

    /** The configured URL, or null for the embedded file. */
    private String configured() {
        if (url != null && !url.isBlank()) {
            return url.trim();
        }
        String property = System.getProperty(Settings.HISTORY_URL);
        if (property == null || property.isBlank()) {
            property = System.getenv(Settings.envName(Settings.HISTORY_URL));
        }
        return property == null || property.isBlank() ? null : property.trim();
    }

    /** The history to write to (the embedded one is created where missing). */
    History forWriting() {
        String u = configured();
        return u != null ? Histories.open(u) : Histories.embedded(Path.of("").toAbsolutePath());
    }

    /**
     * The history to read; the embedded file must exist (reading would otherwise create an empty one and
     * answer "no runs" about a wrong directory).
     *
     * @throws IllegalArgumentException naming the missing file and what to do
     */
    History forReading() {
        String u = configured();
        if (u != null) {
            return Histories.open(u);
        }
        Path root = Path.of("").toAbsolutePath();
        Path file = Histories.embeddedFile(root);
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("no run history at " + file + " — run the load tests from this"
                    + " directory first, or pass --history URL");
        }
        return Histories.embedded(root);
    }
}
