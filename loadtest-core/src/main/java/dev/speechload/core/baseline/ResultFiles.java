package dev.speechload.core.baseline;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.speechload.core.io.internal.AtomicFiles;
import dev.speechload.core.io.internal.FileNames;
import dev.speechload.core.io.internal.Json;
import dev.speechload.core.result.RunResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place that reads and writes result files. Every result file has one format, the report's
 * wrapper {@code {"result": {...}, "verdict": {...}, "baseline": ..., ...}}: {@code result} is the
 * {@link RunResult}, the other top-level fields are what the report adds (all absent in a file that
 * holds only a run). Two names, {@code <stem>} being {@link FileNames#stem} of the test name:
 * <ul>
 *   <li>{@code results/<stem>.json}: the test's final result, written once, when it is final;</li>
 *   <li>{@code results/<stem>.partial.json}: the run so far, rewritten during the run so a killed run
 *       loses little; removed when the final file is written. A reader that finds only this file
 *       reads it as the test's result, which says it is partial ({@link Loaded#partial()}).</li>
 * </ul>
 * A bare run result (top-level {@code testName}, the format earlier speechload versions wrote) is
 * refused with a message naming the file and how to convert it. Unknown fields are ignored.
 * Thread-safe.
 */
public final class ResultFiles {

    private static final Logger LOG = LoggerFactory.getLogger(ResultFiles.class);

    /** The suffix of a final result file. */
    public static final String SUFFIX = ".json";
    /** The suffix of a partial result file, written while its run goes on. */
    public static final String PARTIAL_SUFFIX = ".partial.json";

    private ResultFiles() {}

    /**
     * Reads one result file, final or partial.
     *
     * @throws BaselineException when the file is missing, unreadable, not JSON, not a result, in the
     *                           old bare format, or written by a newer speechload; the message names the file
     */
    public static RunResult read(Path file) {
        return readDocument(file).result();
    }

    /**
     * Reads one result file with the wrapper's other top-level fields ({@code verdict},
     * {@code baseline}, {@code matrices}, ...), so a reader of reports needs no second parser.
     *
     * @throws BaselineException as {@link #read(Path)}
     */
    public static Document readDocument(Path file) {
        JsonNode root = readTree(file);
        JsonNode result = resultNode(file, root);
        if (result == null) {
            throw new BaselineException(
                    file,
                    "not a speechload result: expected an object with \"result\""
                            + " — remove it from the results directory or re-run the test",
                    null);
        }
        ObjectNode extras = Json.mapper().createObjectNode();
        root.fields().forEachRemaining(e -> {
            if (!e.getKey().equals("result")) {
                extras.set(e.getKey(), e.getValue());
            }
        });
        return new Document(file, toResult(file, result), extras);
    }

    /**
     * A result file as read.
     *
     * @param file   where it was read from
     * @param result the run
     * @param extras the wrapper's top-level fields other than {@code result}; empty when the file holds only a run
     */
    public record Document(Path file, RunResult result, ObjectNode extras) {}

    /** The final result file of a test: {@code <resultsDir>/<stem>.json}. */
    public static Path file(Path resultsDir, String testName) {
        return resultsDir.resolve(FileNames.stem(testName) + SUFFIX);
    }

    /** The partial result file of a test: {@code <resultsDir>/<stem>.partial.json}. */
    public static Path partialFile(Path resultsDir, String testName) {
        return resultsDir.resolve(FileNames.stem(testName) + PARTIAL_SUFFIX);
    }

    /** Whether {@code file} is named as a partial result file. */
    public static boolean isPartialFile(Path file) {
        return file.getFileName().toString().endsWith(PARTIAL_SUFFIX);
    }

    /**
     * The stem of a result file's name, final or partial: {@code Foo.bar} for {@code Foo.bar.json}
     * and {@code Foo.bar.partial.json}, so a report page or a merged file can be named after it.
     */
    public static String stemOf(Path file) {
        String name = file.getFileName().toString();
        if (name.endsWith(PARTIAL_SUFFIX)) {
            return name.substring(0, name.length() - PARTIAL_SUFFIX.length());
        }
        return name.endsWith(SUFFIX) ? name.substring(0, name.length() - SUFFIX.length()) : name;
    }

    /**
     * Writes the run so far to its {@link #partialFile partial file}, atomically (readers see the
     * old or the new file, never half), creating the directory if needed.
     *
     * @return the file written
     * @throws IOException when it cannot be written
     */
    public static Path writePartial(Path resultsDir, RunResult result) throws IOException {
        Path file = partialFile(resultsDir, result.testName());
        AtomicFiles.write(file, wrap(result));
        return file;
    }

    /**
     * Writes a final result holding only the run ({@code {"result": ...}}), as {@code speechload
     * merge} does, to {@code file}, atomically, creating its directory if needed.
     *
     * @throws IOException when it cannot be written
     */
    public static Path writeFinal(Path file, RunResult result) throws IOException {
        AtomicFiles.write(file, wrap(result));
        return file;
    }

    /**
     * Writes a test's final result file holding only the run ({@code {"result": ...}}: not judged,
     * no report), then removes the test's partial file.
     *
     * @return the file written
     * @throws IOException when it cannot be written
     */
    public static Path write(Path resultsDir, RunResult result) throws IOException {
        return writeFinal(resultsDir, result.testName(), java.util.Map.of("result", result));
    }

    /**
     * Writes a test's final result file, {@code document} being the whole wrapper (a report's
     * {@code TestOutcome}, serialized by Jackson, whose {@code result} is the run), then removes the
     * test's partial file: it is superseded.
     *
     * @return the file written
     * @throws IOException              when it cannot be written
     * @throws IllegalArgumentException when {@code document} has no {@code result} object
     */
    public static Path writeFinal(Path resultsDir, String testName, Object document) throws IOException {
        JsonNode tree = Json.mapper().valueToTree(document);
        if (!tree.isObject()
                || tree.get("result") == null
                || !tree.get("result").isObject()) {
            throw new IllegalArgumentException(
                    "the result file of " + testName + " must be an object with a \"result\"");
        }
        Path file = file(resultsDir, testName);
        AtomicFiles.write(file, (Json.mapper().writeValueAsString(tree) + "\n").getBytes(StandardCharsets.UTF_8));
        Files.deleteIfExists(partialFile(resultsDir, testName));
        return file;
    }

    private static byte[] wrap(RunResult result) throws IOException {
        ObjectNode root = Json.mapper().createObjectNode();
        root.set("result", Json.mapper().valueToTree(result));
        return (Json.mapper().writeValueAsString(root) + "\n").getBytes(StandardCharsets.UTF_8);
    }

    /**
     * The result files a reader of {@code dir} reads, by file name: every {@code *.json} (hidden and
     * temporary files skipped), but of a test with both a final and a partial file only the newer
     * one: the final file when a run was killed between writing it and removing the partial one, the
     * partial file when a run of a test that had run before was killed (its final file is the older run's).
     *
     * @throws BaselineException when {@code dir} is not a directory or cannot be listed
     */
    public static List<Path> list(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new BaselineException(
                    dir,
                    "results directory does not exist — run the load tests first," + " or point to the right directory",
                    null);
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(SUFFIX))
                    .filter(p -> !p.getFileName().toString().startsWith("."))
                    .filter(Files::isRegularFile)
                    .filter(p -> !supersededBy(p, counterpart(dir, p)))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new BaselineException(dir, "cannot list directory: " + e.getMessage(), e);
        }
    }

    /** The partial file of a final one, or the final file of a partial one. */
    private static Path counterpart(Path dir, Path file) {
        return dir.resolve(stemOf(file) + (isPartialFile(file) ? SUFFIX : PARTIAL_SUFFIX));
    }

    /** Whether {@code other} (the counterpart of {@code file}) exists and counts instead; on a tie the final file counts. */
    private static boolean supersededBy(Path file, Path other) {
        try {
            if (!Files.isRegularFile(other)) {
                return false;
            }
            int newer = Files.getLastModifiedTime(other).compareTo(Files.getLastModifiedTime(file));
            return newer > 0 || (newer == 0 && isPartialFile(file));
        } catch (IOException e) {
            // Removed while we looked (the run wrote its final file): the one left counts.
            return false;
        }
    }

    /**
     * Reads every result file in {@code dir} ({@link #list}: a partial file only when its test has no
     * final one), sorted by file name. JSON files that are not results (no {@code result}, no
     * {@code testName}) are skipped with a log line, so reports may keep other JSON beside the results.
     *
     * @throws BaselineException when {@code dir} is not a directory or a result file is broken (the
     *                           first broken file; {@link #scan} reads past broken files)
     */
    public static List<Loaded> readAll(Path dir) {
        Scan scan = scan(dir);
        if (!scan.unreadable().isEmpty()) {
            Unreadable first = scan.unreadable().get(0);
            throw new BaselineException(first.file(), first.problem(), null);
        }
        return scan.loaded();
    }

    /**
     * Reads every result file in {@code dir} as {@link #readAll} does, but a broken file (truncated,
     * not JSON, a newer schema, ...) does not stop the others: it is returned as {@link Unreadable}
     * with its problem, so a command can judge the rest and still name it.
     *
     * @throws BaselineException only when {@code dir} is not a directory or cannot be listed
     */
    public static Scan scan(Path dir) {
        List<Path> files = list(dir);
        List<Loaded> loaded = new ArrayList<>();
        List<Unreadable> unreadable = new ArrayList<>();
        for (Path file : files) {
            try {
                JsonNode result = resultNode(file, readTree(file));
                if (result == null) {
                    LOG.info("{}: not a speechload result (no 'result'), skipped", file);
                    continue;
                }
                Loaded l = new Loaded(file, toResult(file, result));
                if (l.partial()) {
                    LOG.warn(
                            "{}: only a partial result of {} was found: its run was stopped before it ended,"
                                    + " so its figures cover part of the plan",
                            file,
                            l.result().testName());
                }
                loaded.add(l);
            } catch (BaselineException e) {
                unreadable.add(new Unreadable(file, e.problem()));
            }
        }
        return new Scan(loaded, unreadable);
    }

    /**
     * What {@link #scan} found.
     *
     * @param loaded     the readable results, by file name
     * @param unreadable the result files that could not be read, by file name
     */
    public record Scan(List<Loaded> loaded, List<Unreadable> unreadable) {
        public Scan {
            loaded = List.copyOf(loaded);
            unreadable = List.copyOf(unreadable);
        }

        /**
         * Only {@code testName}'s: its readable results, and an unreadable file only when it is
         * named as that test's result file (a broken file cannot say which test it held).
         */
        public Scan only(String testName) {
            String stem = FileNames.stem(testName);
            return new Scan(
                    loaded.stream()
                            .filter(l -> l.result().testName().equals(testName))
                            .toList(),
                    unreadable.stream()
                            .filter(u -> stemOf(u.file()).equals(stem))
                            .toList());
        }
    }

    /**
     * A file that could not be read.
     *
     * @param file    the file
     * @param problem what is wrong and what to do, without the file name
     */
    public record Unreadable(Path file, String problem) {
        /** "results/Foo.bar.json: not valid JSON ... — fix or delete the file, or re-run the test". */
        public String message() {
            return file + ": " + problem;
        }
    }

    /** A result and the file it came from. */
    public record Loaded(Path file, RunResult result) {
        /** Whether it was read from a partial file: its run was still going or was stopped before it ended. */
        public boolean partial() {
            return isPartialFile(file);
        }
    }

    private static JsonNode readTree(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new BaselineException(file, "file does not exist", e);
        } catch (IOException e) {
            throw new BaselineException(file, "cannot read: " + e.getMessage(), e);
        }
        try {
            JsonNode root = Json.mapper().readTree(bytes);
            if (root == null || root.isMissingNode()) {
                throw new BaselineException(file, "file is empty — delete it or re-run the test", null);
            }
            return root;
        } catch (JsonProcessingException e) {
            throw new BaselineException(
                    file, JsonProblems.describe(e) + " — fix or delete the file, or re-run the test", e);
        } catch (IOException e) {
            throw new BaselineException(file, "cannot read: " + e.getMessage(), e);
        }
    }

    /** The {@code result} object, or null when {@code root} is not a result file at all. */
    private static JsonNode resultNode(Path file, JsonNode root) {
        if (!root.isObject()) {
            return null;
        }
        if (root.get("result") != null && root.get("result").isObject()) {
            return root.get("result");
        }
        if (root.has("testName")) {
            throw new BaselineException(
                    file,
                    "holds a bare run result, the format earlier speechload versions wrote;"
                            + " result files now hold {\"result\": {...}} beside the verdict — re-run the test, or wrap the"
                            + " run: jq '{result: .}' OLD.json > NEW.json",
                    null);
        }
        return null;
    }

    private static RunResult toResult(Path file, JsonNode node) {
        JsonNode version = node.get("schemaVersion");
        if (version != null && version.canConvertToInt() && version.asInt() > RunResult.SCHEMA_VERSION) {
            throw new BaselineException(
                    file,
                    "schemaVersion " + version.asInt() + " is newer than this speechload reads ("
                            + RunResult.SCHEMA_VERSION + ") — upgrade speechload",
                    null);
        }
        ObjectMapper mapper = Json.mapper();
        try {
            return mapper.treeToValue(node, RunResult.class);
        } catch (JsonProcessingException e) {
            throw new BaselineException(
                    file, JsonProblems.describe(e) + " — fix or delete the file, or re-run the test", e);
        } catch (IllegalArgumentException e) {
            throw new BaselineException(file, "invalid content: " + e.getMessage(), e);
        }
    }
}
