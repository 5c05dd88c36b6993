package dev.speechload.core.cli;

import dev.speechload.core.baseline.BaselineException;
import dev.speechload.core.report.IndexReport;
import dev.speechload.core.report.Reporters;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code speechload report}: regenerates every test's HTML page, {@code index.html} and
 * {@code summary.md} from the result files (for a results directory downloaded from CI, or after a
 * run was killed before its pages and index were written: a test with only
 * {@code <test>.partial.json} gets its page from that file, marked partial).
 */
@Command(
        name = "report",
        mixinStandardHelpOptions = true,
        description = "Regenerate the reports (<test>.html, index.html, summary.md) from the result files.")
final class ReportCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(
            names = "--results",
            paramLabel = "DIR",
            defaultValue = "results",
            description =
                    "Directory of result files <test>.json, or <test>.partial.json of a killed run (default: ${DEFAULT-VALUE}).")
    Path results;

    @Override
    public Integer call() throws IOException {
        if (!Files.isDirectory(results)) {
            throw new BaselineException(
                    results,
                    "results directory does not exist — run the load tests first," + " or pass --results DIR",
                    null);
        }
        IndexReport index = Reporters.writeAll(results);
        PrintWriter out = spec.commandLine().getOut();
        out.println("wrote " + index.indexHtml() + " and " + index.summaryMarkdown() + " ("
                + index.tests().size() + (index.tests().size() == 1 ? " test)" : " tests)"));
        out.flush();
        PrintWriter err = spec.commandLine().getErr();
        for (String partial : index.partialTests()) {
            err.println("speechload report: " + partial + " has only a partial result (its run was stopped before it"
                    + " ended): shown as partial");
        }
        for (IndexReport.Unreadable u : index.unreadable()) {
            // Most reasons already start with the file's name; name it once.
            String reason = u.reason().startsWith(u.file().toString()) ? u.reason() : u.file() + ": " + u.reason();
            err.println("speechload report: " + reason);
        }
        err.flush();
        if (index.unreadable().isEmpty()) {
            return ExitCodes.PASS;
        }
        // Drawn the rest: unreadable inputs are a flag on success, as for compare; nothing readable is an error.
        return index.tests().isEmpty() ? ExitCodes.USAGE : ExitCodes.PASS | ExitCodes.UNREADABLE_INPUT;
    }
}
