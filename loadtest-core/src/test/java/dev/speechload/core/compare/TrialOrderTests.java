package dev.speechload.core.compare;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The randomized block order of A/B pairs")
class TrialOrderTests {

    @Test
    void everyBlockOfTwoPairsRunsAFirstOnceAndBFirstOnce() {
        for (long seed = 0; seed < 50; seed++) {
            List<String> order = TrialOrder.draw(8, seed);
            assertThat(order).hasSize(8);
            for (int i = 0; i < 8; i += 2) {
                assertThat(Set.of(order.get(i), order.get(i + 1)))
                        .as("block " + i / 2 + " of " + order)
                        .containsExactlyInAnyOrder("AB", "BA");
            }
        }
    }

    @Test
    void theSameSeedRepeatsTheOrderAndSeedsDiffer() {
        assertThat(TrialOrder.draw(10, 42)).isEqualTo(TrialOrder.draw(10, 42));
        Set<List<String>> seen = new HashSet<>();
        for (long seed = 0; seed < 40; seed++) {
            seen.add(TrialOrder.draw(8, seed));
        }
        // 16 possible orders of 4 blocks: 40 seeds must find most of them, not one fixed pattern.
        assertThat(seen.size()).isGreaterThan(8);
    }

    @Test
    void anOddLastPairIsDrawnToo() {
        Set<String> last = new HashSet<>();
        for (long seed = 0; seed < 40; seed++) {
            List<String> order = TrialOrder.draw(7, seed);
            assertThat(order).hasSize(7).allMatch(o -> o.equals("AB") || o.equals("BA"));
            last.add(order.get(6));
        }
        assertThat(last).containsExactlyInAnyOrder("AB", "BA");
    }

    @Test
    void noPairsIsRefused() {
        assertThatThrownBy(() -> TrialOrder.draw(0, 1)).hasMessageContaining("at least one pair");
    }
}
