package dev.speechload.core.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/** {@code speechload baseline}: groups the baseline commands; alone it prints usage. */
@Command(name = "baseline", description = "Manage baselines.", mixinStandardHelpOptions = true,
        subcommands = BaselineUpdateCommand.class)
final class BaselineCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return ExitCodes.USAGE;
    }
}
