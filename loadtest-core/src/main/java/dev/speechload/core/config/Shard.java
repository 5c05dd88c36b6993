package dev.speechload.core.config;

/**
 * Which part of a plan this load generator runs when several generators share one plan:
 * shard {@code index} of {@code count} (0-based, so {@code 0/3}, {@code 1/3}, {@code 2/3}).
 * Set by {@code loadtest.shard=i/n}, or in a Kubernetes Indexed Job by its
 * {@code JOB_COMPLETION_INDEX} with {@code loadtest.shards=n}.
 *
 * @param index 0-based, below {@code count}
 * @param count shards in all, >= 1
 */
public record Shard(int index, int count) {

    /** The most shards one plan splits into. */
    public static final int MAX_COUNT = 1000;

    public Shard {
        if (count < 1 || count > MAX_COUNT || index < 0 || index >= count) {
            throw new IllegalArgumentException("shard " + index + "/" + count + ": expected i/n with n from 1 to "
                    + MAX_COUNT + " and i from 0 to n-1");
        }
    }

    /**
     * Parses {@code i/n}.
     *
     * @throws IllegalArgumentException naming the text and the expected form
     */
    public static Shard parse(String text) {
        String t = text.trim();
        int slash = t.indexOf('/');
        try {
            if (slash > 0) {
                return new Shard(
                        Integer.parseInt(t.substring(0, slash).trim()),
                        Integer.parseInt(t.substring(slash + 1).trim()));
            }
        } catch (IllegalArgumentException e) {
            // reported below, with the expected form
        }
        throw new IllegalArgumentException("expected i/n, the 0-based shard index and the number of shards"
                + " (0/3, 1/3, 2/3), with n from 1 to " + MAX_COUNT);
    }

    /** Whether this is the shard that reads the server's resources (one reader is enough, and reads cost). */
    public boolean samplesServer() {
        return index == 0;
    }

    @Override
    public String toString() {
        return index + "/" + count;
    }
}
