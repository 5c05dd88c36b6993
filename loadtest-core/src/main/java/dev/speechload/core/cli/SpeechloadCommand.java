package dev.speechload.core.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * {@code speechload}: compare results with baselines, promote results to baselines, regenerate
 * reports and merge the results of several load generators. Exit codes are in {@link ExitCodes}.
 *
 * <p>Run it as {@code java -jar loadtest-core/target/speechload-cli.jar <command>}.
 */
@Command(
        name = "speechload",
        mixinStandardHelpOptions = true,
        version = "speechload 0.1.0",
        description = "Regression verdicts, baselines and reports for speechload load tests.",
        subcommands = {
            CompareCommand.class,
            BaselineCommand.class,
            ReportCommand.class,
            MergeCommand.class,
            HistoryCommand.class,
            CommandLine.HelpCommand.class
        },
        footer = {
            "",
            "Exit codes: 0 pass, 1 regression or failure, 2 usage error (bad arguments, missing"
                    + " directories, nothing readable) or timeout, 3 inconclusive; 4 is added when some input files"
                    + " were unreadable (named on stderr) and the rest were processed: 4, 5 or 7."
        })
public final class SpeechloadCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--verbose", scope = ScopeType.INHERIT, description = "Show stack traces of errors.")
    boolean verbose;

    /** Without a command: print usage and exit with {@link ExitCodes#USAGE}. */
    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return ExitCodes.USAGE;
    }

    /**
     * A command line ready to {@code execute(args)}: the exception handlers are installed. Tests
     * set their own writers on it with {@code setOut} / {@code setErr}.
     */
    public static CommandLine newCommandLine() {
        return new CommandLine(new SpeechloadCommand())
                .setExecutionExceptionHandler(new ExitCodes.Handler())
                .setParameterExceptionHandler(new ExitCodes.ParameterHandler())
                .setCaseInsensitiveEnumValuesAllowed(true);
    }

    /** The only {@code System.exit} of speechload. */
    public static void main(String[] args) {
        // The CLI jar bundles no SLF4J provider (a library must not pick one for its users), so keep
        // SLF4J's "no providers" warning off stderr: everything a user needs is printed anyway.
        if (System.getProperty("slf4j.internal.verbosity") == null) {
            System.setProperty("slf4j.internal.verbosity", "ERROR");
        }
        System.exit(newCommandLine().execute(args));
    }
}
