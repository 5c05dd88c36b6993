package dev.speechload.core.config;

import java.util.Locale;

/**
 * How big a load test runs: {@link #SMOKE} (seconds, for every CI build) or {@link #FULL} (the
 * plan exactly as declared, for the load workflow). Chosen with {@code loadtest.scale}.
 */
public enum Scale {
    /** The declared plan scaled down by its smoke factor (or its explicit smoke values). */
    SMOKE,
    /** The declared plan as is. */
    FULL;

    /** Lower-case name as used in settings and results: "smoke" or "full". */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
