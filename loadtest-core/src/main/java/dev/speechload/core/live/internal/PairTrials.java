package dev.speechload.core.live.internal;

import dev.speechload.core.compare.PairTrial;
import java.util.ArrayList;
import java.util.List;

/**
 * The finished trials of one test's A/B comparison, in the order they ended. Immutable: a trial
 * that ends makes a new one ({@link #with}).
 */
record PairTrials(String testName, List<FinishedPairTrial> finished) {

    PairTrials {
        finished = List.copyOf(finished);
    }

    PairTrials with(FinishedPairTrial trial) {
        List<FinishedPairTrial> more = new ArrayList<>(finished);
        more.add(trial);
        return new PairTrials(testName, more);
    }

    /** The finished trial of {@code pair} on {@code side}; null when it has not ended. */
    FinishedPairTrial of(int pair, PairTrial.Side side) {
        for (FinishedPairTrial t : finished) {
            if (t.trial().pair() == pair && t.trial().side() == side) {
                return t;
            }
        }
        return null;
    }
}
