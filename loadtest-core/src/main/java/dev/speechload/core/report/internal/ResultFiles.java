package dev.speechload.core.report.internal;

import java.io.IOException;
import java.nio.file.Path;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.speechload.core.io.Json;
import dev.speechload.core.report.TestOutcome;
import dev.speechload.core.result.RunResult;

/**
 * Reads result files in either shape: the report's {@code {"result": ..., "verdict": ...}}
 * wrapper, or a bare {@link RunResult} as the engine writes it while a run is going. Names files
 * after tests. Stateless and thread-safe.
 */
public final class ResultFiles {

    private ResultFiles() {
    }

    /**
     * @throws IOException              when the file cannot be read
     * @throws IllegalArgumentException naming the file when it is not JSON of either shape
     */
    public static TestOutcome read(Path file) throws IOException {
        ObjectMapper mapper = Json.mapper();
        JsonNode root;
        try {
            root = mapper.readTree(file.toFile());
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(file + " is not valid JSON: " + e.getOriginalMessage(), e);
        }
        try {
            if (root != null && root.isObject() && root.get("result") != null && root.get("result").isObject()) {
                return mapper.treeToValue(root, TestOutcome.class);
            }
            if (root != null && root.isObject() && root.hasNonNull("testName")) {
                return new TestOutcome(mapper.treeToValue(root, RunResult.class), null, null);
            }
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(file + " is not a speechload result: " + e.getOriginalMessage(), e);
        } catch (IllegalArgumentException | NullPointerException e) {
            // Record constructors reject impossible values (percentiles out of order, missing plan).
            throw new IllegalArgumentException(file + " holds an invalid speechload result: " + e.getMessage(), e);
        }
        throw new IllegalArgumentException(file + " is not a speechload result: expected an object with"
                + " \"result\" (a report) or \"testName\" (a bare run result)");
    }

    /**
     * The file name stem for a test: letters, digits, '.', '_' and '-' kept, anything else
     * (slashes, spaces, angle brackets) replaced by '_', so a name can never leave the results
     * directory or need escaping in a link. At most 200 characters; never starts with '.'.
     */
    public static String stem(String testName) {
        if (testName == null || testName.isEmpty()) {
            return "_";
        }
        StringBuilder out = new StringBuilder(Math.min(testName.length(), 200));
        for (int i = 0; i < testName.length() && out.length() < 200; i++) {
            char c = testName.charAt(i);
            boolean safe = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                    || c == '.' || c == '_' || c == '-';
            out.append(safe ? c : '_');
        }
        if (out.charAt(0) == '.') {
            out.setCharAt(0, '_');
        }
        return out.toString();
    }
}
