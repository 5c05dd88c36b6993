package dev.speechload.core.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.speechload.core.baseline.ResultFiles;
import dev.speechload.core.io.AtomicFiles;
import dev.speechload.core.io.Json;
import dev.speechload.core.result.RunResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code speechload merge}: one result from the result files of several load generators. */
@Command(name = "merge", mixinStandardHelpOptions = true,
        description = {"Combine result files of the same test from several load generators into one.",
                "Latency histograms are merged exactly; counts and throughput add up."})
final class MergeCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", required = true,
            description = "Where to write the merged result (e.g. results/Foo.bar.json).")
    Path output;

    @Parameters(paramLabel = "FILE", arity = "2..*", description = "Result files of one test, two or more.")
    List<Path> inputs;

    @Override
    public Integer call() throws IOException {
        List<RunResult> results = inputs.stream().map(ResultFiles::read).toList();
        List<String> labels = inputs.stream().map(Path::toString).toList();
        ResultMerger.Merged merged = ResultMerger.merge(labels, results);
        AtomicFiles.write(output, json(merged.result()));
        spec.commandLine().getOut().println("merged " + inputs.size() + " results of " + merged.result().testName()
                + " into " + output);
        merged.notes().forEach(n -> spec.commandLine().getOut().println("  note: " + n));
        spec.commandLine().getOut().flush();
        return ExitCodes.PASS;
    }

    private static byte[] json(RunResult result) throws JsonProcessingException {
        return (Json.mapper().writeValueAsString(result) + "\n").getBytes(StandardCharsets.UTF_8);
    }
}
