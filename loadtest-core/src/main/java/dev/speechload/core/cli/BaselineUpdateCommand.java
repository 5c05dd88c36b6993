package dev.speechload.core.cli;

import dev.speechload.core.baseline.Baseline;
import dev.speechload.core.baseline.BaselineStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * {@code speechload baseline update}: promotes results to baselines (all, or one test), or with
 * {@code --append} adds them as another run of the stored baselines (keeping the newest
 * {@code --runs}).
 */
@Command(name = "update", mixinStandardHelpOptions = true,
        description = {"Write results as the new baselines (all tests, or --test NAME). Commit the files afterwards.",
            "With --append, add each result as another run of its baseline, so verdicts know the baseline's own"
                + " run-to-run noise."})
final class BaselineUpdateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    DirectoryOptions dirs;

    @Option(names = "--test", paramLabel = "NAME", description = "Promote only this test (ClassName.method).")
    String test;

    @Option(names = "--append", description = "Add the result as another run of the existing baseline"
            + " (a test without one gets a new baseline), keeping the newest --runs runs.")
    boolean append;

    @Option(names = "--runs", paramLabel = "N", defaultValue = "" + Baseline.DEFAULT_RUNS,
            description = "With --append: the newest runs a baseline keeps (default: ${DEFAULT-VALUE}).")
    int runs;

    @Override
    public Integer call() {
        if (runs < 1) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--runs must be at least 1, was " + runs);
        }
        BaselineStore.Promotion promotion = new BaselineStore(dirs.baselines)
                .promoteReadable(dirs.results, Optional.ofNullable(test), append, runs);
        for (Path file : promotion.written()) {
            spec.commandLine().getOut().println("wrote " + file);
        }
        spec.commandLine().getOut().flush();
        return ExitCodes.withUnreadable(spec.commandLine(), ExitCodes.PASS, promotion.unreadable());
    }
}
