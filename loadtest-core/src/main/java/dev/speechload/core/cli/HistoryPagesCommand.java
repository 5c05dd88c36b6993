package dev.speechload.core.cli;

import dev.speechload.core.history.History;
import dev.speechload.core.report.TrendReports;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code speechload history pages}: writes trends.html and one trend page per test into the results directory. */
@Command(
        name = "pages",
        mixinStandardHelpOptions = true,
        description =
                "Write results/trends.html and a trend page per test (charts over runs, change points, baseline).")
final class HistoryPagesCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    HistoryOptions history;

    @Mixin
    DirectoryOptions dirs;

    @Override
    public Integer call() throws IOException {
        History h = history.forReading();
        Files.createDirectories(dirs.results);
        List<Path> written =
                TrendReports.write(h, dirs.results, dirs.baselines, TrendReports.commitUrl(System.getenv()));
        written.forEach(p -> spec.commandLine().getOut().println("wrote " + p));
        spec.commandLine().getOut().flush();
        return ExitCodes.PASS;
    }
}
