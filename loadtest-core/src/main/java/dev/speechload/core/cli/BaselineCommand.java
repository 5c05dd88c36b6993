package dev.speechload.core.cli;

import picocli.CommandLine.Command;

/** {@code speechload baseline}: groups the baseline commands; alone it prints usage. */
@Command(
        name = "baseline",
        description = "Manage baselines.",
        mixinStandardHelpOptions = true,
        subcommands = BaselineUpdateCommand.class)
final class BaselineCommand extends CommandGroup {}
