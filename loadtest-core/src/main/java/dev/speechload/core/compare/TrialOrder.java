package dev.speechload.core.compare;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The order of A and B within each pair of an A/B comparison: randomized blocks of two pairs,
 * each block {@code AB BA} or {@code BA AB} at random (an odd last pair is {@code AB} or
 * {@code BA} at random). Blocks keep the two orders balanced, so a drift in the machine over the
 * run (a slow warm-up, a neighbour that starts) hits A first as often as B first; the randomness
 * keeps a periodic disturbance from lining up with one build. Pure.
 */
final class TrialOrder {

    /** A runs first in the pair. */
    public static final String AB = "AB";
    /** B runs first in the pair. */
    public static final String BA = "BA";

    private TrialOrder() {}

    /**
     * @param pairs at least 1
     * @param seed  the same seed gives the same order
     * @return one entry per pair, {@link #AB} or {@link #BA}
     */
    public static List<String> draw(int pairs, long seed) {
        if (pairs < 1) {
            throw new IllegalArgumentException("an A/B comparison needs at least one pair, was " + pairs);
        }
        SplittableRandom random = new SplittableRandom(seed);
        List<String> order = new ArrayList<>(pairs);
        while (order.size() < pairs) {
            boolean abFirst = random.nextBoolean();
            order.add(abFirst ? AB : BA);
            if (order.size() < pairs) {
                order.add(abFirst ? BA : AB);
            }
        }
        return List.copyOf(order);
    }
}
