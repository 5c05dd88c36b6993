package dev.speechload.core.config;

import java.util.Locale;

/** Which kind of server under test a run uses, chosen with {@code loadtest.target}. */
public enum TargetKind {
    /** A local process started by the test (the usual default of a test class). */
    PROCESS,
    /** A Testcontainers container; tests are skipped when Docker is absent. */
    CONTAINER,
    /** A server that is already running at {@code loadtest.external.grpc/http}. */
    EXTERNAL;

    /** Lower-case name as used in settings and results: "process", "container", "external". */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
