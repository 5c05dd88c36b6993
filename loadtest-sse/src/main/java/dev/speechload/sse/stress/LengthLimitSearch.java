package dev.speechload.sse.stress;

import dev.speechload.sse.StreamOutcome;
import dev.speechload.sse.corpus.StressCorpus;
import java.util.function.BooleanSupplier;

/**
 * Finds the text length limit by bisection on prefixes of one long text: first the longest
 * length, then one character, then halves the interval between a length that worked and one
 * that failed. A length works only when every one of its tries worked. A crash while probing
 * counts as a failure of that length (the server is restarted by the {@link CrashGuard}).
 * Single use, from one thread. Not API.
 */
final class LengthLimitSearch {

    /** One try of one length. */
    @FunctionalInterface
    interface Attempt {
        /** True when a text of {@code chars} code points worked. */
        boolean works(int chars) throws InterruptedException;
    }

    private LengthLimitSearch() {}

    /**
     * Searches the limit against the server behind {@code guard}, with prefixes of
     * {@link StressCorpus#longText}{@code (maxChars, seed)}.
     */
    static LengthLimit run(StressConfig config, CrashGuard guard) throws InterruptedException {
        String text = StressCorpus.longText(config.limitMaxChars, config.seed);
        int textChars = text.codePointCount(0, text.length());
        try (StressStreams streams = new StressStreams(
                config.scenario((channel, chars) ->
                        text.substring(0, text.offsetByCodePoints(0, (int) Math.min(chars, textChars)))),
                1,
                guard)) {
            return bisect(
                    chars -> {
                        int sentIn = guard.generation();
                        StreamOutcome o = streams.stream(0, chars);
                        guard.isCrash(o, sentIn); // restarts a crashed server; the length failed either way
                        return o.ok();
                    },
                    config.limitMaxChars,
                    config.limitProbes,
                    config.limitRepeats,
                    () -> guard.aborted() != null);
        }
    }

    /**
     * The bisection itself, on any attempt.
     *
     * @param attempt   one try of one length
     * @param maxChars  the longest length tried, &gt;= 2
     * @param maxProbes budget: at most {@code maxProbes * repeats} tries in all, &gt;= 2
     * @param repeats   tries per length, &gt;= 1 (the first failure ends a length's tries)
     * @param stop      checked between lengths: true ends the search with the bracket so far
     */
    static LengthLimit bisect(Attempt attempt, int maxChars, int maxProbes, int repeats, BooleanSupplier stop)
            throws InterruptedException {
        int[] tries = {0};
        if (works(attempt, maxChars, repeats, tries)) {
            return new LengthLimit(maxChars, -1, false, tries[0], maxChars);
        }
        if (!works(attempt, 1, repeats, tries)) {
            return new LengthLimit(0, 1, true, tries[0], maxChars);
        }
        int lo = 1;
        int hi = maxChars;
        while (hi - lo > 1 && tries[0] < maxProbes * repeats && !stop.getAsBoolean()) {
            int mid = lo + (hi - lo) / 2;
            if (works(attempt, mid, repeats, tries)) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return new LengthLimit(lo, hi, hi - lo == 1, tries[0], maxChars);
    }

    private static boolean works(Attempt attempt, int chars, int repeats, int[] tries) throws InterruptedException {
        for (int r = 0; r < repeats; r++) {
            tries[0]++;
            if (!attempt.works(chars)) {
                return false;
            }
        }
        return true;
    }
}
