package dev.speechload.core.junit.internal;

import dev.speechload.core.io.AtomicFiles;
import dev.speechload.core.io.Json;
import dev.speechload.core.result.RunResult;
import java.io.IOException;
import java.nio.file.Path;

/** Writes {@code <dir>/<testName>.json} atomically: readers see the old or the new file, never half. Not API. */
public final class ResultFiles {

    private ResultFiles() {
    }

    /** The result file of a test. */
    public static Path file(Path resultsDir, String testName) {
        return resultsDir.resolve(testName + ".json");
    }

    /** Writes {@code result} to its file; returns the file. */
    public static Path write(Path resultsDir, RunResult result) throws IOException {
        Path file = file(resultsDir, result.testName());
        AtomicFiles.write(file, Json.mapper().writeValueAsBytes(result));
        return file;
    }
}
