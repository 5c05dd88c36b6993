package dev.speechload.core.target.internal;

import java.nio.file.Path;

/**
 * Where server logs go when a target is not told: {@code <loadtest.resultsDir>/logs}, else
 * {@code <loadtest.root>/results/logs} (surefire sets {@code loadtest.root} to the multi-module
 * root, so every module logs to the same place), else {@code results/logs} under the working
 * directory. Environment variables {@code LOADTEST_RESULTS_DIR} and {@code LOADTEST_ROOT} count
 * when the properties are unset.
 */
final class DefaultDirs {

    private DefaultDirs() {}

    static Path logDir() {
        String results = setting("loadtest.resultsDir", "LOADTEST_RESULTS_DIR");
        if (results != null) {
            return Path.of(results).resolve("logs");
        }
        String root = setting("loadtest.root", "LOADTEST_ROOT");
        return (root != null ? Path.of(root) : Path.of(""))
                .resolve("results")
                .resolve("logs")
                .toAbsolutePath();
    }

    static String setting(String property, String env) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank()) {
            value = System.getenv(env);
        }
        return value == null || value.isBlank() ? null : value;
    }
}
