package dev.speechload.core.cli;

import dev.speechload.core.baseline.BaselineException;
import dev.speechload.core.baseline.ResultFiles;
import dev.speechload.core.history.HistoryException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.List;
import picocli.CommandLine;

/**
 * The CLI's exit codes, and the one place that turns an exception into a code and a message.
 * A message in plain words goes to stderr; the stack trace only with {@code --verbose}.
 */
final class ExitCodes {

    /** Every test passed (or warned); also success of update, report and merge. */
    public static final int PASS = 0;
    /** A regression (a FAIL verdict with {@code --fail-on-regression}) or another failure. */
    public static final int REGRESSION = 1;
    /** Bad arguments, missing directories, no readable input at all (or a timeout). */
    public static final int USAGE = 2;
    /**
     * No FAIL, but at least one test INCONCLUSIVE (its measurement could not be trusted, e.g. a
     * machine busy with other work), with {@code --fail-on-regression}: neither a pass nor a
     * regression; run it again on a quieter machine.
     */
    public static final int INCONCLUSIVE = 3;
    /**
     * Added to the code (a bit flag) when some input files could not be read but the command did
     * its job with the others: {@code compare} judged the readable results, {@code baseline update}
     * promoted them, {@code merge} merged them, {@code report} drew them. Each unreadable file is
     * named on stderr with its problem. So 4 = the rest passed, 5 = a regression and unreadable
     * inputs, 7 = inconclusive and unreadable inputs; test the flag with {@code (( code & 4 ))}.
     * When nothing at all could be read, the code is {@link #USAGE} instead.
     */
    public static final int UNREADABLE_INPUT = 4;

    private ExitCodes() {}

    /**
     * Names each unreadable input on stderr ("speechload compare: results/B.b.json: not valid JSON
     * ...") and returns {@code code} with the {@link #UNREADABLE_INPUT} flag when there was any.
     */
    static int withUnreadable(CommandLine cmd, int code, List<ResultFiles.Unreadable> unreadable) {
        PrintWriter err = cmd.getErr();
        unreadable.forEach(u -> err.println("speechload " + cmd.getCommandName() + ": " + u.message()));
        err.flush();
        return unreadable.isEmpty() ? code : code | UNREADABLE_INPUT;
    }

    /** The code for an exception thrown by a command. */
    static int forException(Throwable e) {
        if (e instanceof BaselineException
                || e instanceof IllegalArgumentException
                || e instanceof HistoryException
                || e instanceof IOException
                || e instanceof UncheckedIOException
                || e instanceof CommandLine.ParameterException) {
            return USAGE;
        }
        return REGRESSION;
    }

    /** Prints the exception as one plain message and returns its code. */
    static final class Handler implements CommandLine.IExecutionExceptionHandler {
        @Override
        public int handleExecutionException(Exception e, CommandLine cmd, CommandLine.ParseResult parseResult) {
            PrintWriter err = cmd.getErr();
            int code = forException(e);
            String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            if (code == USAGE) {
                err.println("speechload " + cmd.getCommandName() + ": " + message);
            } else {
                err.println("speechload " + cmd.getCommandName() + ": unexpected error: " + e
                        + (verbose(parseResult) ? "" : " (run with --verbose for details)"));
            }
            if (verbose(parseResult)) {
                e.printStackTrace(err);
            }
            err.flush();
            return code;
        }
    }

    /** Bad arguments: the message and where to find usage, exit {@link #USAGE}. */
    static final class ParameterHandler implements CommandLine.IParameterExceptionHandler {
        @Override
        public int handleParseException(CommandLine.ParameterException e, String[] args) {
            CommandLine cmd = e.getCommandLine();
            PrintWriter err = cmd.getErr();
            err.println("speechload: " + e.getMessage());
            CommandLine.UnmatchedArgumentException.printSuggestions(e, err);
            err.println("Run '" + cmd.getCommandSpec().qualifiedName() + " --help' for usage.");
            err.flush();
            return USAGE;
        }
    }

    private static boolean verbose(CommandLine.ParseResult parseResult) {
        for (CommandLine.ParseResult p = parseResult; p != null; p = p.subcommand()) {
            if (p.hasMatchedOption("--verbose")) {
                return true;
            }
        }
        return false;
    }
}
