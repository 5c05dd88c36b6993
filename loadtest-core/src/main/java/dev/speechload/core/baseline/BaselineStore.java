package dev.speechload.core.baseline;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.speechload.core.io.internal.AtomicFiles;
import dev.speechload.core.io.internal.FileNames;
import dev.speechload.core.io.internal.Json;
import dev.speechload.core.result.HealthStatus;
import dev.speechload.core.result.RunResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The baselines directory: one {@code <test>.json} per test. Files are written atomically (a
 * reader, or a crash, never leaves a half-written baseline) and read tolerantly (unknown fields are
 * ignored). Thread-safe; concurrent writes of the same test leave one of the two whole files.
 *
 * <p>To record a run as the new baseline (the {@code loadtest.updateBaseline} setting), call
 * {@code store.write(Baseline.from(result))}; to add it as another run of the stored baseline,
 * {@link #append(RunResult, int)}. A run whose measurement was COMPROMISED is never recorded.
 */
public final class BaselineStore {

    /** Writes bytes to a file; the production writer is {@link AtomicFiles#write}. */
    @FunctionalInterface
    interface FileWriter {
        void write(Path file, byte[] content) throws IOException;
    }

    private final Path dir;
    private final FileWriter writer;

    /** @param dir the baselines directory; need not exist until the first write */
    public BaselineStore(Path dir) {
        this(dir, AtomicFiles::write);
    }

    BaselineStore(Path dir, FileWriter writer) {
        this.dir = Objects.requireNonNull(dir, "dir");
        this.writer = Objects.requireNonNull(writer, "writer");
    }

    /** The directory this store reads and writes. */
    public Path dir() {
        return dir;
    }

    /**
     * The file of a test's baseline: {@code <dir>/<stem>.json} with {@link FileNames#stem} of the
     * test name (characters other than letters, digits, '.', '-' and '_' become '_'), the same
     * stem as the test's result and report files.
     */
    public Path fileFor(String testName) {
        Objects.requireNonNull(testName, "testName");
        return dir.resolve(FileNames.stem(testName) + ".json");
    }

    /**
     * The baseline of a test, or empty when it has none (a missing file is not an error).
     *
     * @throws BaselineException when the file exists but cannot be read: broken JSON, wrong types,
     *                           a newer schemaVersion, or another test's baseline
     */
    public Optional<Baseline> find(String testName) {
        Path file = fileFor(testName);
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw unreadable(file, e);
        }
        Baseline baseline = parse(file, bytes);
        if (!baseline.testName().equals(testName)) {
            throw new BaselineException(
                    file,
                    "holds the baseline of '" + baseline.testName() + "', not '" + testName
                            + "' — delete the file or re-record it with the baseline update command",
                    null);
        }
        return Optional.of(baseline);
    }

    /**
     * Reads a baseline file.
     *
     * @throws BaselineException naming the file and the problem
     */
    public static Baseline read(Path file) {
        try {
            return parse(file, Files.readAllBytes(file));
        } catch (NoSuchFileException e) {
            throw new BaselineException(file, "file does not exist", e);
        } catch (IOException e) {
            throw unreadable(file, e);
        }
    }

    private static BaselineException unreadable(Path file, IOException e) {
        if (Files.isDirectory(file)) {
            return new BaselineException(
                    file,
                    "is a directory where the test's baseline file belongs — move or delete"
                            + " it; the baseline is recorded there as a file",
                    e);
        }
        return new BaselineException(
                file,
                "cannot read: " + e.getMessage() + " — check the file's permissions, or"
                        + " delete it and re-record the baseline",
                e);
    }

    private static Baseline parse(Path file, byte[] bytes) {
        String fix = " — fix or delete the file, or re-record it with the baseline update command";
        JsonNode root;
        try {
            root = Json.mapper().readTree(bytes);
        } catch (JsonProcessingException e) {
            throw new BaselineException(file, JsonProblems.describe(e) + fix, e);
        } catch (IOException e) {
            throw new BaselineException(file, "cannot read: " + e.getMessage(), e);
        }
        if (root == null || root.isMissingNode()) {
            throw new BaselineException(file, "file is empty" + fix, null);
        }
        if (!root.isObject()) {
            throw new BaselineException(
                    file,
                    "expected a JSON object, found " + root.getNodeType().name().toLowerCase() + fix,
                    null);
        }
        JsonNode version = root.get("schemaVersion");
        if (version == null || !version.isNumber()) {
            throw new BaselineException(file, "no schemaVersion number: not a speechload baseline" + fix, null);
        }
        if (!version.isIntegralNumber() || !version.canConvertToInt() || version.asInt() < 1) {
            throw new BaselineException(
                    file,
                    "schemaVersion " + version.asText() + " is not a version speechload"
                            + " writes (whole numbers from 1 to " + Baseline.SCHEMA_VERSION + ")" + fix,
                    null);
        }
        if (version.asInt() > Baseline.SCHEMA_VERSION) {
            throw new BaselineException(
                    file,
                    "schemaVersion " + version.asInt() + " is newer than this speechload reads ("
                            + Baseline.SCHEMA_VERSION
                            + ") — upgrade speechload, or re-record the baseline with this version",
                    null);
        }
        if (!root.hasNonNull("testName")) {
            throw new BaselineException(file, "no testName: not a speechload baseline" + fix, null);
        }
        try {
            Baseline baseline = Json.mapper().treeToValue(root, Baseline.class);
            BaselineChecks.check(file, baseline);
            return baseline;
        } catch (JsonProcessingException e) {
            throw new BaselineException(file, JsonProblems.describe(e) + fix, e);
        } catch (IllegalArgumentException e) {
            throw new BaselineException(file, "invalid content: " + e.getMessage() + fix, e);
        }
    }

    /**
     * Writes a baseline as {@link #fileFor(String) its file}, replacing any old one atomically.
     * The JSON is built completely before the file is touched.
     *
     * @return the file written
     * @throws BaselineException when the file cannot be written (the old file is left as it was)
     */
    public Path write(Baseline baseline) {
        Objects.requireNonNull(baseline, "baseline");
        Path file = fileFor(baseline.testName());
        List<Baseline.RunFigures> runs = baseline.runs();
        if (!runs.isEmpty()) {
            refuseCompromised(file, baseline.testName(), runs.get(runs.size() - 1));
        }
        byte[] json;
        try {
            json = Json.mapper().writeValueAsBytes(baseline);
        } catch (JsonProcessingException e) {
            throw new BaselineException(file, "cannot encode the baseline as JSON: " + e.getOriginalMessage(), e);
        }
        try {
            writer.write(file, withNewline(json));
        } catch (IOException e) {
            throw new BaselineException(
                    file, "cannot write: " + e + " — check the directory's permissions and free space", e);
        }
        return file;
    }

    private static void refuseCompromised(Path file, String test, Baseline.RunFigures run) {
        if (run.healthOrHealthy() == HealthStatus.COMPROMISED) {
            throw new BaselineException(
                    file,
                    "the run of " + test + " was COMPROMISED ("
                            + (run.healthReason() == null ? "its measurement cannot be trusted" : run.healthReason())
                            + ") and cannot become a baseline: its timings describe the busy machine, not the code"
                            + " — record the baseline on a quiet machine (no other heavy processes, no CPU hog)",
                    null);
        }
    }

    /**
     * Adds a run to the test's stored baseline as its newest run, keeping the newest {@code keep}
     * runs ({@link Baseline#withRun}), and writes the file atomically; a test without a baseline
     * gets a one-run baseline. Not synchronised with other writers of the same file: run one
     * update at a time per baselines directory.
     *
     * @param keep runs to keep, &gt;= 1 (the CLI's default is {@link Baseline#DEFAULT_RUNS})
     * @return the file written
     * @throws BaselineException when the run's measurement was COMPROMISED, when the stored file
     *                           cannot be read, or when the run is of another plan than the stored
     *                           baseline's runs (record a new baseline instead)
     */
    public Path append(RunResult result, int keep) {
        Objects.requireNonNull(result, "result");
        Path file = fileFor(result.testName());
        refuseCompromised(file, result.testName(), Baseline.RunFigures.of(result));
        Optional<Baseline> stored = find(result.testName());
        if (stored.isEmpty()) {
            return write(Baseline.from(result));
        }
        try {
            return write(stored.get().withRun(result, keep));
        } catch (IllegalArgumentException e) {
            throw new BaselineException(file, e.getMessage(), e);
        }
    }

    private static byte[] withNewline(byte[] json) {
        byte[] out = java.util.Arrays.copyOf(json, json.length + 1);
        out[json.length] = '\n';
        return out;
    }

    /**
     * Promotes results to baselines: reads {@code resultsDir} and writes each result (or only
     * {@code test}'s) as the new baseline.
     *
     * @param resultsDir the results directory, holding {@code <test>.json} files
     * @param test       a test name to promote alone, or empty for all
     * @return the baseline files written, in test-name order
     * @throws BaselineException when the directory is missing or empty, the named test has no
     *                           result, a result is partial (its run was killed), or a file is broken
     */
    public List<Path> promote(Path resultsDir, Optional<String> test) {
        return promote(resultsDir, test, false, Baseline.DEFAULT_RUNS);
    }

    /**
     * Promotes results to baselines, as {@link #promote(Path, Optional)}, or with {@code append}
     * adds each result as another run of its stored baseline, keeping the newest {@code keep} runs.
     *
     * @throws BaselineException as {@link #promote(Path, Optional)}, and when a result's measurement
     *                           was COMPROMISED or (appending) is of another plan than the baseline
     */
    public List<Path> promote(Path resultsDir, Optional<String> test, boolean append, int keep) {
        Objects.requireNonNull(test, "test");
        return promote(resultsDir, ResultFiles.readAll(resultsDir), test, append, keep);
    }

    /**
     * Promotes the readable results, as {@link #promote(Path, Optional, boolean, int)}, and returns
     * the result files that could not be read instead of stopping at the first one: a truncated
     * file among good ones leaves the good ones promoted. With {@code test}, only a broken file
     * named as that test's result ({@link ResultFiles#file}) is returned; others cannot be told
     * apart from other tests' files and are left alone.
     *
     * @throws BaselineException as {@link #promote(Path, Optional, boolean, int)}; when no readable
     *                           result was chosen but some file was unreadable, naming those files
     */
    public Promotion promoteReadable(Path resultsDir, Optional<String> test, boolean append, int keep) {
        Objects.requireNonNull(test, "test");
        ResultFiles.Scan all = ResultFiles.scan(resultsDir);
        ResultFiles.Scan chosen = test.map(all::only).orElse(all);
        List<ResultFiles.Unreadable> unreadable = chosen.unreadable();
        if (chosen.loaded().isEmpty() && !unreadable.isEmpty()) {
            throw new BaselineException(
                    resultsDir,
                    "no readable result"
                            + test.map(t -> " for test '" + t + "'").orElse("")
                            + ", nothing promoted; unreadable: "
                            + String.join(
                                    "; ",
                                    unreadable.stream()
                                            .map(ResultFiles.Unreadable::message)
                                            .toList()),
                    null);
        }
        return new Promotion(promote(resultsDir, all.loaded(), test, append, keep), unreadable);
    }

    /**
     * What {@link #promoteReadable} did.
     *
     * @param written    the baseline files written, in test-name order
     * @param unreadable the result files that could not be read and were not promoted
     */
    public record Promotion(List<Path> written, List<ResultFiles.Unreadable> unreadable) {
        public Promotion {
            written = List.copyOf(written);
            unreadable = List.copyOf(unreadable);
        }
    }

    private List<Path> promote(
            Path resultsDir, List<ResultFiles.Loaded> loaded, Optional<String> test, boolean append, int keep) {
        if (keep < 1) {
            throw new IllegalArgumentException("keep must be >= 1 run, was " + keep);
        }
        List<ResultFiles.Loaded> chosen = loaded.stream()
                .filter(l -> test.isEmpty() || l.result().testName().equals(test.get()))
                .toList();
        if (chosen.isEmpty()) {
            String what = test.map(t -> "no result for test '" + t + "'" + known(loaded))
                    .orElse("no result files");
            throw new BaselineException(resultsDir, what + " — run the load tests first", null);
        }
        for (ResultFiles.Loaded l : chosen) {
            if (l.result().partial()) {
                throw new BaselineException(
                        l.file(),
                        "is a partial run (it was stopped before it ended) and cannot"
                                + " become a baseline — re-run the test to completion",
                        null);
            }
            refuseCompromised(l.file(), l.result().testName(), Baseline.RunFigures.of(l.result()));
        }
        List<Path> written = new ArrayList<>();
        chosen.stream()
                .map(ResultFiles.Loaded::result)
                .sorted(java.util.Comparator.comparing(RunResult::testName))
                .forEach(r -> written.add(append ? append(r, keep) : write(Baseline.from(r))));
        return written;
    }

    private static String known(List<ResultFiles.Loaded> loaded) {
        if (loaded.isEmpty()) {
            return "";
        }
        return " (results hold: "
                + String.join(
                        ", ",
                        loaded.stream().map(l -> l.result().testName()).sorted().toList()) + ")";
    }
}
