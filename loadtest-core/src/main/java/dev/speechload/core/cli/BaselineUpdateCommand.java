package dev.speechload.core.cli;

import dev.speechload.core.baseline.BaselineStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

/** {@code speechload baseline update}: promotes results to baselines (all, or one test). */
@Command(name = "update", mixinStandardHelpOptions = true,
        description = "Write results as the new baselines (all tests, or --test NAME). Commit the files afterwards.")
final class BaselineUpdateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    DirectoryOptions dirs;

    @Option(names = "--test", paramLabel = "NAME", description = "Promote only this test (ClassName.method).")
    String test;

    @Override
    public Integer call() {
        List<Path> written = new BaselineStore(dirs.baselines).promote(dirs.results, Optional.ofNullable(test));
        for (Path file : written) {
            spec.commandLine().getOut().println("wrote " + file);
        }
        spec.commandLine().getOut().flush();
        return ExitCodes.PASS;
    }
}
