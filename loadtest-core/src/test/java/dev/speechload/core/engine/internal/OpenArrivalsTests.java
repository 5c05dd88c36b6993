package dev.speechload.core.engine.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The open model's arrivals, at offsets of the test's choosing. */
class OpenArrivalsTests {

    private static final long MS = 1_000_000L;

    @Test
    void arrivalsOverdueByMoreThanOneSampleIntervalAndNotStartedAreMissed() {
        OpenArrivals arrivals = new OpenArrivals(new ArrivalSchedule(100, 1, 0), 0, 0, 100 * MS);
        for (int i = 0; i < 50; i++) {
            arrivals.claim();
            arrivals.started();
        }
        // At 1 s, 90 arrivals were due more than 100 ms ago; 50 started.
        assertThat(arrivals.missed(1000 * MS)).isEqualTo(40);
        // Those due within the last interval are waiting, not missed.
        assertThat(arrivals.missed(600 * MS)).isZero();
        assertThat(arrivals.missed(50 * MS)).isZero();
    }

    @Test
    void warmUpIsTheFirstArrivalsOrThoseDueBeforeTheWarmUpTime() {
        OpenArrivals byCount = new OpenArrivals(new ArrivalSchedule(100, 1, 0), 3, 0, 100 * MS);
        assertThat(byCount.warmup(2, byCount.offsetNanos(2))).isTrue();
        assertThat(byCount.warmup(3, byCount.offsetNanos(3))).isFalse();
        OpenArrivals byTime = new OpenArrivals(new ArrivalSchedule(100, 1, 0), 0, 200 * MS, 100 * MS);
        assertThat(byTime.warmup(19, byTime.offsetNanos(19))).isTrue();
        assertThat(byTime.warmup(20, byTime.offsetNanos(20))).isFalse();
    }

    @Test
    void everyArrivalIsHandedOutOnceToConcurrentWorkers() {
        OpenArrivals arrivals = new OpenArrivals(new ArrivalSchedule(1000, 1, 0), 0, 0, 100 * MS);
        Set<Long> claimed = ConcurrentHashMap.newKeySet();
        IntStream.range(0, 8).parallel().forEach(w -> {
            for (int i = 0; i < 10_000; i++) {
                assertThat(claimed.add(arrivals.claim())).isTrue();
            }
        });
        Set<Long> expected = new HashSet<>();
        for (long k = 0; k < 80_000; k++) {
            expected.add(k);
        }
        assertThat(claimed).isEqualTo(expected);
        assertThat(arrivals.next()).isEqualTo(80_000);
    }
}
