package dev.speechload.core.report.internal;

/** The few colours of the report, chosen to stay apart for common colour blindness. */
public final class Palette {
    /** This run. */
    public static final String CURRENT = "#1f6fb4";
    /** A second series of this run in the same chart. */
    public static final String SECOND = "#d9730d";
    /** The baseline run. */
    public static final String BASELINE = "#6b6b6b";
    /** Fitted lines (memory slope). */
    public static final String FIT = "#b3261e";
    /** Markers and grid. */
    public static final String MARKER = "#9a9a9a";
    /**
     * The reference build (A) of an A/B comparison: orange beside B's blue, the pair that stays
     * apart for every common colour blindness; A's lines are also dashed, as references are.
     */
    public static final String BUILD_A = SECOND;
    /** The candidate build (B) of an A/B comparison: the page's own run. */
    public static final String BUILD_B = CURRENT;
    /** Points left out of a statistic (drawn hollow as well, so grey is not the only cue). */
    public static final String LEFT_OUT = "#8a8a8a";

    private Palette() {}
}
