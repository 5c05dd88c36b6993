package dev.speechload.sse.stress;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LengthLimitSearchTests {

    private static LengthLimit limitAt(int limit, int maxChars, int maxProbes) throws InterruptedException {
        return LengthLimitSearch.bisect(chars -> chars <= limit, maxChars, maxProbes, 1, () -> false);
    }

    @Test
    void findsEveryLimitExactlyWithinTheProbeBudget() throws InterruptedException {
        for (int limit = 1; limit < 1000; limit++) {
            LengthLimit found = limitAt(limit, 1000, 20);
            assertThat(found)
                    .as("limit %d", limit)
                    .isEqualTo(new LengthLimit(limit, limit + 1, true, found.probes(), 1000));
            assertThat(found.probes()).isLessThanOrEqualTo(20);
        }
    }

    @Test
    void reportsNoFailureWhenTheLongestLengthWorksAndZeroWhenOneCharacterFails() throws InterruptedException {
        assertThat(limitAt(5000, 1000, 20)).isEqualTo(new LengthLimit(1000, -1, false, 1, 1000));
        assertThat(limitAt(0, 1000, 20)).isEqualTo(new LengthLimit(0, 1, true, 2, 1000));
    }

    @Test
    void triesTheLongestLengthThenOneCharacterThenHalves() throws InterruptedException {
        List<Integer> tried = new ArrayList<>();
        LengthLimitSearch.bisect(
                chars -> {
                    tried.add(chars);
                    return chars <= 300;
                },
                1000,
                5,
                1,
                () -> false);
        assertThat(tried).containsExactly(1000, 1, 500, 250, 375);
    }

    @Test
    void callsALengthWorkingOnlyWhenEveryTryWorked() throws InterruptedException {
        int[] calls = {0};
        // Flaky above 100: every second try of a length fails.
        LengthLimit found =
                LengthLimitSearch.bisect(chars -> chars <= 100 || calls[0]++ % 2 == 0, 1000, 20, 2, () -> false);
        assertThat(found.maxCharsOk()).isEqualTo(100);
        assertThat(found.minCharsFail()).isEqualTo(101);
    }

    @Test
    void stopsWithTheBracketSoFarWhenAsked() throws InterruptedException {
        LengthLimit found = LengthLimitSearch.bisect(chars -> chars <= 137, 1000, 20, 1, () -> true);
        assertThat(found).isEqualTo(new LengthLimit(1, 1000, false, 2, 1000));
    }
}
