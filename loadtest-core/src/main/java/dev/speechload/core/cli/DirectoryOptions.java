package dev.speechload.core.cli;

import dev.speechload.core.baseline.BaselineException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The results and baselines directories, shared by the commands that read them. */
final class DirectoryOptions {

    @Option(
            names = "--results",
            paramLabel = "DIR",
            defaultValue = "results",
            description = "Directory of result files <test>.json (default: ${DEFAULT-VALUE}).")
    Path results;

    @Option(
            names = "--baselines",
            paramLabel = "DIR",
            defaultValue = "baselines",
            description = "Directory of baseline files <test>.json (default: ${DEFAULT-VALUE}).")
    Path baselines;

    /** The baselines directory, which must exist (a wrong path would otherwise read as "no baselines"). */
    Path existingBaselines() {
        if (!Files.isDirectory(baselines)) {
            throw new BaselineException(
                    baselines,
                    "baselines directory does not exist — pass --baselines DIR, or"
                            + " create it with 'speechload baseline update'",
                    null);
        }
        return baselines;
    }
}
