package dev.speechload.core.cli;

import picocli.CommandLine.Command;

/** {@code speechload history}: groups the run-history commands; alone it prints usage. */
@Command(
        name = "history",
        description = "Read the run history: runs, trends and change points.",
        mixinStandardHelpOptions = true,
        subcommands = {
            HistoryListCommand.class,
            HistoryTrendCommand.class,
            HistoryChangesCommand.class,
            HistoryPagesCommand.class
        })
final class HistoryCommand extends CommandGroup {}
