package dev.speechload.core.report;

import java.util.Objects;

/**
 * The test's baseline file exists but could not be read, so the run was not judged: the page
 * says so and names the file, instead of reading as a test that simply has no baseline.
 *
 * @param file    the baseline file, as the run named it (e.g. {@code baselines/Foo.bar.json}); not null
 * @param problem what is wrong with it and what to do, e.g. "not valid JSON at line 3, column 5: ...
 *                — fix or delete the file, or re-record it with the baseline update command"; not null
 */
public record BaselineProblem(String file, String problem) {

    public BaselineProblem {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(problem, "problem");
    }

    /** "baselines/Foo.bar.json is unreadable: not valid JSON ... — fix or delete the file, ...". */
    public String sentence() {
        return file + " is unreadable: " + problem;
    }
}
