package dev.speechload.core.cli;

import dev.speechload.core.baseline.BaselineException;
import dev.speechload.core.baseline.ResultFiles;
import dev.speechload.core.result.RunResult;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code speechload merge}: one result from the result files of several load generators. */
@Command(
        name = "merge",
        mixinStandardHelpOptions = true,
        description = {
            "Combine result files of the same test from several load generators into one.",
            "Latency histograms are merged exactly; counts and throughput add up."
        })
final class MergeCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(
            names = {"-o", "--output"},
            paramLabel = "FILE",
            required = true,
            description = "Where to write the merged result (e.g. results/Foo.bar.json).")
    Path output;

    @Parameters(paramLabel = "FILE", arity = "2..*", description = "Result files of one test, two or more.")
    List<Path> inputs;

    @Override
    public Integer call() throws IOException {
        List<RunResult> results = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        List<ResultFiles.Unreadable> unreadable = new ArrayList<>();
        for (Path input : inputs) {
            try {
                results.add(ResultFiles.read(input));
                labels.add(input.toString());
            } catch (BaselineException e) {
                unreadable.add(new ResultFiles.Unreadable(e.file(), e.problem()));
            }
        }
        if (results.size() < 2 && !unreadable.isEmpty()) {
            throw new BaselineException(
                    unreadable.get(0).file(),
                    unreadable.get(0).problem()
                            + (unreadable.size() > 1
                                    ? "; "
                                            + String.join(
                                                    "; ",
                                                    unreadable.stream()
                                                            .skip(1)
                                                            .map(ResultFiles.Unreadable::message)
                                                            .toList())
                                    : "")
                            + " — only " + results.size() + " of " + inputs.size() + " files readable, nothing merged",
                    null);
        }
        ResultMerger.Merged merged = ResultMerger.merge(labels, results);
        ResultFiles.writeFinal(output, merged.result());
        PrintWriter out = spec.commandLine().getOut();
        out.println("merged " + results.size() + (unreadable.isEmpty() ? "" : " of " + inputs.size()) + " results of "
                + merged.result().testName() + " into " + output);
        if (!unreadable.isEmpty()) {
            // The merged counts and throughput lack the unreadable generators' load: say so beside the figures.
            out.println("  note: " + unreadable.size() + (unreadable.size() == 1 ? " file was" : " files were")
                    + " unreadable and left out, so the merged result lacks that load (named on stderr)");
        }
        merged.notes().forEach(n -> out.println("  note: " + n));
        out.flush();
        return ExitCodes.withUnreadable(spec.commandLine(), ExitCodes.PASS, unreadable);
    }
}
