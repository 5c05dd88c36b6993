package dev.speechload.core.baseline;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.speechload.core.io.AtomicFiles;
import dev.speechload.core.io.FileNames;
import dev.speechload.core.io.Json;
import dev.speechload.core.result.RunResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The one place that reads and writes {@code results/<stem>.json} files ({@code <stem>} is
 * {@link FileNames#stem} of the test name). A file holds either a bare {@link RunResult} (as the
 * engine writes it during and right after a run) or the report's wrapper
 * {@code {"result": {...}, "verdict": {...}, ...}}; both are read (the wrapper is recognised by
 * its top-level {@code result} object). Unknown fields are ignored. Thread-safe.
 */
public final class ResultFiles {

    private static final Logger LOG = LoggerFactory.getLogger(ResultFiles.class);

    private ResultFiles() {
    }

    /**
     * Reads one result file.
     *
     * @throws BaselineException when the file is missing, unreadable, not JSON, not a result, or
     *                           written by a newer speechload; the message names the file
     */
    public static RunResult read(Path file) {
        return readDocument(file).result();
    }

    /**
     * Reads one result file with the report wrapper's other top-level fields ({@code verdict},
     * {@code baseline}, {@code matrices}, ...), so a reader of reports needs no second parser.
     *
     * @throws BaselineException as {@link #read(Path)}
     */
    public static Document readDocument(Path file) {
        JsonNode root = readTree(file);
        JsonNode result = resultNode(root);
        if (result == null) {
            throw new BaselineException(file, "not a speechload result: expected an object with \"result\""
                    + " (a report) or \"testName\" (a bare run result) — remove it from the results directory"
                    + " or re-run the test", null);
        }
        ObjectNode extras = Json.mapper().createObjectNode();
        if (result != root) {
            root.fields().forEachRemaining(e -> {
                if (!e.getKey().equals("result")) {
                    extras.set(e.getKey(), e.getValue());
                }
            });
        }
        return new Document(file, toResult(file, result), extras);
    }

    /**
     * A result file as read.
     *
     * @param file   where it was read from
     * @param result the run
     * @param extras the wrapper's top-level fields other than {@code result}; empty for a bare run result
     */
    public record Document(Path file, RunResult result, ObjectNode extras) {
    }

    /** The result file of a test: {@code <resultsDir>/<stem>.json}. */
    public static Path file(Path resultsDir, String testName) {
        return resultsDir.resolve(FileNames.stem(testName) + ".json");
    }

    /**
     * Writes {@code result} as a bare run result to {@link #file its file}, atomically (readers see
     * the old or the new file, never half), creating the directory if needed.
     *
     * @return the file written
     * @throws IOException when it cannot be written
     */
    public static Path write(Path resultsDir, RunResult result) throws IOException {
        Path file = file(resultsDir, result.testName());
        AtomicFiles.write(file, Json.mapper().writeValueAsBytes(result));
        return file;
    }

    /**
     * Reads every result file in {@code dir} ({@code *.json}, hidden and temporary files skipped),
     * sorted by file name. JSON files that are not results (no {@code testName}) are skipped with a
     * log line, so reports may keep other JSON beside the results.
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
        if (!Files.isDirectory(dir)) {
            throw new BaselineException(dir, "results directory does not exist — run the load tests first,"
                    + " or point to the right directory", null);
        }
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> p.getFileName().toString().endsWith(".json"))
                    .filter(p -> !p.getFileName().toString().startsWith("."))
                    .filter(Files::isRegularFile)
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new BaselineException(dir, "cannot list directory: " + e.getMessage(), e);
        }
        List<Loaded> loaded = new ArrayList<>();
        List<Unreadable> unreadable = new ArrayList<>();
        for (Path file : files) {
            try {
                JsonNode result = resultNode(readTree(file));
                if (result == null) {
                    LOG.info("{}: not a speechload result (no 'testName'), skipped", file);
                    continue;
                }
                loaded.add(new Loaded(file, toResult(file, result)));
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
            Path name = file(Path.of(""), testName).getFileName();
            return new Scan(loaded.stream().filter(l -> l.result().testName().equals(testName)).toList(),
                    unreadable.stream().filter(u -> u.file().getFileName().equals(name)).toList());
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
            throw new BaselineException(file, JsonProblems.describe(e) + " — fix or delete the file, or re-run the test", e);
        } catch (IOException e) {
            throw new BaselineException(file, "cannot read: " + e.getMessage(), e);
        }
    }

    private static JsonNode resultNode(JsonNode root) {
        if (!root.isObject()) {
            return null;
        }
        if (root.get("result") != null && root.get("result").isObject()) {
            return root.get("result");
        }
        return root.has("testName") ? root : null;
    }

    private static RunResult toResult(Path file, JsonNode node) {
        JsonNode version = node.get("schemaVersion");
        if (version != null && version.canConvertToInt() && version.asInt() > RunResult.SCHEMA_VERSION) {
            throw new BaselineException(file, "schemaVersion " + version.asInt() + " is newer than this speechload reads ("
                    + RunResult.SCHEMA_VERSION + ") — upgrade speechload", null);
        }
        ObjectMapper mapper = Json.mapper();
        try {
            return mapper.treeToValue(node, RunResult.class);
        } catch (JsonProcessingException e) {
            throw new BaselineException(file, JsonProblems.describe(e) + " — fix or delete the file, or re-run the test", e);
        } catch (IllegalArgumentException e) {
            throw new BaselineException(file, "invalid content: " + e.getMessage(), e);
        }
    }
}
