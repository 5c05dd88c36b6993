package dev.speechload.core.config;

/** What {@code loadtest.history} asks of the run history. */
public enum HistoryMode {
    /** Append every judged run; a history that cannot be written is logged and the test goes on. */
    ON,
    /** Keep no history. */
    OFF,
    /** Append every judged run; a history that cannot be written fails the test (its files are written first). */
    REQUIRED
}
