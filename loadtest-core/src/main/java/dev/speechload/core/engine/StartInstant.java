package dev.speechload.core.engine;

import java.time.Duration;
import java.time.Instant;

/**
 * The checks on a requested ramp start ({@code loadtest.startAt}). A start far ahead is more
 * likely a typo than a plan (and would hold a CI runner idle); one well in the past means this
 * generator came late and would not start with the others, which is what the setting is for.
 */
public final class StartInstant {

    /** The furthest ahead a start may be. */
    public static final Duration MAX_AHEAD = Duration.ofMinutes(10);
    /** How long past a start may be and still run (at once): a slow JVM start or set-up. */
    public static final Duration MAX_LATE = Duration.ofSeconds(5);

    private StartInstant() {}

    /**
     * @return {@code startAt} in epoch milliseconds
     * @throws IllegalArgumentException naming the instant, how far it is, and what to do
     */
    public static long check(Instant startAt, long nowEpochMillis) {
        long at = startAt.toEpochMilli();
        long ahead = at - nowEpochMillis;
        if (ahead > MAX_AHEAD.toMillis()) {
            throw new IllegalArgumentException("loadtest.startAt=" + startAt + " is " + seconds(ahead)
                    + " ahead, more than the " + MAX_AHEAD.toMinutes() + " minutes allowed: set an instant shortly"
                    + " after every generator will have started (e.g. now + 1 minute)");
        }
        if (-ahead > MAX_LATE.toMillis()) {
            throw new IllegalArgumentException("loadtest.startAt=" + startAt + " passed " + seconds(-ahead)
                    + " ago (more than " + MAX_LATE.toSeconds() + " s): this generator would not start with the"
                    + " others; set a later instant, far enough ahead for every generator to start");
        }
        return at;
    }

    private static String seconds(long millis) {
        return String.format(java.util.Locale.ROOT, "%.1f s", millis / 1000.0);
    }
}
